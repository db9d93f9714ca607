"""The home page's counts and entry points, filled into a marker in ``docs/index.md``."""

from __future__ import annotations

from dataclasses import dataclass

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
    stats = (
        f"目前收录 **{counts.reports}** 份报告、**{counts.passages}** 个段落，"
        f"归入 **{counts.themes}** 个主题，整理出 **{counts.terms}** 条提法。"
    )
    cards = "\n".join(f"-   **[{e.title}]({e.uri})**\n\n    {e.purpose}\n" for e in entries)
    return f"{stats}\n{{: .kb-stats }}\n\n<div class=\"grid cards\" markdown>\n\n{cards}\n</div>\n"


def fill_overview(markdown: str, overview: str) -> str:
    """Replace the marker with the overview; pages without the marker are returned unchanged."""
    return markdown.replace(STATS_MARKER, overview, 1)
