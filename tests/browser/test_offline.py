"""The folder build, unzipped and opened from file:// as a cadre opens it from a USB stick."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page

from scripts.build_offline import FOLDER, package
from tests.browser.browser import DESKTOP, Watch, click_link_to, navigate, search
from tests.browser.site import BuiltSite, build_site


@pytest.fixture(scope="session")
def offline_zip(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip a maintainer hands out, built from mkdocs.offline.yml."""
    out = tmp_path_factory.mktemp("offline")
    site_dir = build_site(project, "mkdocs.offline.yml", site_dir=out / "site")
    return package(site_dir, out / "kb-offline.zip")


@pytest.fixture(scope="session")
def offline_site(offline_zip: Path, project: Path) -> BuiltSite:
    """The zip unpacked into a fresh folder, addressed with file:// URLs."""
    dest = offline_zip.parent / "unzipped"
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    root = dest / FOLDER
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    return BuiltSite(root, root.as_uri() + "/", site_url, directory_urls=False)


@pytest.fixture
def offline_page(browser, offline_site: BuiltSite) -> Iterator[Page]:
    """A page that may load file:// only; any other request or console error fails the test."""
    context: BrowserContext = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    watch = Watch("file://")
    page = context.new_page()
    watch.attach(page)
    yield page
    problems = watch.problems()
    context.close()
    assert not problems, "离线版读者会遇到的问题：\n" + "\n".join(problems)


def test_zip_holds_the_site_and_instructions(offline_zip: Path) -> None:
    names = zipfile.ZipFile(offline_zip).namelist()
    assert "README.txt" in names, "离线包里没有使用说明 README.txt"
    assert f"{FOLDER}/index.html" in names, f"离线包里没有 {FOLDER}/index.html，解压后无从打开"
    assert all(n.isascii() for n in names), "离线包中有非 ASCII 文件名，中文 Windows 解压后会乱码"


def test_offline_home_loads_from_the_folder(offline_page: Page, offline_site: BuiltSite) -> None:
    offline_page.goto(offline_site.url())
    assert "乡镇班子建设知识库" in offline_page.title(), "离线版首页打不开或标题不对"
    assert offline_page.locator("article h1").first.is_visible(), "离线版首页没有正文"


def test_offline_navigation_reaches_a_report(offline_page: Page, offline_site: BuiltSite) -> None:
    theme = min(p.name for p in (offline_site.root / "themes").glob("*.html") if p.name != "index.html")
    navigate(offline_page, offline_site, f"themes/{theme}", via="themes/")
    report = offline_page.evaluate("() => document.querySelector('article a[href*=\"#p-\"]').href.split('#')[0]")
    assert report.endswith(".html"), f"离线版中的段落链接 {report} 不指向 .html 文件，双击打开时会显示文件夹"
    click_link_to(offline_page, offline_site, report[len(offline_site.base_url):])
    assert offline_page.locator("h1#report-title").is_visible(), "离线版报告页没有显示报告标题"


def test_offline_search_finds_passages(offline_page: Page, offline_site: BuiltSite) -> None:
    offline_page.goto(offline_site.url())
    results = search(offline_page, "廉政")
    assert results, "离线版中搜索“廉政”没有结果（搜索在 file:// 下不工作）"
    assert "廉政" in results[0], f"离线版搜索“廉政”排第一的结果不含该词：{results[0][:120]}"


def test_offline_search_opens_from_q_and_leads_to_the_passage(offline_page: Page, offline_site: BuiltSite) -> None:
    offline_page.goto(offline_site.url() + "?q=三会一课")
    offline_page.wait_for_selector("[data-kb-complete='三会一课']", state="attached", timeout=10_000)
    links = offline_page.locator(".md-search-result__item:not(.kb-search-page) a[href]")
    assert links.count() > 0, "离线版打开 ?q=三会一课 没有结果"
    href = links.first.get_attribute("href") or ""
    assert href.startswith("file://") and ".html#p-" in href, f"离线版结果链接 {href} 不指向 .html 文件中的段落"
    with offline_page.expect_navigation():
        links.first.click()
    assert offline_page.locator(f"[id='{href.split('#')[1]}']").is_visible(), "离线版点击结果后没有显示该段落"


def test_every_offline_page_makes_no_outside_request(browser, offline_site: BuiltSite) -> None:
    context = browser.new_context(viewport=DESKTOP)
    watch = Watch("file://")
    page = context.new_page()
    watch.attach(page)
    pages = offline_site.pages()
    for path in pages:
        page.goto(offline_site.url(path))
    context.close()
    problems = watch.problems()
    assert not problems, f"离线版 {len(pages)} 个页面中读者会遇到的问题：\n" + "\n".join(problems)


def test_zip_readme_opens_in_old_notepad_and_zip_leaves_out_unused_files(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        readme = zf.read("README.txt")
        names = zf.namelist()
    # Notepad before Windows 10 1903 reads BOM-less UTF-8 as GBK and shows LF-only text on one line.
    assert readme.startswith(b"\xef\xbb\xbf"), "README.txt 没有 UTF-8 BOM，旧版记事本打开是乱码"
    assert b"\n" not in readme.replace(b"\r\n", b""), "README.txt 的换行不是 CRLF，旧版记事本里挤成一行"
    unused = [n for n in names if n.endswith(".map") or "/assets/javascripts/lunr/" in n or "/assets/javascripts/workers/" in n]
    assert not unused, f"离线包里有网站用不到的文件（源码映射、Material 的 lunr 搜索）：{unused[:3]}"
