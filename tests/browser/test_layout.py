"""Phone and desktop layout: screenshots kept as artifacts, no sideways scrolling, tables scroll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.browser import DESKTOP, PHONE, Watch
from tests.browser.site import ARTIFACTS, BuiltSite

SCREENSHOTS = ARTIFACTS / "screenshots"

# Pages worth looking at, if this build has them: each kind of page a reader meets.
CANDIDATES = ["", "reports/", "themes/", "terms/"]

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('article *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.md-typeset__scrollwrap, pre'))
    .slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || '').slice(0, 30));
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
}"""

_TABLES = """() => [...document.querySelectorAll('article table')].map(table => {
  let el = table.parentElement, scroller = null;
  while (el && el !== document.body) {
    const x = getComputedStyle(el).overflowX;
    if (x === 'auto' || x === 'scroll') { scroller = el; break; }
    el = el.parentElement;
  }
  const box = (scroller || table).getBoundingClientRect();
  return {scrolls: scroller !== null, right: box.right, head: table.innerText.slice(0, 20)};
})"""


def _layout_pages(site: BuiltSite) -> list[str]:
    pages = [p for p in CANDIDATES if site.has(p + "index.html")]
    report = site.passages()[0]["url"].split("#")[0]
    themes = sorted(p.parent.name for p in (site.root / "themes").glob("*/index.html"))
    compares = sorted(p.parent.name for p in (site.root / "compare").glob("*/index.html"))
    pages.append(report)
    pages += [f"themes/{t}/" for t in themes[:1]] + [f"compare/{c}/" for c in compares[:1]]
    return pages


@pytest.fixture(scope="module", params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def sized_page(request: pytest.FixtureRequest, browser: Browser, site: BuiltSite) -> Iterator[Page]:
    """One page per viewport width, shared by the layout checks of that width."""
    context = browser.new_context(viewport=request.param, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    watch = Watch(site.base_url)
    watch.attach(page)
    yield page
    context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def _name(path: str) -> str:
    return path.strip("/").replace("/", "_") or "home"


def test_pages_fit_the_screen_and_tables_scroll(sized_page: Page, site: BuiltSite) -> None:
    page = sized_page
    width = page.viewport_size["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in _layout_pages(site):
        page.goto(site.url(path))
        page.screenshot(path=str(SCREENSHOTS / f"{width}-{_name(path)}.png"), full_page=True)
        overflow = page.evaluate(_OVERFLOW)
        if overflow["scrollWidth"] > overflow["width"] + 1:
            problems.append(
                f"{path}：页面比 {width}px 屏幕宽（{overflow['scrollWidth']}px），读者要左右拖动；超宽的元素：{overflow['wide']}"
            )
        for table in page.evaluate(_TABLES):
            if not table["scrolls"] and table["right"] > width + 1:
                problems.append(f"{path}：表格“{table['head']}”撑宽了页面，而不是在框内左右滚动")
    assert not problems, "\n".join(problems)
