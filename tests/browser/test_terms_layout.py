"""The 提法 index as a cadre reads it: at 390 px a card per term whose definition spans the
card, at 1280 px a table whose 释义 column has the room, and the source under a definition."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.browser import DESKTOP, PHONE
from tests.browser.site import ARTIFACTS, BuiltSite

_MEASURE = """() => {
  const table = document.querySelector('.kb-termtable table');
  const box = table.closest('.md-typeset__scrollwrap') || table.parentElement;
  const rows = [...table.tBodies[0].rows];
  return {
    width: window.innerWidth,
    pageScroll: document.documentElement.scrollWidth,
    boxScroll: box.scrollWidth, boxWidth: box.clientWidth,
    tableWidth: table.getBoundingClientRect().width,
    definitionWidths: rows.map(r => r.cells[1].getBoundingClientRect().width),
    rows: rows.map(r => ({term: r.cells[0].innerText.trim(), text: r.innerText})),
    // A card names its counts with ::before labels, which innerText leaves out.
    countLabels: [2, 3].map(i => getComputedStyle(rows[0].cells[i], '::before').content),
  };
}"""


def _measure(browser: Browser, site: BuiltSite, viewport: dict) -> dict:
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    page.goto(site.url("terms/"))
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{viewport['width']}-terms-index.png"))
    measured = page.evaluate(_MEASURE)
    context.close()
    return measured


def _row(measured: dict, term: str) -> str:
    rows = [r["text"] for r in measured["rows"] if r["term"] == term]
    assert rows, f"提法索引里没有“{term}”这一行"
    return rows[0]


def test_at_390_px_each_term_is_a_card_with_its_definition_across_it(browser: Browser, site: BuiltSite) -> None:
    m = _measure(browser, site, PHONE)
    assert m["pageScroll"] <= m["width"] + 1 and m["boxScroll"] <= m["boxWidth"] + 1, "手机上提法索引要左右拖动才能看全"
    narrow = min(m["definitionWidths"])
    # Before: the 释义 column was a strip of about 120 px, five characters to a line.
    assert narrow >= m["boxWidth"] * 0.8, f"手机上释义只有 {narrow:.0f}px 宽（框宽 {m['boxWidth']}px），被挤成了窄列"
    assert m["countLabels"] == ['"段落 "', '" · 报告 "'], f"手机卡片上的两个数字没有写明是段落数和报告数：{m['countLabels']}"


def test_at_1280_px_the_definition_column_has_the_room(browser: Browser, site: BuiltSite) -> None:
    m = _measure(browser, site, DESKTOP)
    assert m["boxScroll"] <= m["boxWidth"] + 1, f"提法索引在 1280px 下要左右滚动（{m['boxScroll']}px 宽，框只有 {m['boxWidth']}px）"
    narrow = min(m["definitionWidths"])
    assert narrow >= m["tableWidth"] * 0.55, f"释义一列只有 {narrow:.0f}px 宽（表格 {m['tableWidth']:.0f}px），一条释义要折成好几行"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_definition_shows_the_document_it_comes_from(browser: Browser, site: BuiltSite, viewport: dict) -> None:
    row = _row(_measure(browser, site, viewport), "三会一课")
    assert "出处：《中国共产党支部工作条例（试行）》" in row, f"提法索引没有写出“三会一课”释义的出处：{row!r}"
