"""Report pages rendered straight from the parsed report, without Python-Markdown.

The page body is fixed by the report contract, so writing its HTML directly is exact and
several times faster than parsing it back from Markdown. Under each passage come the lines
that the other features add: theme chips with the copy-link control, and the 对应措施 /
回应问题 / 相似表述 links.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from kb.model import BLANK, Block, BlockType, Passage, Span, TableRows
from kb.reportfile import escape_text
from kb.site.prerender import PageContext, Rendered, TocEntry, attr, heading, nest_toc
from kb.site.relations import passage_label
from kb.site.themes import absolute_url, citation, theme_uri

if TYPE_CHECKING:
    from kb.site.analysis import Analysis, SimilarPassage
    from kb.site.registry import ReportPage
    from kb.site.themes import TaggedPassage, ThemeIndex

TITLE_ID = "report-title"


def spans_html(spans: tuple[Span, ...]) -> str:
    """Text with each placeholder as a visible blank that keeps the original characters.

    ASCII punctuation is written as character references, exactly as on Markdown-rendered
    pages, so report text such as "http://x" or "<script>" can never read as markup or a URL.
    """
    return "".join(
        f'<span class="ph" title="隐去：{escape_text(s.text)}">{BLANK}</span>' if s.placeholder else escape_text(s.text)
        for s in spans
    )


def table_html(rows: TableRows) -> str:
    """A table of the report, every cell escaped like passage text; wide tables scroll, not the page."""
    lines = ["<tr>" + "\n".join(f"<td>{spans_html(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return '<div class="kb-table"><table>\n' + "\n".join(lines) + "\n</table></div>"


def block_html(block: Block) -> str:
    """One block of the report body."""
    if block.type is BlockType.TABLE:
        return table_html(block.rows)
    body = spans_html(block.spans)
    if block.type is BlockType.HEADING:
        number = f'<span class="hn">{escape_text(block.number)}</span>' if block.number else ""
        return heading(block.level + 1, block.id, number + body)
    if block.type is BlockType.PASSAGE:
        return f'<p class="passage" data-kind="{block.kind.value}" id="{block.id}">{body}</p>'
    return f'<p class="{block.type.value}">{body}</p>'


def chips_html(ctx: PageContext, tagged: TaggedPassage, index: ThemeIndex, site_url: str | None) -> str:
    """Theme chips (tooltip: the terms that decided them) and the copy-link control."""
    page, passage = tagged.page, tagged.passage
    parts = []
    for match in tagged.matches:
        theme = index.taxonomy.get(match.theme)
        why = "判定依据：" + match.reason()
        parts.append(f'<a class="kb-chip" href="{ctx.href(theme_uri(theme.id))}" title="{attr(why)}">{html.escape(theme.name)}</a>')
    cite = citation(page.report.meta.title, passage.headings, absolute_url(site_url, page.url, passage.id))
    parts.append(
        f'<button type="button" class="kb-copy" data-citation="{attr(cite)}" '
        f'title="复制本段的引用：报告标题、所在标题和永久链接">复制链接</button>'
    )
    # data-search-exclude: theme names and "复制链接" under every passage are noise in search.
    return f'<p class="kb-chips" data-for="{passage.id}" data-search-exclude="">{" ".join(parts)}</p>'


def _passage_link(ctx: PageContext, analysis: Analysis, key: tuple[str, str], text: str, title: str = "") -> str:
    ref = analysis.refs[key]
    tip = f' title="{attr(title)}"' if title else ""
    return f'<a href="{ctx.href(ref.page.src_uri, ref.passage.id)}"{tip}>{escape_text(text)}</a>'


def similarity_level(score: float) -> str:
    """How close two passages' wording is, in words a reader trusts more than a percentage."""
    if score >= 0.3:
        return "高度相近"
    return "相近" if score >= 0.15 else "部分相近"


def similar_reason(similar: SimilarPassage) -> str:
    """How similar a linked passage is and why (the key words both use), for the link text."""
    level = similarity_level(similar.score)
    return f"{level}，共同关键词：{'、'.join(similar.words)}" if similar.words else level


def relations_html(ctx: PageContext, page: ReportPage, passage: Passage, analysis: Analysis | None) -> str:
    """对应措施 / 回应问题 / 相似表述 links under a passage, or "" when it has none."""
    if analysis is None:
        return ""
    key = (page.report.meta.slug, passage.id)
    parts = []
    if key in analysis.answers:
        measure = analysis.answers[key]
        parts.append('<span class="kb-rel-label">对应措施</span> ' + _passage_link(ctx, analysis, measure, passage_label(analysis.refs[measure].passage)))
    if key in analysis.answered_by:
        links = "、".join(_passage_link(ctx, analysis, k, passage_label(analysis.refs[k].passage)) for k in analysis.answered_by[key])
        parts.append(f'<span class="kb-rel-label">回应问题</span> {links}')
    if key in analysis.similar:
        links = "；".join(
            _passage_link(ctx, analysis, s.key, f"{analysis.refs[s.key].page.report.meta.title}（{similar_reason(s)}）", passage_label(analysis.refs[s.key].passage))
            for s in analysis.similar[key]
        )
        parts.append(f'<span class="kb-rel-label">相似表述</span> {links}')
    if not parts:
        return ""
    # data-search-exclude: other reports' titles must not make this page a hit for them.
    return f'<p class="kb-rel" data-for="{passage.id}" data-search-exclude="">{"<br>".join(parts)}</p>'


def retired_html(retired_ids: tuple[str, ...]) -> str:
    """Hidden list of retired passage ids, read by kb.js to explain an old link."""
    return f'<div id="kb-retired" data-ids="{attr(" ".join(retired_ids))}" hidden></div>'


def meta_html(page: ReportPage, site_url: str | None) -> str:
    """The line under the title: type, year, place and source file, the print control and,
    in print only, the report's permanent address."""
    meta = page.report.meta
    facts = [("类型", meta.doc_type), ("年份", f"{meta.year} 年" if meta.year else "不详")]
    if meta.place:
        facts.append(("地点", meta.place))
    facts.append(("来源文件", meta.source))
    items = "".join(f'<span class="kb-fact"><span class="kb-fact-name">{name}</span>{escape_text(value)}</span>' for name, value in facts)
    address = absolute_url(site_url, page.url, "").rstrip("#")
    # data-search-exclude: the same words head every report and would make them all hits.
    return (
        f'<p class="kb-meta" data-search-exclude="">{items}'
        '<button type="button" class="kb-print" title="打印整份报告，或在打印对话框中选择“另存为 PDF”">打印 / 存为 PDF</button></p>\n'
        f'<p class="kb-print-only" data-search-exclude="">本报告地址：{escape_text(address)}</p>'
    )


def render_report_page(
    ctx: PageContext, page: ReportPage, index: ThemeIndex | None, analysis: Analysis | None, site_url: str | None
) -> Rendered:
    """The body of a report page with everything shown under its passages."""
    report = page.report
    title = escape_text(report.meta.title)
    out = [heading(1, TITLE_ID, title), meta_html(page, site_url)]
    toc = [TocEntry(1, TITLE_ID, title)]
    passages = iter(report.passages())
    for block in report.blocks:
        out.append(block_html(block))
        if block.type is BlockType.HEADING:
            toc.append(TocEntry(block.level + 1, block.id, escape_text(block.number + block.text)))
        elif block.type is BlockType.PASSAGE:
            passage = next(passages)
            if index is not None:
                out.append(chips_html(ctx, index.of(page, passage), index, site_url))
            rel = relations_html(ctx, page, passage, analysis)
            if rel:
                out.append(rel)
    out.append(retired_html(report.meta.retired_ids))
    anchors = frozenset([TITLE_ID] + [b.id for b in report.blocks if b.id])
    return Rendered("\n".join(out) + "\n", tuple(nest_toc(toc)), anchors)
