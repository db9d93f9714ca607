"""The report catalogue in Chromium: every report a row, the filter box and sorting by a column."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from kb.reportfile import parse_report
from tests.browser.site import BuiltSite

ROWS = """() => [...document.querySelectorAll('.kb-catalogue tbody tr')].filter(r => !r.hidden)
  .map(r => [...r.cells].map(c => c.textContent.trim()))"""


def reports(project: Path) -> list:
    return [parse_report(p.read_text(encoding="utf-8"), p.name).meta for p in sorted((project / "docs" / "reports").glob("*.md"))]


def test_every_report_is_one_row_of_whole_cells(page: Page, site: BuiltSite, project: Path) -> None:
    page.goto(site.url("reports/"))
    header = page.eval_on_selector_all(".kb-catalogue thead th", "ths => ths.map(th => th.textContent.trim())")
    rows = page.evaluate(ROWS)
    metas = reports(project)
    assert sorted(r[0] for r in rows) == sorted(m.title for m in metas), "目录的行与报告不一一对应"
    assert all(len(r) == len(header) for r in rows), f"有的行单元格数与表头（{len(header)} 列）不同：{rows}"
    by_title = {m.title: m for m in metas}
    assert all(r[1] == by_title[r[0]].doc_type for r in rows), "“类型”一列与报告的类型不符"


def test_filter_box_keeps_only_matching_reports(page: Page, site: BuiltSite, project: Path) -> None:
    page.goto(site.url("reports/"))
    page.fill("input.kb-filter", "述职")
    shown = sorted(r[0] for r in page.evaluate(ROWS))
    expected = sorted(m.title for m in reports(project) if "述职" in m.title or "述职" in m.doc_type)
    assert expected and shown == expected, f"筛选“述职”后显示 {shown}，应为 {expected}"
    page.fill("input.kb-filter", "")
    assert len(page.evaluate(ROWS)) == len(reports(project)), "清空筛选框后没有恢复全部报告"


def test_clicking_the_year_header_sorts_by_year_with_unknown_years_last(page: Page, site: BuiltSite, project: Path) -> None:
    page.goto(site.url("reports/"))
    page.click(".kb-catalogue thead th:has-text('年份')")
    years = [r[2] for r in page.evaluate(ROWS)]
    known = sorted(str(m.year) for m in reports(project) if m.year)
    assert years == known + ["—"] * (len(years) - len(known)), f"按年份排序后的顺序是 {years}"
    page.click(".kb-catalogue thead th:has-text('年份')")
    years = [r[2] for r in page.evaluate(ROWS)]
    assert years[: len(known)] == known[::-1], f"再点一次应按年份倒序，实际 {years}"
