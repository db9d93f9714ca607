"""Chromium as a reader's browser: launch options, and what a page did that it should not."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page, Request

from tests.browser.site import BuiltSite

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Schemes that never leave the machine.
_LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass
class Watch:
    """Requests that left the allowed origin and errors the console showed, per page."""

    allowed_prefix: str
    foreign_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def attach(self, page: Page) -> None:
        """Start recording ``page``'s requests, console errors and uncaught exceptions."""
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: 未捕获的脚本错误 {exc}"))

    def _on_request(self, request: Request) -> None:
        self.requests += 1
        url = request.url
        if not url.startswith(self.allowed_prefix) and not url.startswith(_LOCAL_SCHEMES):
            self.foreign_requests.append(f"{request.frame.url if request.frame else '?'} -> {url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.location.get('url', '?')}: 控制台错误 {message.text}")

    def problems(self) -> list[str]:
        """Everything recorded that a reader without internet would suffer from."""
        foreign = [f"页面向外部地址发出请求（内网中会卡住或失败）：{r}" for r in self.foreign_requests]
        return foreign + self.errors


def open_search(page: Page) -> None:
    """Open the search the way a reader does on this viewport (the magnifier button on a phone)."""
    field_ = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():  # hidden on desktop, where the box sits in the header
        button.click()
    field_.click()


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box; return the result texts, best first."""
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill(query)
    items = page.locator(".md-search-result__item")
    # search.js marks the box with the query once its results are shown (the index loads first).
    page.wait_for_selector(f"[data-kb-complete='{query}']", state="attached", timeout=10_000)
    return items.all_text_contents()


# Links to a page, visible ones first.
_LINKS_TO = """target => [...document.querySelectorAll('a[href]')]
    .filter(a => a.href.split('#')[0] === target)
    .sort((a, b) => (b.offsetParent !== null) - (a.offsetParent !== null))"""


def links_to(page: Page, url: str) -> int:
    """How many links on the current page lead to ``url`` (any #fragment)."""
    return page.evaluate(f"target => ({_LINKS_TO})(target).length", url)


def click_link_to(page: Page, site: BuiltSite, path: str) -> None:
    """Click a link on the current page that leads to ``path``, and land there."""
    here = page.url
    assert links_to(page, site.url(path)), f"{here} 上没有通往 {path} 的链接"
    # Sidebar sections may be collapsed on this viewport; a link's href is what a click
    # follows, so click it the way the page itself would.
    with page.expect_navigation():
        page.evaluate(f"target => ({_LINKS_TO})(target)[0].click()", site.url(path))
    assert page.url.split("#")[0] == site.url(path), f"在 {here} 点击链接后到了 {page.url}，而不是 {path}"
    assert page.locator("article h1").first.is_visible(), f"{path} 页面没有正文标题"


def navigate(page: Page, site: BuiltSite, path: str, via: str) -> None:
    """From the home page to ``path``, directly or through the index page ``via``."""
    page.goto(site.url())
    if not links_to(page, site.url(path)):
        click_link_to(page, site, via)
    click_link_to(page, site, path)
