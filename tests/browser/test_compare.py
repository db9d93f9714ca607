"""Comparison pages as a cadre reads them: a neutral report box, readable labels, and the
对比 entries of the nav in the order of the 主题 entries."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.site import BuiltSite

_NAV_SECTION = """title => {
  const nav = document.querySelector('.md-nav--primary');
  const label = [...nav.querySelectorAll('.md-nav__item--section > .md-nav__link, .md-nav__item--section > label')]
    .find(el => el.textContent.trim() === title);
  const item = label.closest('.md-nav__item--section');
  return [...item.querySelectorAll(':scope > nav > ul > li > a')].map(a => a.textContent.trim());
}"""


def _compare_with_labels(site: BuiltSite) -> str:
    pages = sorted(p.parent.name for p in (site.root / "compare").glob("*/index.html")
                   if "kb-rel-label" in p.read_text(encoding="utf-8"))
    if not pages:
        pytest.fail("没有一个对比页 compare/<主题>/ 带“对应措施”标签")
    return f"compare/{pages[0]}/"


def test_compare_entries_follow_the_theme_entries(page: Page, site: BuiltSite) -> None:
    page.goto(site.url())
    themes = [t for t in page.evaluate(_NAV_SECTION, "主题") if t != "主题"]
    compares = [t.removeprefix("对比：") for t in page.evaluate(_NAV_SECTION, "对比") if t.startswith("对比：")]
    assert themes and compares == themes, f"导航栏“对比”的顺序 {compares} 与“主题”的顺序 {themes} 不同"


def test_report_box_has_no_edit_pencil_and_relation_labels_are_readable(page: Page, site: BuiltSite) -> None:
    page.goto(site.url(_compare_with_labels(site)))
    looks = page.evaluate(
        """() => {
          const before = getComputedStyle(document.querySelector('details.kb-report > summary'), '::before');
          const pencil = getComputedStyle(document.documentElement).getPropertyValue('--md-admonition-icon--note').trim();
          return {icon: before.maskImage || before.webkitMaskImage, pencil};
        }"""
    )
    assert looks["pencil"] and looks["pencil"] not in looks["icon"], "对比页折叠的报告框仍显示铅笔（“编辑”）图标"
    page.locator("details.kb-report").first.evaluate("d => d.open = true")
    sizes = page.eval_on_selector_all(".kb-rel-label", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 13, f"“对应措施”等标签只有 {min(sizes)}px，读不清"
