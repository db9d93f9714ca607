"""Comparison pages ``compare/<theme>/``: for one theme, what each report says, per section kind.

Layout for phones and hundreds of reports: one heading per section kind, then one
collapsible block per report holding its passages; each problem shows the measure its
report pairs with it. Each section kind shows ``PAGE_SIZE`` reports a page. Last comes
"同一事项在各报告中的表述": passages of the theme that 相似表述 links across reports, one
block per matter, so a cadre reads several towns' wording of one measure side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kb.model import COMPARED_SECTIONS, Passage, SectionKind
from kb.site.analysis import Analysis, PassageRef
from kb.site.generated import GeneratedPage
from kb.site.pageparts import KindPart, Link, Paging, page_count, paging, rendered
from kb.site.prerender import PageContext, Rendered
from kb.site.relations import passage_label

COMPARE_DIR = "compare/"
COMPARE_INDEX = f"{COMPARE_DIR}index.md"
# Reports per section kind on one page; more go to continuation pages, so a theme that
# hundreds of reports touch stays a page a phone can load.
PAGE_SIZE = 50
TITLE_ID = "compare-title"
SAME_MATTER_ID = "same-matter"
SAME_MATTER_GROUPS = 30  # matters shown: the ones most reports word, so the page stays small

ReportRefs = list[PassageRef]


@dataclass(frozen=True)
class ThemeRef:
    """What a comparison page needs to know about a theme."""

    id: str
    name: str
    page_uri: str | None = None  # the theme's own page, when there is one


def compare_uri(theme_id: str) -> str:
    """Source path of a theme's comparison page."""
    return f"{COMPARE_DIR}{theme_id}.md"


def continuation_uri(theme_id: str, kind: SectionKind, number: int) -> str:
    """Source path of page ``number`` (2, 3, …) of one section kind of a theme's comparison."""
    return f"{COMPARE_DIR}{theme_id}/{kind.value}-{number}.md"


@dataclass(frozen=True)
class CompareEntry:
    """A passage on a comparison page, a link to it and, for a problem, the measure answering it."""

    passage: Passage
    source: Link
    answer: Link | None = None
    answer_passage: Passage | None = None


@dataclass(frozen=True)
class ReportBlock:
    """One report's passages in one section kind."""

    title: str
    entries: list[CompareEntry]


def _entry(ctx: PageContext, ref: PassageRef, analysis: Analysis) -> CompareEntry:
    passage = ref.passage
    key = (ref.page.report.meta.slug, passage.id)
    where = " › ".join(passage.headings) or "报告开头"
    source = Link(ctx.href(ref.page.src_uri, passage.id), f"查看原文：{where}")
    if key not in analysis.answers:
        return CompareEntry(passage, source)
    measure = analysis.refs[analysis.answers[key]]
    answer = Link(ctx.href(measure.page.src_uri, measure.passage.id), passage_label(measure.passage))
    return CompareEntry(passage, source, answer, measure.passage)


def tagged_refs(analysis: Analysis, theme_id: str) -> list[PassageRef]:
    """Passages carrying the theme, in registry order."""
    return [analysis.refs[k] for k, themes in analysis.themes.items() if theme_id in themes]


def _group_by_report(refs: Sequence[PassageRef]) -> list[ReportRefs]:
    groups: dict[str, ReportRefs] = {}
    for ref in refs:
        groups.setdefault(ref.page.src_uri, []).append(ref)
    return list(groups.values())


def kind_groups(theme_id: str, analysis: Analysis) -> dict[SectionKind, list[ReportRefs]]:
    """The theme's passages per section kind, grouped by report."""
    refs = tagged_refs(analysis, theme_id)
    return {kind: _group_by_report([r for r in refs if r.passage.section is kind]) for kind in COMPARED_SECTIONS}


def _kind_part(ctx: PageContext, theme_id: str, kind: SectionKind, groups: list[ReportRefs], analysis: Analysis, number: int) -> KindPart:
    def href(n: int) -> str:
        return ctx.href(compare_uri(theme_id), kind.value) if n == 1 else ctx.href(continuation_uri(theme_id, kind, n))

    page = paging(groups, number, PAGE_SIZE, href)
    blocks = [ReportBlock(refs[0].page.report.meta.title, [_entry(ctx, ref, analysis) for ref in refs]) for refs in page.items]
    return KindPart(kind, passages=sum(len(g) for g in groups), reports=len(groups), paging=Paging(blocks, page.number, page.hrefs))


def render_compare_page(
    ctx: PageContext, theme: ThemeRef, analysis: Analysis, by_kind: dict[SectionKind, list[ReportRefs]], matters: Sequence[SameMatter] = ()
) -> Rendered:
    """The comparison page of one theme (first page of every section kind, then the same matters)."""
    title = f"对比：{theme.name}"
    reports = len({g[0].page.src_uri for groups in by_kind.values() for g in groups})
    parts = [_kind_part(ctx, theme.id, kind, by_kind[kind], analysis, 1) for kind in COMPARED_SECTIONS]
    matter_blocks = [
        Matter("、".join(g.words) or "相近表述", [(r.passage, Link(ctx.href(r.page.src_uri, r.passage.id), r.page.report.meta.title)) for r in g.refs])
        for g in matters
    ]
    toc = [(1, TITLE_ID, title), *((2, k.value, k.label) for k in COMPARED_SECTIONS), (2, SAME_MATTER_ID, "同一事项在各报告中的表述")]
    anchors = {TITLE_ID, SAME_MATTER_ID, *(k.value for k in COMPARED_SECTIONS)}
    return rendered(
        "compare.html",
        toc,
        anchors,
        title_id=TITLE_ID,
        title=title,
        theme=theme,
        reports=reports,
        theme_page=ctx.href(theme.page_uri) if theme.page_uri else "",
        parts=parts,
        same_matter_id=SAME_MATTER_ID,
        matters=matter_blocks,
    )


@dataclass(frozen=True)
class Matter:
    """A same-matter block: its label, and each passage with a link to it named by its report."""

    label: str
    entries: list[tuple[Passage, Link]]


@dataclass(frozen=True)
class SameMatter:
    """Passages of several reports that say the same thing, and the key words they share."""

    words: tuple[str, ...]
    refs: tuple[PassageRef, ...]  # the first is the passage the others were linked to


def same_matter_groups(theme_id: str, analysis: Analysis, limit: int = SAME_MATTER_GROUPS) -> list[SameMatter]:
    """Each theme passage with the theme passages 相似表述 links it to; widest groups first.

    A passage appears in one group only, so groups never repeat each other.
    """
    keys = [k for k, themes in analysis.themes.items() if theme_id in themes]
    tagged = set(keys)
    position = {k: n for n, k in enumerate(keys)}
    linked = {k: [s for s in analysis.similar.get(k, ()) if s.key in tagged] for k in keys}
    used: set[tuple[str, str]] = set()
    groups: list[SameMatter] = []
    for centre in sorted((k for k in keys if linked[k]), key=lambda k: (-len(linked[k]), position[k])):
        members = [s for s in linked[centre] if s.key not in used]
        if centre in used or not members:
            continue
        used.add(centre)
        used.update(s.key for s in members)
        words = tuple(dict.fromkeys(w for s in members for w in s.words))[:3]
        groups.append(SameMatter(words, (analysis.refs[centre], *(analysis.refs[s.key] for s in members))))
    groups.sort(key=lambda g: (-len(g.refs), position[(g.refs[0].page.report.meta.slug, g.refs[0].passage.id)]))
    return groups[:limit]


def continuation_title(theme: ThemeRef, kind: SectionKind, number: int) -> str:
    """Title of a continuation page."""
    return f"对比：{theme.name} · {kind.label}（第 {number} 页）"


def render_continuation(
    ctx: PageContext, theme: ThemeRef, kind: SectionKind, number: int, analysis: Analysis, groups: list[ReportRefs]
) -> Rendered:
    """Page ``number`` (2, 3, …) of one section kind of a theme's comparison."""
    title = continuation_title(theme, kind, number)
    back = Link(ctx.href(compare_uri(theme.id)), f"返回“{theme.name}”对比页")
    part = _kind_part(ctx, theme.id, kind, groups, analysis, number)
    return rendered("compare-continuation.html", [(1, TITLE_ID, title)], {TITLE_ID}, title_id=TITLE_ID, title=title, back=back, p=part)


def render_compare_index(ctx: PageContext, themes: Sequence[ThemeRef], analysis: Analysis) -> Rendered:
    """The comparison index: one row per theme, with how many reports speak to each section kind."""
    rows = []
    for theme in themes:
        refs = tagged_refs(analysis, theme.id)
        counts = [len({r.page.src_uri for r in refs if r.passage.section is k}) for k in COMPARED_SECTIONS]
        rows.append((Link(ctx.href(compare_uri(theme.id)), theme.name), counts))
    return rendered("compare-index.html", [(1, TITLE_ID, "对比")], {TITLE_ID}, title_id=TITLE_ID, kinds=COMPARED_SECTIONS, rows=rows)


def compare_pages(themes: Sequence[ThemeRef], analysis: Analysis) -> list[GeneratedPage]:
    """The comparison index, each theme's comparison page and its continuation pages."""
    pages = [GeneratedPage(COMPARE_INDEX, "对比", lambda ctx: render_compare_index(ctx, themes, analysis))]
    for theme in themes:
        by_kind = kind_groups(theme.id, analysis)
        # Same-matter groups wait for the page: 相似表述 may still be being worked out.
        render = lambda ctx, t=theme, g=by_kind: render_compare_page(ctx, t, analysis, g, same_matter_groups(t.id, analysis))  # noqa: E731
        pages.append(GeneratedPage(compare_uri(theme.id), f"对比：{theme.name}", render))
        for kind, groups in by_kind.items():
            for n in range(2, page_count(groups, PAGE_SIZE) + 1):
                render = lambda ctx, t=theme, k=kind, n=n, g=groups: render_continuation(ctx, t, k, n, analysis, g)  # noqa: E731
                # Continuation pages are reached from their first page, not from the nav.
                pages.append(GeneratedPage(continuation_uri(theme.id, kind, n), continuation_title(theme, kind, n), render, False))
    return pages
