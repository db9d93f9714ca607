"""Theme pages, the themes index and tombstone pages, rendered from data (templates/theme*.html).

A theme page lists every passage carrying the theme, by section kind and by report, each with
its report's title and a link to the passage. Thousands of reports would make it tens of
megabytes, so each section kind shows ``PAGE_SIZE`` reports a page; the first page (in the nav)
summarises the counts and links every part, continuation pages stay out of the nav.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kb.model import SECTION_ORDER, Passage, SectionKind
from kb.site.generated import GeneratedPage
from kb.site.pageparts import KindPart, Link, Paging, page_count, paging, rendered
from kb.site.prerender import PageContext, Rendered
from kb.site.registry import ReportPage
from kb.site.themes import THEMES_INDEX, TaggedPassage, ThemeIndex, heading_path, theme_uri, tombstone_uri
from kb.themes import Theme

# Reports per section kind on one page: with 50, a theme's first page stays well under 1 MB.
PAGE_SIZE = 50
TITLE_ID = "theme-title"

ReportGroup = tuple[ReportPage, list[TaggedPassage]]


@dataclass(frozen=True)
class ThemeParts:
    """A theme's passages grouped by section kind, then by report in registry order."""

    theme: Theme
    by_kind: dict[SectionKind, list[ReportGroup]]

    @classmethod
    def of(cls, theme: Theme, passages: Iterable[TaggedPassage]) -> ThemeParts:
        """Group one theme's passages."""
        # Keyed by src_uri: a list scan per passage made theme pages quadratic in the corpus size.
        groups: dict[SectionKind, dict[str, ReportGroup]] = {kind: {} for kind in SECTION_ORDER}
        for tagged in passages:
            groups[tagged.passage.section].setdefault(tagged.page.src_uri, (tagged.page, []))[1].append(tagged)
        return cls(theme, {kind: list(g.values()) for kind, g in groups.items()})

    def pages(self, kind: SectionKind) -> int:
        """How many pages the section kind fills."""
        return page_count(self.by_kind[kind], PAGE_SIZE)

    def passage_count(self, kind: SectionKind) -> int:
        """Passages of the section kind."""
        return sum(len(on_page) for _, on_page in self.by_kind[kind])


def continuation_uri(theme_id: str, kind: SectionKind, number: int) -> str:
    """Source path of page ``number`` (2, 3, …) of one section kind of a theme page."""
    return f"themes/{theme_id}/{kind.value}-{number}.md"


def continuation_uris(parts: ThemeParts) -> list[tuple[str, SectionKind, int]]:
    """Every continuation page of a theme as (source path, section kind, page number)."""
    return [
        (continuation_uri(parts.theme.id, kind, n), kind, n) for kind in SECTION_ORDER for n in range(2, parts.pages(kind) + 1)
    ]


def count_by_kind(passages: Iterable[TaggedPassage]) -> dict[SectionKind, int]:
    """How many of the passages fall in each section kind."""
    counts = {kind: 0 for kind in SECTION_ORDER}
    for tagged in passages:
        counts[tagged.passage.section] += 1
    return counts


@dataclass(frozen=True)
class Excerpt:
    """A passage on a theme page: its text, a link to it and the terms that put it in the theme."""

    passage: Passage
    source: Link
    why: str


@dataclass(frozen=True)
class ReportExcerpts:
    """One report's passages on a theme page, under the report's linked title."""

    anchor: str
    title: Link
    excerpts: list[Excerpt]


def _excerpt(ctx: PageContext, theme_id: str, tagged: TaggedPassage) -> Excerpt:
    passage = tagged.passage
    where = heading_path(passage) or "报告开头"
    terms = next(m.reason() for m in tagged.matches if m.theme == theme_id)
    return Excerpt(passage, Link(ctx.href(tagged.page.src_uri, passage.id), f"查看原文：{where}"), terms)


def _kind_part(ctx: PageContext, parts: ThemeParts, kind: SectionKind, number: int) -> KindPart:
    theme_id = parts.theme.id

    def href(n: int) -> str:
        return ctx.href(theme_uri(theme_id), kind.value) if n == 1 else ctx.href(continuation_uri(theme_id, kind, n))

    groups = parts.by_kind[kind]
    page = paging(groups, number, PAGE_SIZE, href)
    reports = [
        ReportExcerpts(
            f"{kind.value}--{report.report.meta.slug}",
            Link(ctx.href(report.src_uri), report.report.meta.title),
            [_excerpt(ctx, theme_id, t) for t in on_page],
        )
        for report, on_page in page.items
    ]
    return KindPart(kind, passages=parts.passage_count(kind), reports=len(groups), paging=Paging(reports, page.number, page.hrefs))


def _part_anchors(part: KindPart) -> set[str]:
    return {r.anchor for r in part.paging.items}


def render_theme_page(ctx: PageContext, parts: ThemeParts) -> Rendered:
    """A theme's first page: description, counts per section kind, and the first reports of each."""
    theme = parts.theme
    title = f"主题：{theme.name}"
    shown = [_kind_part(ctx, parts, kind, 1) for kind in SECTION_ORDER if parts.by_kind[kind]]
    toc = [(1, TITLE_ID, title)] + [(2, p.kind.value, p.kind.label) for p in shown]
    anchors = {TITLE_ID}.union(*(_part_anchors(p) | {p.kind.value} for p in shown))
    return rendered("theme.html", toc, anchors, title_id=TITLE_ID, title=title, theme=theme, parts=shown)


def continuation_title(theme: Theme, kind: SectionKind, number: int) -> str:
    """Title of a continuation page."""
    return f"主题：{theme.name} · {kind.label}（第 {number} 页）"


def render_continuation(ctx: PageContext, parts: ThemeParts, kind: SectionKind, number: int) -> Rendered:
    """Page ``number`` of one section kind of a theme."""
    title = continuation_title(parts.theme, kind, number)
    part = _kind_part(ctx, parts, kind, number)
    back = Link(ctx.href(theme_uri(parts.theme.id)), f"返回主题页“{parts.theme.name}”")
    return rendered(
        "theme-continuation.html", [(1, TITLE_ID, title)], {TITLE_ID} | _part_anchors(part), title_id=TITLE_ID, title=title, back=back, p=part
    )


@dataclass(frozen=True)
class ThemeCounts:
    """A row of the themes index."""

    theme: Link
    counts: list[int]  # passages per section kind, in SECTION_ORDER
    total: int


def render_themes_index(ctx: PageContext, index: ThemeIndex) -> Rendered:
    """The themes index: every theme with its passage count per section kind."""
    rows = []
    for theme in index.taxonomy.themes:
        tagged = index.with_theme(theme.id)
        counts = count_by_kind(tagged)
        rows.append(ThemeCounts(Link(ctx.href(theme_uri(theme.id)), theme.name), [counts[k] for k in SECTION_ORDER], len(tagged)))
    toc = [(1, "themes-title", "主题"), (2, "descriptions", "主题说明")]
    return rendered("themes-index.html", toc, {"themes-title", "descriptions"}, kinds=SECTION_ORDER, rows=rows, themes=index.taxonomy.themes)


def render_tombstone(ctx: PageContext, slug: str) -> Rendered:
    """The page left at a removed report's address, so old links land somewhere sensible."""
    toc = [(1, "report-removed", "该报告已从知识库中移除")]
    return rendered("tombstone.html", toc, {"report-removed"}, slug=slug, home=ctx.href("index.md"), themes=ctx.href(THEMES_INDEX))


def theme_pages(index: ThemeIndex, removed: Sequence[str], existing: Callable[[str], bool]) -> list[GeneratedPage]:
    """Every theme page the build adds: the index, each theme's pages, and tombstones of removed reports."""
    pages = [GeneratedPage(THEMES_INDEX, "主题", lambda ctx: render_themes_index(ctx, index))]
    for theme in index.taxonomy.themes:
        parts = ThemeParts.of(theme, index.with_theme(theme.id))
        pages.append(GeneratedPage(theme_uri(theme.id), theme.name, lambda ctx, parts=parts: render_theme_page(ctx, parts)))
        # Continuation pages are reached from their theme page; the nav lists only the first.
        pages.extend(
            GeneratedPage(uri, continuation_title(theme, kind, n), lambda ctx, p=parts, k=kind, n=n: render_continuation(ctx, p, k, n), False)
            for uri, kind, n in continuation_uris(parts)
        )
    for slug in sorted(set(removed)):
        uri = tombstone_uri(slug)
        if not existing(uri):  # the report came back under its old slug
            # Out of the nav: readers only reach a tombstone through an old link.
            pages.append(GeneratedPage(uri, "报告已移除", lambda ctx, slug=slug: render_tombstone(ctx, slug), False))
    return pages
