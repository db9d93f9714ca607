"""Chromium over the built fixture site: citation links, notices, phone layout, no outside requests."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import HOSTILE_SLUG, PLAIN_SLUG, RETIRED_ID
from playwright.sync_api import Browser, Page

from tests.browser.site import BuiltSite

# Chromium itself comes from the session-wide `browser` fixture in tests/browser/conftest.py:
# Playwright's sync API allows one running instance per process.
PHONE = {"width": 390, "height": 844}


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(fixture_site: Path) -> Iterator[str]:
    """The fixture site served over HTTP on localhost (the search worker needs http)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(fixture_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def requests() -> list[str]:
    """URLs the page under test requested."""
    return []


@pytest.fixture
def phone(browser: Browser, requests: list[str]) -> Iterator[Page]:
    """A phone-sized page that records every request it makes."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    yield page
    context.close()


def report_url(base_url: str, slug: str, hash_: str = "") -> str:
    """URL of a report page, with an optional #fragment."""
    return f"{base_url}reports/{slug}/{hash_}"


def notice(page: Page) -> str:
    """Text of the dead-link notice, or '' when there is none."""
    box = page.locator("#kb-hash-notice")
    return box.inner_text() if box.count() else ""


def test_citation_link_highlights_its_passage(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, HOSTILE_SLUG, "#p-000004"))
    assert phone.evaluate("document.querySelector(':target').id") == "p-000004"
    target = phone.evaluate("getComputedStyle(document.getElementById('p-000004')).backgroundColor")
    other = phone.evaluate("getComputedStyle(document.getElementById('p-000005')).backgroundColor")
    assert target != other
    assert notice(phone) == ""


def test_retired_passage_link_explains_itself(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, HOSTILE_SLUG, f"#{RETIRED_ID}"))
    text = notice(phone)
    assert "引用的段落已修订或删除" in text and RETIRED_ID in text


def test_unknown_anchor_gets_a_gentler_notice(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, PLAIN_SLUG, "#p-nothere"))
    text = notice(phone)
    assert "未找到链接指向的位置" in text and "已修订或删除" not in text
    phone.goto(report_url(base_url, PLAIN_SLUG, "#p-100002"))
    assert notice(phone) == ""


def test_notice_shows_a_hostile_hash_as_text(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, PLAIN_SLUG, "#<img src=x onerror=window.pwned=1>"))
    assert "<img src=x onerror=window.pwned=1>" in notice(phone)
    assert phone.locator("#kb-hash-notice img").count() == 0
    assert phone.evaluate("window.pwned") is None


def test_passage_label_and_placeholder_style(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, HOSTILE_SLUG))
    label = phone.evaluate("getComputedStyle(document.getElementById('p-000001'), '::before').content")
    assert label == '"做法成效"'
    weight, style = phone.evaluate("(s => [s.fontWeight, s.fontStyle])(getComputedStyle(document.querySelector('span.ph')))")
    assert int(weight) <= 400 and style == "normal"
    assert phone.locator("span.ph").first.get_attribute("title") == "隐去：**"


def test_report_page_fits_a_phone(phone: Page, base_url: str) -> None:
    phone.goto(report_url(base_url, HOSTILE_SLUG))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    overflowing = phone.evaluate("[...document.querySelectorAll('article *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible').map(e => e.id || e.tagName)")
    assert overflowing == []


def test_search_finds_chinese_words_without_outside_requests(phone: Page, base_url: str, requests: list[str]) -> None:
    phone.goto(f"{base_url}?q=学习制度")
    phone.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    phone.goto(report_url(base_url, HOSTILE_SLUG, "#p-000001"))
    phone.goto(base_url)
    outside = [u for u in requests if not u.startswith(base_url) and not u.startswith("data:")]
    assert requests and outside == []


_PUNCT_STARTS_LINE = """() => {
  const out = [];
  for (const ph of document.querySelectorAll('article p.passage span.ph')) {
    const next = ph.nextSibling;
    if (!next || next.nodeType !== 3 || !/^[、，。；：！？）]/.test(next.data)) continue;
    const p = ph.closest('p');
    const saved = p.style.width;
    // Narrow the passage a pixel at a time so that every line end falls on the blank once.
    for (let w = 120; w <= 420; w += 1) {
      p.style.width = w + 'px';
      const range = document.createRange();
      range.setStart(next, 0); range.setEnd(next, 1);
      const mark = range.getClientRects()[0], blank = ph.getClientRects();
      if (mark && blank.length && mark.top > blank[blank.length - 1].bottom - 2) {
        out.push(w + 'px: ' + p.id + ' “□' + next.data[0] + '”'); break;
      }
    }
    p.style.width = saved;
  }
  return out;
}"""


def test_punctuation_after_a_blank_never_starts_a_line(page: Page, site: BuiltSite) -> None:
    urls = sorted({p["url"].split("#")[0] for p in site.passages() if "□、" in p["text"] or "□，" in p["text"]})
    assert urls, "示例报告中没有“□、”，本测试需要这样的段落"
    page.goto(site.url(urls[0]))
    broken = page.evaluate(_PUNCT_STARTS_LINE)
    assert not broken, f"空白框后的标点被挤到下一行行首（违反中文避头规则）：{broken[:3]}"
