"""Scale: a raw UTF-8 search index holding every passage once, and a nav without reports."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import HOSTILE_SLUG, PLAIN_SLUG
from htmlscan import read_page
from searchfiles import search_entries

from kb.reportfile import parse_report
from kb.site.nav import site_nav

ROOT = Path(__file__).resolve().parents[1]
JSON_ESCAPE = re.compile(r"(?<!\\)\\u[0-9a-fA-F]{4}")


def report_passages(docs: Path) -> dict[str, list[str]]:
    """Passage texts of every report page, by the page's URL."""
    out = {}
    for path in sorted((docs / "reports").glob("*.md")):
        report = parse_report(path.read_text(encoding="utf-8"), f"reports/{path.name}")
        out[f"reports/{report.meta.slug}/"] = [p.text for p in report.passages()]
    return out


# ------------------------------------------------------------------ the built index


def test_search_index_is_raw_utf8(fixture_site: Path) -> None:
    for path in sorted((fixture_site / "search").rglob("*.js")):
        raw = path.read_text(encoding="utf-8")
        assert not JSON_ESCAPE.search(raw), f"{path.name} still has \\uXXXX escapes (six bytes per Chinese character)"


def test_every_passage_stays_searchable(seed_site: Path) -> None:
    indexed = dict(search_entries(seed_site))
    for url, texts in report_passages(seed_site.parent / "docs").items():
        assert [t for link, t in indexed.items() if link.startswith(url + "#")] == texts, f"{url}: passages missing from the index"


def test_aggregate_pages_hold_no_report_text_in_the_index(seed_site: Path) -> None:
    passages = report_passages(seed_site.parent / "docs")
    samples = [p for ps in passages.values() for p in ps if len(p) >= 12]
    for link, text in search_entries(seed_site):
        if link.split("#")[0] in passages:
            continue
        copied = [p[:20] for p in samples if p in text]
        assert not copied, f"{link} repeats report text in the search index: {copied[:2]}"


# ------------------------------------------------------------------ navigation


def primary_nav(html: str) -> str:
    """The HTML of Material's primary (left) navigation."""
    return html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-content"')]


def test_report_pages_do_not_list_every_report(fixture_site: Path) -> None:
    for page in ("index.html", f"reports/{PLAIN_SLUG}/index.html", f"reports/{HOSTILE_SLUG}/index.html"):
        nav = primary_nav((fixture_site / page).read_text(encoding="utf-8"))
        assert PLAIN_SLUG not in nav and HOSTILE_SLUG not in nav, f"{page} lists report pages in its nav"
        assert "首页" in nav


def test_nav_orders_entry_points_and_keeps_unknown_pages() -> None:
    uris = ["index.md", "maintainers/benchmarks.md", "reports/index.md", "themes/index.md", "themes/study.md", "about.md", "extra/x.md"]
    assert site_nav(uris) == [
        {"首页": "index.md"},
        {"报告目录": "reports/index.md"},
        {"主题": ["themes/index.md", "themes/study.md"]},
        {"维护说明": "maintainers/benchmarks.md"},
        "about.md",
        {"Extra": ["extra/x.md"]},
    ]
    assert site_nav([]) == []
