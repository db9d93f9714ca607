"""Chromium as a reader's browser: launch options, and what a page did that it should not."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page, Request

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
    """Open Material's search the way a reader does on this viewport."""
    field_ = page.locator("input.md-search__input")
    if not field_.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    field_.click()


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box; return the result texts, best first, without U+200B."""
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill(query)
    items = page.locator(".md-search-result__item")
    meta = page.locator(".md-search-result__meta")
    # Material queries on keyup; typing CJK through an IME sends none, so nudge it until
    # the worker (which may still be loading its index) answers.
    for _ in range(20):
        box.press("End")
        page.wait_for_timeout(250)
        if items.count() or "没有找到" in meta.inner_text():
            break
    return [t.replace("\u200b", "") for t in items.all_text_contents()]
