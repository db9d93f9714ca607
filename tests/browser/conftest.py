"""Session fixtures: the real site built once and served, Chromium launched once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, Watch
from tests.browser.site import BuiltSite, build_site, copy_project, normalize, serve


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium over the built site")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Chromium is launched once for the session; give every browser test the same marker
    # so `-m "not browser"` runs the rest quickly.
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A normalized copy of the repository."""
    root = copy_project(tmp_path_factory.mktemp("kb") / "project")
    normalize(root)
    return root


@pytest.fixture(scope="session")
def site(project: Path) -> Iterator[BuiltSite]:
    """The site as deployed: built strictly from the repository's mkdocs.yml, served locally."""
    root = build_site(project)
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    with serve(root) as base_url:
        yield BuiltSite(root, base_url, site_url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} 不存在：请运行 `apt-get install -y chromium`（scripts/test.sh 会自动安装）")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, site: BuiltSite) -> Iterator[BrowserContext]:
    """A fresh desktop browser profile allowed to use the clipboard on the local site."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base_url.rstrip("/"))
    yield context
    context.close()


@pytest.fixture
def watch(site: BuiltSite) -> Watch:
    """Recorder of foreign requests and console errors; tests attach it to their pages."""
    return Watch(site.base_url)


@pytest.fixture
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    """A desktop page whose requests and console are watched; any problem fails the test."""
    page = context.new_page()
    watch.attach(page)
    yield page
    problems = watch.problems()
    assert not problems, "读者会遇到的问题：\n" + "\n".join(problems)
