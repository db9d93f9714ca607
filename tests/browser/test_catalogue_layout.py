"""The catalogue of many reports as a cadre sees it: every column in view at 1280 px, a card per
report at 390 px, short rows, whole theme chips, and the place when a report has one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.browser import DESKTOP, PHONE
from tests.browser.site import ARTIFACTS, BuiltSite, build_site, copy_project, normalize, serve

REPORTS = 40
PLACE = "赣州市宁都县青塘镇"

_MEASURE = """() => {
  const table = document.querySelector('.kb-catalogue table');
  const box = table.closest('.md-typeset__scrollwrap') || table.parentElement;
  const rows = [...table.tBodies[0].rows];
  const chips = [...table.querySelectorAll('.kb-tc')];
  return {
    width: window.innerWidth,
    pageScroll: document.documentElement.scrollWidth,
    boxScroll: box.scrollWidth, boxWidth: box.clientWidth,
    headers: [...table.tHead.rows[0].cells].map(th => ({text: th.textContent.trim(), right: th.getBoundingClientRect().right})),
    heights: rows.map(r => r.getBoundingClientRect().height).sort((a, b) => a - b),
    titleWidths: rows.map(r => r.cells[0].getBoundingClientRect().width),
    brokenChips: chips.filter(c => c.getClientRects().length > 1).map(c => c.textContent),
    chips: chips.length,
  };
}"""


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real site over synthetic reports, one of them with a place in its sidecar file."""
    project = copy_project(tmp_path_factory.mktemp("many") / "project")
    sources = project / "sources"
    shutil.rmtree(sources)
    shutil.rmtree(project / "docs" / "reports")
    (project / "data" / "passage-ids.lock.json").unlink()
    script = project / "scripts" / "synth.py"
    seeds = Path(__file__).resolve().parents[2] / "sources"
    subprocess.run([sys.executable, str(script), "--reports", str(REPORTS), "--out", str(sources), "--seed-dir", str(seeds)], check=True, stdout=subprocess.DEVNULL)
    first = sorted(sources.glob("*.txt"))[0]
    first.with_suffix(".yml").write_text(f"place: {PLACE}\n", encoding="utf-8")
    normalize(project)
    root = build_site(project)
    with serve(root) as base_url:
        yield BuiltSite(root, base_url, "")


def _open(browser: Browser, site: BuiltSite, viewport: dict, name: str) -> dict:
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
    page: Page = context.new_page()
    page.goto(site.url("reports/"))
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{viewport['width']}-catalogue-{name}.png"))
    measured = page.evaluate(_MEASURE)
    measured["place"] = page.evaluate(
        "place => [...document.querySelectorAll('.kb-catalogue tbody tr')].filter(r => r.cells[3].textContent.trim() === place).length", PLACE
    )
    context.close()
    return measured


def test_at_1280_px_every_column_shows_and_rows_stay_short(browser: Browser, many: BuiltSite) -> None:
    m = _open(browser, many, DESKTOP, f"{REPORTS}-reports")
    assert m["boxScroll"] <= m["boxWidth"] + 1, f"目录表格在 1280px 下仍要左右滚动（{m['boxScroll']}px 宽，框只有 {m['boxWidth']}px）"
    hidden = [h["text"] for h in m["headers"] if h["right"] > m["width"]]
    assert not hidden, f"这些列在 1280px 屏幕上看不到：{hidden}"
    assert [h["text"] for h in m["headers"]][:4] == ["报告", "类型", "年份", "地点"] and m["headers"][-1]["text"] == "主题"
    median = m["heights"][len(m["heights"]) // 2]
    # Before: the themes column wrapped character by character and rows were about 130 px tall.
    assert median <= 90, f"目录的行太高（中位数 {median:.0f}px），一屏看不了几份报告"
    assert m["chips"] and not m["brokenChips"], f"主题标签被折成两行：{m['brokenChips'][:3]}"
    assert m["place"] == 1, f"附注文件写了地点“{PLACE}”的报告，目录的“地点”一列没有显示它"


def test_at_390_px_each_report_is_a_card_without_sideways_scrolling(browser: Browser, many: BuiltSite) -> None:
    m = _open(browser, many, PHONE, f"{REPORTS}-reports")
    assert m["pageScroll"] <= m["width"] + 1 and m["boxScroll"] <= m["boxWidth"] + 1, "手机上目录要左右拖动才能看全"
    assert min(m["titleWidths"]) >= m["boxWidth"] * 0.8, "手机上报告标题没有占满一行，被挤成了窄列"
    assert m["heights"][-1] <= 260, f"手机上最长的一份报告卡片有 {m['heights'][-1]:.0f}px 高"
    assert not m["brokenChips"], f"主题标签被折成两行：{m['brokenChips'][:3]}"
    assert m["place"] == 1
