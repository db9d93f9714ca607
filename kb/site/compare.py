"""Comparison pages ``compare/<theme>/``: for one theme, what each report says, per section kind.

Layout for phones and hundreds of reports: one heading per section kind, then one
collapsible block per report (pymdownx.details) holding its passages; each problem shows
the measure its report pairs with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kb.model import SectionKind
from kb.reportfile import escape_text, render_spans
from kb.site.analysis import Analysis, PassageRef
from kb.site.catalogue import front_matter
from kb.site.relations import passage_href, passage_label, relative_link

COMPARE_DIR = "compare/"
COMPARE_INDEX = f"{COMPARE_DIR}index.md"
KINDS = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE)
# Reports per section kind on one page; more go to continuation pages, so a theme that
# hundreds of reports touch stays a page a phone can load.
PAGE_SIZE = 50


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


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.split("\n"))


def _passage_block(uri: str, ref: PassageRef, analysis: Analysis) -> str:
    passage = ref.passage
    key = (ref.page.report.meta.slug, passage.id)
    where = escape_text(" › ".join(passage.headings)) or "报告开头"
    parts = [
        f'{render_spans(passage.spans)}\n{{: .kb-excerpt data-kind="{passage.section.value}" }}',
        f"[查看原文：{where}]({passage_href(uri, ref)}){{: .kb-source }}",
    ]
    if key in analysis.answers:
        measure = analysis.refs[analysis.answers[key]]
        parts.append(
            f'<span class="kb-rel-label">对应措施</span> [{escape_text(passage_label(measure.passage))}]({passage_href(uri, measure)})\n'
            f"{{: .kb-rel }}\n\n{render_spans(measure.passage.spans)}\n{{: .kb-excerpt .kb-answer data-kind=\"measure\" }}"
        )
    return "\n\n".join(parts)


def _report_block(uri: str, refs: Sequence[PassageRef], analysis: Analysis) -> str:
    title = escape_text(refs[0].page.report.meta.title)
    body = "\n\n".join(_passage_block(uri, ref, analysis) for ref in refs)
    return f'??? kb-report "{title}（{len(refs)} 段）"\n\n{_indent(body)}'


def tagged_refs(analysis: Analysis, theme_id: str) -> list[PassageRef]:
    """Passages carrying the theme, in registry order."""
    return [analysis.refs[k] for k, themes in analysis.themes.items() if theme_id in themes]


def _group_by_report(refs: Sequence[PassageRef]) -> list[list[PassageRef]]:
    groups: dict[str, list[PassageRef]] = {}
    for ref in refs:
        groups.setdefault(ref.page.src_uri, []).append(ref)
    return list(groups.values())


def _kind_groups(theme_id: str, analysis: Analysis) -> dict[SectionKind, list[list[PassageRef]]]:
    refs = tagged_refs(analysis, theme_id)
    return {kind: _group_by_report([r for r in refs if r.passage.section is kind]) for kind in KINDS}


def _page_links(uri: str, theme_id: str, kind: SectionKind, groups: Sequence[Sequence[PassageRef]], current: int) -> str:
    count = -(-len(groups) // PAGE_SIZE)
    links = []
    for number in range(1, count + 1):
        target = compare_uri(theme_id) if number == 1 else continuation_uri(theme_id, kind, number)
        anchor = f"#{kind.value}" if number == 1 else ""
        label = f"第 {number} 页"
        links.append(f"**{label}**" if number == current else f"[{label}]({relative_link(uri, target)}{anchor})")
    return "分页：" + " · ".join(links)


def _kind_section(uri: str, theme_id: str, kind: SectionKind, groups: list[list[PassageRef]], analysis: Analysis, number: int) -> list[str]:
    chunk = groups[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    passages = sum(len(g) for g in groups)
    parts = [f"{len(groups)} 份报告，共 {passages} 段。"]
    paged = len(groups) > PAGE_SIZE
    if paged:
        parts.append(_page_links(uri, theme_id, kind, groups, number))
    parts.extend(_report_block(uri, group, analysis) for group in chunk)
    if paged:
        parts.append(_page_links(uri, theme_id, kind, groups, number))
    return parts


def render_compare_page(theme: ThemeRef, analysis: Analysis) -> str:
    """The comparison page of one theme (first page of every section kind)."""
    uri = compare_uri(theme.id)
    by_kind = _kind_groups(theme.id, analysis)
    name = escape_text(theme.name)
    reports = len({g[0].page.src_uri for groups in by_kind.values() for g in groups})
    intro = (
        f"本页把 {reports} 份报告中归入“{name}”主题的段落按部分并列，便于对照各地怎么做、查摆出什么问题、"
        "分析了哪些原因、打算怎么改。点击报告标题展开其段落；存在问题下方列出该报告中与之对应的下一步措施。"
    )
    parts = [f"{front_matter('对比：' + theme.name)}# 对比：{name} {{#compare-title}}", intro]
    if theme.page_uri:
        parts.append(f"另见：[主题页“{name}”]({relative_link(uri, theme.page_uri)})，按部分列出全部相关段落。")
    for kind in KINDS:
        parts.append(f"## {kind.label} {{#{kind.value}}}")
        if not by_kind[kind]:
            parts.append("暂无报告在这一部分涉及该主题。")
            continue
        parts.extend(_kind_section(uri, theme.id, kind, by_kind[kind], analysis, 1))
    return "\n\n".join(parts) + "\n"


def render_continuations(theme: ThemeRef, analysis: Analysis) -> list[tuple[str, str]]:
    """Pages 2, 3, … of each section kind that has more than ``PAGE_SIZE`` reports, as (uri, Markdown)."""
    out = []
    for kind, groups in _kind_groups(theme.id, analysis).items():
        for number in range(2, -(-len(groups) // PAGE_SIZE) + 1):
            uri = continuation_uri(theme.id, kind, number)
            title = f"对比：{theme.name} · {kind.label}（第 {number} 页）"
            back = f"[返回“{escape_text(theme.name)}”对比页]({relative_link(uri, compare_uri(theme.id))})"
            body = [f"{front_matter(title)}# {escape_text(title)} {{#compare-title}}", back, *_kind_section(uri, theme.id, kind, groups, analysis, number)]
            out.append((uri, "\n\n".join(body) + "\n"))
    return out


def render_compare_index(themes: Sequence[ThemeRef], analysis: Analysis) -> str:
    """The comparison index: one row per theme, with how many reports speak to each section kind."""
    rows = []
    for theme in themes:
        refs = tagged_refs(analysis, theme.id)
        counts = [len({r.page.src_uri for r in refs if r.passage.section is k}) for k in KINDS]
        link = relative_link(COMPARE_INDEX, compare_uri(theme.id))
        rows.append(f"| [{escape_text(theme.name)}]({link}) | " + " | ".join(map(str, counts)) + " |")
    header = "| 主题 | " + " | ".join(k.label for k in KINDS) + " |\n| --- |" + " ---: |" * len(KINDS)
    intro = (
        "选择一个主题，查看各报告在这一主题上的做法成效、存在问题、原因分析和下一步措施。"
        "表中数字是在该部分涉及这一主题的报告份数。"
    )
    return "\n\n".join([f"{front_matter('对比')}# 对比 {{#compare-title}}", intro, header + "\n" + "\n".join(rows)]) + "\n"

