"""A theme page printed to PDF in Chromium is a clean handout: content, titles, links."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.site import ARTIFACTS, BuiltSite

PDFS = ARTIFACTS / "print"


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("缺少 pdftotext：请运行 `apt-get install -y poppler-utils`（scripts/test.sh 会自动安装）")
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _print_page(page: Page, site: BuiltSite, path: str) -> tuple[str, dict]:
    """Print ``path`` to PDF as a reader would; return the PDF's text and what the screen showed."""
    page.goto(site.url(path))
    shown = page.evaluate(
        """() => ({
          reports: [...document.querySelectorAll('article h3 a:not(.headerlink)')].map(a => a.textContent.trim()),
          links: [...document.querySelectorAll('article a[href*="#p-"]')].map(a => a.href.split('/').slice(3).join('/')),
          chrome: [...document.querySelectorAll('.md-nav--primary .md-nav__link, .md-footer__title, .md-search__input')]
            .map(el => (el.textContent || el.placeholder || '').trim()).filter(Boolean),
        })"""
    )
    page.emulate_media(media="print")
    PDFS.mkdir(parents=True, exist_ok=True)
    pdf = PDFS / f"{path.strip('/').replace('/', '_')}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    return _pdf_text(pdf), shown


def test_theme_page_prints_as_a_clean_handout(page: Page, site: BuiltSite) -> None:
    themes = sorted(p.parent.name for p in (site.root / "themes").glob("*/index.html"))
    assert themes, "没有生成主题页 themes/<id>/"
    text, shown = _print_page(page, site, f"themes/{themes[0]}/")
    flat = re.sub(r"\s+", "", text)
    assert shown["reports"] and all(re.sub(r"\s+", "", t) in flat for t in shown["reports"]), "打印稿缺少段落所属的报告标题"
    missing = [link for link in shown["links"] if site.site_url + link not in flat]
    assert shown["links"] and not missing, f"打印稿没有写出这些段落链接的完整地址：{missing[:3]}"
    article = page.locator("article").inner_text()
    chrome = [c for c in shown["chrome"] if c not in article and re.sub(r"\s+", "", c) in flat]
    assert not chrome, f"打印稿里出现了导航栏、页脚或搜索框的文字：{chrome}"
    for leftover in ("复制链接", "¶", "判定依据"):
        assert leftover not in text, f"打印稿里出现了屏幕上才有用的“{leftover}”"


def test_a_whole_report_prints_as_a_handout_with_its_facts_and_address(page: Page, site: BuiltSite, project: Path) -> None:
    from kb.reportfile import parse_report

    path = sorted((project / "docs" / "reports").glob("*.md"))[0]
    meta = parse_report(path.read_text(encoding="utf-8"), path.name).meta
    page.goto(site.url(f"reports/{meta.slug}/"))
    assert page.locator("button.kb-print").is_visible(), "报告页标题下没有“打印 / 存为 PDF”按钮"
    passages = page.locator("article p.passage").all_inner_texts()
    text, _ = _print_page(page, site, f"reports/{meta.slug}/")
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", meta.title) in flat and meta.doc_type in flat and meta.source in flat, "打印稿缺少报告标题、类型或来源文件"
    assert f"{site.site_url}reports/{meta.slug}/" in flat, "打印稿没有写出本报告的永久地址"
    lost = [p for p in passages if re.sub(r"\s+", "", p)[:30] not in flat]
    assert passages and not lost, f"打印稿缺少这些段落（整份报告应全部打印）：{lost[:2]}"
    for leftover in ("复制链接", "打印 / 存为 PDF", "相似表述", "¶"):
        assert leftover not in text, f"打印稿里出现了屏幕上才有用的“{leftover}”"
