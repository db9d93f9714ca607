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

from kb.model import SectionKind
from kb.site.analysis import Analysis, PassageRef
from kb.site.generated import GeneratedPage
from kb.site.htmlparts import PageBuilder, link, page_count, page_links, spans_html, text
from kb.site.prerender import PageContext, Rendered
from kb.site.relations import passage_label

COMPARE_DIR = "compare/"
COMPARE_INDEX = f"{COMPARE_DIR}index.md"
KINDS = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE)
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


def _passage_block(ctx: PageContext, ref: PassageRef, analysis: Analysis) -> str:
    passage = ref.passage
    key = (ref.page.report.meta.slug, passage.id)
    where = text(" › ".join(passage.headings)) or "报告开头"
    parts = [
        f'<p class="kb-excerpt" data-kind="{passage.section.value}">{spans_html(passage.spans)}</p>',
        f"<p>{link(ctx.href(ref.page.src_uri, passage.id), f'查看原文：{where}', cls='kb-source')}</p>",
    ]
    if key in analysis.answers:
        measure = analysis.refs[analysis.answers[key]]
        label = link(ctx.href(measure.page.src_uri, measure.passage.id), text(passage_label(measure.passage)))
        parts.append(f'<p class="kb-rel"><span class="kb-rel-label">对应措施</span> {label}</p>')
        parts.append(f'<p class="kb-excerpt kb-answer" data-kind="measure">{spans_html(measure.passage.spans)}</p>')
    return "\n".join(parts)


def _report_block(ctx: PageContext, refs: Sequence[PassageRef], analysis: Analysis) -> str:
    title = text(refs[0].page.report.meta.title)
    body = "\n".join(_passage_block(ctx, ref, analysis) for ref in refs)
    return f'<details class="kb-report">\n<summary>{title}（{len(refs)} 段）</summary>\n{body}\n</details>'


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
    return {kind: _group_by_report([r for r in refs if r.passage.section is kind]) for kind in KINDS}


def _kind_section(ctx: PageContext, theme_id: str, kind: SectionKind, groups: list[ReportRefs], analysis: Analysis, number: int) -> list[str]:
    chunk = groups[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    passages = sum(len(g) for g in groups)
    parts = [f"<p>{len(groups)} 份报告，共 {passages} 段。</p>"]
    pages = page_count(len(groups), PAGE_SIZE)
    hrefs = [ctx.href(compare_uri(theme_id), kind.value)]
    hrefs += [ctx.href(continuation_uri(theme_id, kind, n)) for n in range(2, pages + 1)]
    paging = page_links(hrefs, number)
    parts.append(paging)
    parts.extend(_report_block(ctx, group, analysis) for group in chunk)
    parts.append(paging)
    return parts


def render_compare_page(
    ctx: PageContext, theme: ThemeRef, analysis: Analysis, by_kind: dict[SectionKind, list[ReportRefs]], matters: Sequence[SameMatter] = ()
) -> Rendered:
    """The comparison page of one theme (first page of every section kind, then the same matters)."""
    name = text(theme.name)
    reports = len({g[0].page.src_uri for groups in by_kind.values() for g in groups})
    out = PageBuilder()
    out.heading(1, TITLE_ID, f"对比：{name}")
    out.add(
        f"<p>本页把 {reports} 份报告中归入“{name}”主题的段落按部分并列，便于对照各地怎么做、查摆出什么问题、"
        "分析了哪些原因、打算怎么改。点击报告标题展开其段落；存在问题下方列出该报告中与之对应的下一步措施。"
        f'页末的{link("#" + SAME_MATTER_ID, "同一事项在各报告中的表述")}把不同报告说同一件事的段落放在一起。</p>'
    )
    if theme.page_uri:
        out.add(f"<p>另见：{link(ctx.href(theme.page_uri), f'主题页“{name}”')}，按部分列出全部相关段落。</p>")
    for kind in KINDS:
        out.heading(2, kind.value, kind.label)
        if not by_kind[kind]:
            out.add("<p>暂无报告在这一部分涉及该主题。</p>")
            continue
        out.add(*_kind_section(ctx, theme.id, kind, by_kind[kind], analysis, 1))
    _same_matter_section(out, ctx, matters)
    return out.rendered()


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


def _same_matter_block(ctx: PageContext, group: SameMatter) -> str:
    label = "、".join(group.words) or "相近表述"
    items = []
    for ref in group.refs:
        passage = ref.passage
        source = link(ctx.href(ref.page.src_uri, passage.id), text(ref.page.report.meta.title), cls="kb-source")
        items.append(f'<p class="kb-excerpt" data-kind="{passage.section.value}">{spans_html(passage.spans)}</p>\n<p>{source}</p>')
    body = "\n".join(items)
    return f'<details class="kb-report kb-matter">\n<summary>{text(label)}（{len(group.refs)} 份报告）</summary>\n{body}\n</details>'


def _same_matter_section(out: PageBuilder, ctx: PageContext, groups: Sequence[SameMatter]) -> None:
    out.heading(2, SAME_MATTER_ID, "同一事项在各报告中的表述")
    if not groups:
        out.add("<p>暂未发现不同报告在这一主题上说同一件事的段落。</p>")
        return
    out.add(
        "<p>下面每一组是不同报告中说同一件事的段落（由“相似表述”找出：共同的关键词多、且不是套话），"
        "组名是它们共同的关键词。点击组名展开。</p>",
        *(_same_matter_block(ctx, g) for g in groups),
    )


def continuation_title(theme: ThemeRef, kind: SectionKind, number: int) -> str:
    """Title of a continuation page."""
    return f"对比：{theme.name} · {kind.label}（第 {number} 页）"


def render_continuation(
    ctx: PageContext, theme: ThemeRef, kind: SectionKind, number: int, analysis: Analysis, groups: list[ReportRefs]
) -> Rendered:
    """Page ``number`` (2, 3, …) of one section kind of a theme's comparison."""
    out = PageBuilder()
    out.heading(1, TITLE_ID, text(continuation_title(theme, kind, number)))
    out.add(f"<p>{link(ctx.href(compare_uri(theme.id)), f'返回“{text(theme.name)}”对比页')}</p>")
    out.add(*_kind_section(ctx, theme.id, kind, groups, analysis, number))
    return out.rendered()


def render_compare_index(ctx: PageContext, themes: Sequence[ThemeRef], analysis: Analysis) -> Rendered:
    """The comparison index: one row per theme, with how many reports speak to each section kind."""
    rows = []
    for theme in themes:
        refs = tagged_refs(analysis, theme.id)
        counts = "".join(f"<td>{len({r.page.src_uri for r in refs if r.passage.section is k})}</td>" for k in KINDS)
        rows.append(f"<tr><td>{link(ctx.href(compare_uri(theme.id)), text(theme.name))}</td>{counts}</tr>")
    head = "".join(f"<th>{k.label}</th>" for k in KINDS)
    out = PageBuilder()
    out.heading(1, TITLE_ID, "对比")
    out.add(
        "<p>选择一个主题，查看各报告在这一主题上的做法成效、存在问题、原因分析和下一步措施。"
        "表中数字是在该部分涉及这一主题的报告份数。</p>",
        f'<div class="kb-counts"><table><thead><tr><th>主题</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
    )
    return out.rendered()


def compare_pages(themes: Sequence[ThemeRef], analysis: Analysis) -> list[GeneratedPage]:
    """The comparison index, each theme's comparison page and its continuation pages."""
    pages = [GeneratedPage(COMPARE_INDEX, "对比", lambda ctx: render_compare_index(ctx, themes, analysis))]
    for theme in themes:
        by_kind = kind_groups(theme.id, analysis)
        matters = same_matter_groups(theme.id, analysis)
        render = lambda ctx, t=theme, g=by_kind, m=matters: render_compare_page(ctx, t, analysis, g, m)  # noqa: E731
        pages.append(GeneratedPage(compare_uri(theme.id), f"对比：{theme.name}", render))
        for kind, groups in by_kind.items():
            for n in range(2, page_count(len(groups), PAGE_SIZE) + 1):
                render = lambda ctx, t=theme, k=kind, n=n, g=groups: render_continuation(ctx, t, k, n, analysis, g)  # noqa: E731
                # Continuation pages are reached from their first page, not from the nav.
                pages.append(GeneratedPage(continuation_uri(theme.id, kind, n), continuation_title(theme, kind, n), render, False))
    return pages
