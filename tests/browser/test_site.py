"""A reader's tour of the served site in Chromium: pages, navigation, search, links, copying."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser import Watch, click_link_to, links_to, navigate, search
from tests.browser.site import BuiltSite

SITE_NAME = "乡镇班子建设知识库"


def test_home_page_loads(page: Page, site: BuiltSite) -> None:
    response = page.goto(site.url())
    assert response is not None and response.ok, f"首页打不开：HTTP {response and response.status}"
    assert SITE_NAME in page.title(), f"首页标题是“{page.title()}”，不含站点名称"
    assert page.locator("article h1").first.is_visible(), "首页正文没有显示标题"


def test_navigation_reaches_the_catalogue(page: Page, site: BuiltSite) -> None:
    assert site.has("reports/index.html"), "没有生成报告目录页 reports/"
    page.goto(site.url())
    click_link_to(page, site, "reports/")
    reports = {p["url"].split("#")[0] for p in site.passages()}
    missing = [r for r in sorted(reports) if not links_to(page, site.url(r))]
    assert not missing, f"报告目录没有列出这些报告：{missing}"


def test_navigation_reaches_a_report(page: Page, site: BuiltSite) -> None:
    report = site.passages()[0]["url"].split("#")[0]
    if site.has("reports/index.html"):
        navigate(page, site, report, via="reports/")
    else:  # until the catalogue lands, readers reach reports through a theme page
        theme = sorted((site.root / "themes").glob("*/index.html"))[0].parent.name
        navigate(page, site, f"themes/{theme}/", via="themes/")
        report = page.evaluate("() => document.querySelector('article a[href*=\"#p-\"]').href.split('#')[0]")
        click_link_to(page, site, report[len(site.base_url):])
    assert page.locator("h1#report-title").is_visible(), "报告页没有显示报告标题"
    assert page.locator("p.passage").count() > 0, "报告页没有显示任何段落"


def test_navigation_reaches_every_theme_page(page: Page, site: BuiltSite) -> None:
    themes = sorted(p.parent.name for p in (site.root / "themes").glob("*/index.html"))
    assert themes, "没有生成主题页 themes/<id>/"
    for theme in themes:
        navigate(page, site, f"themes/{theme}/", via="themes/")
        assert page.locator("article a[href*='#p-']").count() > 0, f"主题页 themes/{theme}/ 没有任何段落链接"


@pytest.mark.parametrize("query", ["三会一课", "一岗双责", "软籽石榴", "廉政"])
def test_search_puts_a_passage_with_the_words_first(page: Page, site: BuiltSite, query: str) -> None:
    page.goto(site.url())
    results = search(page, query)
    assert results, f"搜索“{query}”没有任何结果，但报告中有这个词"
    assert query in results[0], f"搜索“{query}”排第一的结果不含该词：{results[0][:120]}"


def test_search_does_not_split_a_term_into_unrelated_pieces(page: Page, site: BuiltSite) -> None:
    page.goto(site.url())
    results = search(page, "三会一课")
    unrelated = [r[:60] for r in results if "三会一课" not in r]
    assert not unrelated, f"搜索“三会一课”列出了不含该词的结果（词被拆开匹配）：{unrelated}"


def _deep_passage(site: BuiltSite) -> dict:
    """A passage far down the longest report, so opening its link must scroll."""
    passages = site.passages()
    by_report: dict[str, list[dict]] = {}
    for record in passages:
        by_report.setdefault(record["report"], []).append(record)
    longest = max(by_report.values(), key=len)
    return longest[len(longest) * 3 // 4]


def test_passage_link_scrolls_to_and_highlights_the_passage(page: Page, site: BuiltSite) -> None:
    record = _deep_passage(site)
    page.goto(site.url(record["url"]))
    passage = page.locator(f"[id='{record['id']}']")
    passage.wait_for()
    box = passage.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["y"] < viewport["height"] * 0.6, f"打开段落链接后，该段落不在屏幕上方（位置 y={box['y']:.0f}）"
    header = page.locator("header.md-header").bounding_box()
    assert header is None or box["y"] >= header["height"] - 1, "段落被顶部标题栏遮住了"
    targeted, plain = page.evaluate(
        """id => {
          const style = el => { const s = getComputedStyle(el); return [s.outlineStyle, s.backgroundColor]; };
          const target = document.getElementById(id);
          const other = [...document.querySelectorAll('p.passage')].find(p => p !== target);
          return [style(target), style(other)];
        }""",
        record["id"],
    )
    assert targeted != plain and targeted[0] != "none", f"链接指向的段落没有突出显示（轮廓 {targeted[0]}，背景 {targeted[1]}）"


def test_copy_link_puts_the_citation_on_the_clipboard(page: Page, site: BuiltSite) -> None:
    record = _deep_passage(site)
    page.goto(site.url(record["url"].split("#")[0]))
    assert page.locator("button.kb-copy").count(), "报告页没有段落“复制链接”按钮 button.kb-copy"
    # The control sits in the chips line right after its passage.
    button = page.locator(f".kb-chips[data-for='{record['id']}'] button.kb-copy")
    assert button.count() == 1, f"段落 {record['id']} 下没有“复制链接”按钮"
    button.click()
    expect(button).to_have_text("已复制", timeout=3000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied, "点击“复制链接”后剪贴板是空的"
    assert copied == button.get_attribute("data-citation"), f"剪贴板内容与按钮的引文不一致：{copied!r}"
    expected_link = site.site_url + record["url"]
    assert expected_link in copied, f"复制的引文不含该段落的永久链接 {expected_link}：{copied!r}"
    title = page.locator("h1#report-title").inner_text().rstrip("¶").strip()
    assert title in copied, f"复制的引文不含报告标题“{title}”：{copied!r}"


def test_every_page_stays_on_the_local_server_without_console_errors(context, site: BuiltSite) -> None:
    watch = Watch(site.base_url)
    page = context.new_page()
    watch.attach(page)
    pages = site.pages()
    for path in pages:
        response = page.goto(site.url(path))
        assert response is not None and response.ok, f"{path} 打不开：HTTP {response and response.status}"
    problems = watch.problems()
    assert not problems, f"浏览全部 {len(pages)} 个页面时读者会遇到的问题：\n" + "\n".join(problems)
    assert watch.requests >= len(pages)
