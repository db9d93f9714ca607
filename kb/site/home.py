"""The home page's counts and entry points, filled into a marker in ``docs/index.md``
(templates/home-overview.md)."""

from __future__ import annotations

from dataclasses import dataclass

from kb.site.templating import render

STATS_MARKER = "<!-- kb:overview -->"


@dataclass(frozen=True)
class SiteCounts:
    """How much the knowledge base holds."""

    reports: int
    passages: int
    themes: int
    terms: int


@dataclass(frozen=True)
class EntryPoint:
    """One way in for one kind of reader: a title, the page it opens, and what it is for."""

    title: str
    uri: str  # docs-relative link from index.md
    purpose: str


def render_overview(counts: SiteCounts, entries: list[EntryPoint]) -> str:
    """Markdown for the counts line and a card per entry point."""
    return render("home-overview.md", counts=counts, entries=entries)


def fill_overview(markdown: str, overview: str) -> str:
    """Replace the marker with the overview; pages without the marker are returned unchanged."""
    return markdown.replace(STATS_MARKER, overview, 1)
