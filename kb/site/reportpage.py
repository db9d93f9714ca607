"""Report pages rendered straight from the parsed report, without Python-Markdown.

The page body is fixed by the report contract, so writing its HTML from the blocks is exact
and several times faster than parsing it back from Markdown. This module works out what the
page shows; ``templates/report.html`` says how. Under each passage come the lines that the
other features add: theme chips with the copy-link control, and the 对应措施 / 回应问题 /
相似表述 links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.model import BlockType, Passage
from kb.site.pageparts import Link, rendered
from kb.site.prerender import PageContext, Rendered
from kb.site.relations import passage_label
from kb.site.themes import absolute_url, citation, theme_uri

if TYPE_CHECKING:
    from kb.site.analysis import Analysis, SimilarPassage
    from kb.site.registry import ReportPage
    from kb.site.themes import TaggedPassage, ThemeIndex

TITLE_ID = "report-title"


@dataclass(frozen=True)
class Relations:
    """What a passage is linked to: the measure answering it, the problems it answers, similar passages elsewhere."""

    measure: Link | None
    problems: list[Link]
    similar: list[Link]

    def __bool__(self) -> bool:
        return bool(self.measure or self.problems or self.similar)


@dataclass(frozen=True)
class PassageLines:
    """The lines under one passage; ``chips`` is None in a build without themes."""

    chips: list[Link] | None
    citation: str
    relations: Relations | None


def chips(ctx: PageContext, tagged: TaggedPassage, index: ThemeIndex) -> list[Link]:
    """A passage's theme chips; the tooltip gives the terms that decided each."""
    out = []
    for match in tagged.matches:
        theme = index.taxonomy.get(match.theme)
        out.append(Link(ctx.href(theme_uri(theme.id)), theme.name, "判定依据：" + match.reason()))
    return out


def _passage_link(ctx: PageContext, analysis: Analysis, key: tuple[str, str], text: str, title: str = "") -> Link:
    ref = analysis.refs[key]
    return Link(ctx.href(ref.page.src_uri, ref.passage.id), text, title)


def similarity_level(score: float) -> str:
    """How close two passages' wording is, in words a reader trusts more than a percentage."""
    if score >= 0.3:
        return "高度相近"
    return "相近" if score >= 0.15 else "部分相近"


def similar_reason(similar: SimilarPassage) -> str:
    """How similar a linked passage is and why (the key words both use), for the link text."""
    level = similarity_level(similar.score)
    return f"{level}，共同关键词：{'、'.join(similar.words)}" if similar.words else level


def relations(ctx: PageContext, page: ReportPage, passage: Passage, analysis: Analysis | None) -> Relations | None:
    """对应措施 / 回应问题 / 相似表述 of a passage, or None when it has none."""
    if analysis is None:
        return None
    key = (page.report.meta.slug, passage.id)
    label = lambda k: passage_label(analysis.refs[k].passage)  # noqa: E731
    measure = analysis.answers.get(key)
    found = Relations(
        _passage_link(ctx, analysis, measure, label(measure)) if measure else None,
        [_passage_link(ctx, analysis, k, label(k)) for k in analysis.answered_by.get(key, ())],
        [
            _passage_link(ctx, analysis, s.key, f"{analysis.refs[s.key].page.report.meta.title}（{similar_reason(s)}）", label(s.key))
            for s in analysis.similar.get(key, ())
        ],
    )
    return found or None


def facts(page: ReportPage) -> list[tuple[str, str]]:
    """The line under the title: type, year, place and source file."""
    meta = page.report.meta
    out = [("类型", meta.doc_type), ("年份", f"{meta.year} 年" if meta.year else "不详")]
    if meta.place:
        out.append(("地点", meta.place))
    out.append(("来源文件", meta.source))
    return out


def render_report_page(
    ctx: PageContext, page: ReportPage, index: ThemeIndex | None, analysis: Analysis | None, site_url: str | None
) -> Rendered:
    """The body of a report page with everything shown under its passages."""
    report = page.report
    toc = [(1, TITLE_ID, report.meta.title)]
    passages = iter(page.passages)
    body: list[tuple[object, PassageLines | None]] = []
    for block in report.blocks:
        lines = None
        if block.type is BlockType.HEADING:
            toc.append((block.level + 1, block.id, block.number + block.text))
        elif block.type is BlockType.PASSAGE:
            passage = next(passages)
            cite = citation(report.meta.title, passage.headings, absolute_url(site_url, page.url, passage.id))
            tagged = chips(ctx, index.of(page, passage), index) if index is not None else None
            lines = PassageLines(tagged, cite, relations(ctx, page, passage, analysis))
        body.append((block, lines))
    anchors = {TITLE_ID} | {b.id for b in report.blocks if b.id}
    return rendered(
        "report.html",
        toc,
        anchors,
        title_id=TITLE_ID,
        title=report.meta.title,
        facts=facts(page),
        # In print only: the report's permanent address.
        address=absolute_url(site_url, page.url, "").rstrip("#"),
        body=body,
        retired_ids=report.meta.retired_ids,
    )
