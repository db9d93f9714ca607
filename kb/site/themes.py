"""Themes in the build: every passage tagged once, looked up by passage and by theme.

Theme pages, the themes index and tombstones are rendered by ``kb/site/themepages.py``; report
pages use the citation helpers here for their copy-link control.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kb.model import Passage
from kb.paths import REPORTS_URI
from kb.site.registry import ReportPage, ReportRegistry
from kb.themes import Taxonomy, ThemeMatch, tag_passage

THEMES_DIR = "themes/"
THEMES_INDEX = "themes/index.md"


@dataclass(frozen=True)
class TaggedPassage:
    """A passage, the report page it is on, and the themes it carries."""

    page: ReportPage
    passage: Passage
    matches: tuple[ThemeMatch, ...]

    @property
    def theme_ids(self) -> list[str]:
        """Ids of the passage's themes, in taxonomy order."""
        return [m.theme for m in self.matches]


@dataclass(frozen=True)
class ThemeIndex:
    """Every passage of a build with its themes, in registry order."""

    taxonomy: Taxonomy
    passages: tuple[TaggedPassage, ...]

    @cached_property
    def _by_passage(self) -> dict[tuple[str, str], TaggedPassage]:
        # Hooks look up every passage of every report; a scan per lookup is quadratic.
        return {(t.page.src_uri, t.passage.id): t for t in self.passages}

    @cached_property
    def _by_theme(self) -> dict[str, list[TaggedPassage]]:
        grouped: dict[str, list[TaggedPassage]] = {}
        for tagged in self.passages:
            for theme_id in tagged.theme_ids:
                grouped.setdefault(theme_id, []).append(tagged)
        return grouped

    def of(self, page: ReportPage, passage: Passage) -> TaggedPassage:
        """The tagged record of one passage."""
        return self._by_passage[(page.src_uri, passage.id)]

    def with_theme(self, theme_id: str) -> list[TaggedPassage]:
        """Passages carrying a theme, reports by slug, passages in reading order."""
        return list(self._by_theme.get(theme_id, ()))

    def theme_ids(self, page: ReportPage, passage: Passage) -> list[str]:
        """Theme ids of one passage, for the passages export."""
        return self.of(page, passage).theme_ids


def tag_registry(taxonomy: Taxonomy, registry: ReportRegistry) -> ThemeIndex:
    """Tag every passage of the build."""
    tagged = tuple(
        TaggedPassage(page, passage, tag_passage(taxonomy, passage.text, passage.headings))
        for page, passage in registry.passages()
    )
    return ThemeIndex(taxonomy, tagged)


def theme_uri(theme_id: str) -> str:
    """Source path of a theme's generated page."""
    return f"{THEMES_DIR}{theme_id}.md"


def heading_path(passage: Passage) -> str:
    """The headings above a passage as one line, e.g. "工作开展情况 › 坚持理论学习"."""
    return " › ".join(passage.headings)


# ---------------------------------------------------------------- report pages


def citation(report_title: str, headings: tuple[str, ...], url: str) -> str:
    """What the copy-link control copies: report title, heading path and absolute link."""
    lines = [f"《{report_title}》"]
    if headings:
        lines.append(" › ".join(headings))
    lines.append(url)
    return "\n".join(lines)


def absolute_url(site_url: str | None, page_url: str, passage_id: str) -> str:
    """The passage's permanent address: site_url + page path + #id (site-relative without site_url)."""
    base = (site_url or "/").rstrip("/") + "/"
    return f"{base}{page_url.lstrip('/')}#{passage_id}"


# ---------------------------------------------------------------- removed reports


def tombstone_uri(slug: str) -> str:
    """Where a removed report's page used to be."""
    return f"{REPORTS_URI}{slug}.md"

