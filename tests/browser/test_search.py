"""Passage search in Chromium: ?q=, the query set, filters, keyboard use, phone width, file://."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from tests.browser.browser import PHONE, search
from tests.browser.site import BuiltSite

RESULT = "[data-search-result], .md-search-result__item"


def _open_with_query(page: Page, site: BuiltSite, query: str, path: str = "") -> None:
    page.goto(site.url(path) + "?q=" + quote(query))
    page.wait_for_selector(f"[data-kb-complete='{query}']", state="attached", timeout=10_000)


def test_opening_a_page_with_q_shows_the_results(page: Page, site: BuiltSite) -> None:
    report = site.passages()[0]["url"].split("#")[0]
    _open_with_query(page, site, "廉政", report)
    assert page.locator("input.md-search__input").input_value() == "廉政", "?q= 没有把查询词填进搜索框"
    links = page.locator(".md-search-result__item a[href]")
    assert links.count() > 0, "打开带 ?q=廉政 的页面后没有显示搜索结果"
    passage_links = [h for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))") if "#p-" in h]
    assert passage_links and all("/reports/" in h for h in passage_links), f"结果链接不指向报告段落：{passage_links[:3]}"


@pytest.mark.parametrize("query", ["三会一课", "一岗双责", "从严治党", "支部", "集体经济", "软籽石榴", "民主集中制"])
def test_every_passage_hit_holds_the_query(page: Page, site: BuiltSite, query: str) -> None:
    _open_with_query(page, site, query)
    texts = page.locator(".md-search-result__item:not(.kb-search-page):not(.kb-search-rest)").all_inner_texts()
    expected = sum(query in p["text"] for p in site.passages())
    assert len(texts) >= min(expected, 20) * 0.95, f"搜索“{query}”只显示 {len(texts)} 个段落，报告中有 {expected} 个含该词"
    assert all(query in t for t in texts), f"搜索“{query}”的结果中有不含该词的段落"


def test_term_page_is_the_first_result_for_its_term(page: Page, site: BuiltSite) -> None:
    _open_with_query(page, site, "三会一课")
    first = page.locator(RESULT).first
    assert "提法" in first.inner_text() and "/terms/" in (first.locator("a").get_attribute("href") or ""), "搜索“三会一课”的第一个结果不是它的提法页"


def test_home_and_maintainer_pages_are_never_results(page: Page, site: BuiltSite) -> None:
    _open_with_query(page, site, "一岗双责")
    hrefs = page.locator(".md-search-result__item a[href]").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and not [h for h in hrefs if h.rstrip("/") == site.base_url.rstrip("/") or "/maintainers/" in h]


def test_section_kind_filter_narrows_results_with_counts(page: Page, site: BuiltSite) -> None:
    _open_with_query(page, site, "廉政")
    kind = page.locator("select[data-facet='kind']")
    options = kind.locator("option").all_inner_texts()
    problem = [o for o in options if o.startswith("存在问题")]
    assert problem, f"“部分”筛选里没有“存在问题”：{options}"
    count = int(problem[0].split("（")[1].rstrip("）"))
    kind.select_option(label=problem[0])
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('找到 %d 个')" % count)
    chips = page.locator(".md-search-result__item:not(.kb-search-rest) .kb-search-kind").all_inner_texts()
    assert chips and set(chips) == {"存在问题"}, f"按“存在问题”筛选后仍有其他部分的段落：{set(chips)}"


def test_keyboard_arrow_down_and_enter_open_the_passage(page: Page, site: BuiltSite) -> None:
    page.goto(site.url())
    search(page, "廉政")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first == page.locator(".md-search-result__item a").first.get_attribute("href"), "按下方向键后焦点没有移到第一个结果"
    second = first
    for _ in range(6):  # past the theme page to a passage
        page.keyboard.press("ArrowDown")
        second = page.evaluate("document.activeElement.getAttribute('href')")
        if "#p-" in second:
            break
    assert second != first and "#p-" in second, "方向键没有把焦点移到下一个段落结果"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    target = page.url.split("#")[1]
    assert second.endswith("#" + target), f"回车打开的是 {page.url}，不是选中的结果 {second}"
    outline = page.evaluate("id => getComputedStyle(document.getElementById(id)).outlineStyle", target)
    assert outline != "none", "打开的段落没有突出显示"


def test_search_works_at_phone_width(browser, site: BuiltSite) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(site.url())
    results = search(page, "廉政")
    assert results, "手机宽度下搜索没有结果"
    # The search panel slides in on a phone: measure once every transition has ended. Two equal
    # frames were not enough on a loaded machine (a slow frame caught the slide at x = 1.3).
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    box = page.locator(".md-search-result__item").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, f"手机宽度下结果超出屏幕：{box}"
    filters = page.locator(".kb-search-filters").bounding_box()
    assert filters and filters["width"] <= PHONE["width"] + 1, "手机宽度下筛选栏超出屏幕"
    page.screenshot(path=str(site.root.parent / "search-phone.png"))
    context.close()


@pytest.mark.parametrize("query", ["一岗双责", "廉政 教育"])
def test_count_line_equals_the_results_listed(page: Page, site: BuiltSite, query: str) -> None:
    _open_with_query(page, site, query)
    more = page.locator(".kb-search-more")
    while more.is_visible():
        more.click()
        page.wait_for_selector(f"[data-kb-complete='{query}']", state="attached", timeout=10_000)
    line = page.locator(".md-search-result__meta").inner_text()
    assert line.startswith("找到 ") and "至多" not in line, f"“{query}”全部结果列出后，计数仍不是确切数目：{line}"
    count = int(line.split()[1])
    listed = page.locator(".md-search-result__item:not(.kb-search-page):not(.kb-search-rest)").count()
    assert listed == count, f"搜索“{query}”显示“{line}”，实际列出 {listed} 个段落"
