"""The built site names no outside host that a browser would contact.

Material's own bundle contains URL strings, but only three can trigger a request, each
behind a condition this site never meets: unpkg.com for Mermaid (only when a page has
``.mermaid`` diagrams), unpkg.com for a ResizeObserver polyfill (only in browsers older
than about 2020), and api.github.com (only when ``repo_url`` is set). The other strings are
licence comments, error messages and XML namespaces. The browser test records real requests.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SITE_URL_HOST
from htmlscan import read_page

# (tag, attribute) pairs whose URL a browser fetches on its own.
FETCHED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("source", "srcset"),
           ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}
XML_NAMESPACE_HOST = "www.w3.org"
HOST_RE = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]*)")


def is_outside(url: str) -> bool:
    """True for absolute or scheme-relative URLs (every site URL here is relative)."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.IGNORECASE))


def fetched_urls(html: str) -> list[str]:
    """URLs in a page that the browser would load without a click."""
    urls = []
    for element in read_page(html).elements:
        rels = set(element.attrs.get("rel", "").lower().split())
        if element.tag == "link" and rels & FETCHED_LINK_RELS:
            urls.append(element.attrs.get("href", ""))
        urls += [element.attrs[a] for t, a in FETCHED if element.tag == t and a in element.attrs]
        urls += CSS_URL_RE.findall(element.attrs.get("style", ""))
    return urls


def site_files(site: Path, *suffixes: str) -> list[Path]:
    """Built files with the given suffixes."""
    return [p for p in sorted(site.rglob("*")) if p.suffix in suffixes]


def test_pages_fetch_nothing_from_outside(fixture_site: Path) -> None:
    for path in site_files(fixture_site, ".html"):
        outside = [u for u in fetched_urls(path.read_text(encoding="utf-8")) if is_outside(u)]
        assert outside == [], path


def named_urls(html: str) -> list[str]:
    """Every attribute value and inline script or style of a page: where markup can name a host.

    Page text is left out: a report quoting "http://…" shows it as text, which no browser fetches.
    """
    page = read_page(html)
    return [v for e in page.elements for v in e.attrs.values()] + [
        t.text for t in page.texts if {"script", "style"} & set(t.ancestors)
    ]


def test_pages_name_no_other_host(fixture_site: Path) -> None:
    for path in site_files(fixture_site, ".html"):
        hosts = {h for url in named_urls(path.read_text(encoding="utf-8")) for h in HOST_RE.findall(url)}
        assert hosts - {SITE_URL_HOST, XML_NAMESPACE_HOST} == set(), path


def test_stylesheets_load_nothing_from_outside(fixture_site: Path) -> None:
    for path in site_files(fixture_site, ".css"):
        css = path.read_text(encoding="utf-8")
        urls = [u for u in CSS_URL_RE.findall(css) if not u.startswith("data:")]
        assert [u for u in urls if is_outside(u)] == [], path
        assert not re.search(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", css), path


def test_conditions_for_materials_remote_loaders_are_never_met(fixture_site: Path) -> None:
    for path in site_files(fixture_site, ".html"):
        page = read_page(path.read_text(encoding="utf-8"))
        assert not [e for e in page.elements if "mermaid" in e.classes], path
        assert not page.find(cls="md-source"), path  # present only with repo_url


def test_our_own_assets_name_no_host(fixture_site: Path) -> None:
    for path in (fixture_site / "javascripts" / "kb.js", fixture_site / "stylesheets" / "kb.css"):
        assert not HOST_RE.search(path.read_text(encoding="utf-8")), path
