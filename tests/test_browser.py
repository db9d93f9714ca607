"""Chromium over the built fixture site: citation links, notices, phone layout, no outside requests."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import HOSTILE_SLUG, PLAIN_SLUG, RETIRED_ID
from playwright.sync_api import Browser, Page, sync_playwright

# Flags from the machine notes: without them Chromium reaches for Google's hosts on start.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, installed by scripts/test.sh."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is missing: run `bash scripts/test.sh`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests() -> list[str]:
    """URLs the page under test requested."""
    return []


@pytest.fixture
def page(browser: Browser, requests: list[str]) -> Iterator[Page]:
    """A phone-sized page that records every request it makes."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
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


def test_citation_link_highlights_its_passage(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, HOSTILE_SLUG, "#p-000004"))
    assert page.evaluate("document.querySelector(':target').id") == "p-000004"
    target = page.evaluate("getComputedStyle(document.getElementById('p-000004')).backgroundColor")
    other = page.evaluate("getComputedStyle(document.getElementById('p-000005')).backgroundColor")
    assert target != other
    assert notice(page) == ""


def test_retired_passage_link_explains_itself(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, HOSTILE_SLUG, f"#{RETIRED_ID}"))
    text = notice(page)
    assert "引用的段落已修订或删除" in text and RETIRED_ID in text


def test_unknown_anchor_gets_a_gentler_notice(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, PLAIN_SLUG, "#p-nothere"))
    text = notice(page)
    assert "未找到链接指向的位置" in text and "已修订或删除" not in text
    page.goto(report_url(base_url, PLAIN_SLUG, "#p-100002"))
    assert notice(page) == ""


def test_notice_shows_a_hostile_hash_as_text(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, PLAIN_SLUG, "#<img src=x onerror=window.pwned=1>"))
    assert "<img src=x onerror=window.pwned=1>" in notice(page)
    assert page.locator("#kb-hash-notice img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_passage_label_and_placeholder_style(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, HOSTILE_SLUG))
    label = page.evaluate("getComputedStyle(document.getElementById('p-000001'), '::before').content")
    assert label == '"做法成效"'
    weight, style = page.evaluate("(s => [s.fontWeight, s.fontStyle])(getComputedStyle(document.querySelector('span.ph')))")
    assert int(weight) <= 400 and style == "normal"
    assert page.locator("span.ph").first.get_attribute("title") == "隐去：**"


def test_report_page_fits_a_phone(page: Page, base_url: str) -> None:
    page.goto(report_url(base_url, HOSTILE_SLUG))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    overflowing = page.evaluate("[...document.querySelectorAll('article *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible').map(e => e.id || e.tagName)")
    assert overflowing == []


def test_search_finds_chinese_words_without_outside_requests(page: Page, base_url: str, requests: list[str]) -> None:
    page.goto(f"{base_url}?q=学习制度")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    page.goto(report_url(base_url, HOSTILE_SLUG, "#p-000001"))
    page.goto(base_url)
    outside = [u for u in requests if not u.startswith(base_url) and not u.startswith("data:")]
    assert requests and outside == []
