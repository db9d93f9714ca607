"""Links between passages: 对应措施 / 回应问题 within a report and 相似表述 across reports.

Shared helpers for every generated page link to a passage, plus the lines added under each
passage of a report page. Links are written between ``.md`` sources so MkDocs rewrites them
and validates their anchors under ``--strict``.
"""

from __future__ import annotations

import posixpath

from kb.model import Passage
from kb.reportfile import escape_text
from kb.site.analysis import Analysis, Key, PassageRef, key_of
from kb.site.registry import ReportPage

LABEL_CHARS = 24


def relative_link(from_uri: str, to_uri: str) -> str:
    """Path of ``to_uri`` relative to the page ``from_uri`` (both docs-relative ``.md`` paths)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def passage_label(passage: Passage) -> str:
    """A short name for a passage: its own subheading, else the start of its text."""
    if len(passage.headings) > 1:
        return passage.headings[-1]
    text = passage.text
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS] + "…"


def passage_href(from_uri: str, ref: PassageRef) -> str:
    """Link from page ``from_uri`` to one passage."""
    if ref.page.src_uri == from_uri:
        return f"#{ref.passage.id}"
    return f"{relative_link(from_uri, ref.page.src_uri)}#{ref.passage.id}"


def _link(from_uri: str, ref: PassageRef, text: str, title: str = "") -> str:
    tip = f' "{title}"' if title else ""
    return f"[{escape_text(text)}]({passage_href(from_uri, ref)}{tip})"


def relation_parts(from_uri: str, key: Key, analysis: Analysis) -> list[str]:
    """The labelled link groups for one passage, as inline Markdown."""
    parts = []
    if key in analysis.answers:
        measure = analysis.refs[analysis.answers[key]]
        parts.append(f'<span class="kb-rel-label">对应措施</span> {_link(from_uri, measure, passage_label(measure.passage))}')
    if key in analysis.answered_by:
        links = "、".join(_link(from_uri, analysis.refs[k], passage_label(analysis.refs[k].passage)) for k in analysis.answered_by[key])
        parts.append(f'<span class="kb-rel-label">回应问题</span> {links}')
    if key in analysis.similar:
        links = "、".join(
            _link(from_uri, analysis.refs[k], analysis.refs[k].page.report.meta.title, f"相似度 {round(score * 100)}%")
            for k, score in analysis.similar[key]
        )
        parts.append(f'<span class="kb-rel-label">相似表述</span> {links}')
    return parts


def relations_line(page: ReportPage, passage: Passage, analysis: Analysis) -> str:
    """The paragraph under a passage on its report page, or "" when it has no relations."""
    parts = relation_parts(page.src_uri, key_of(page, passage), analysis)
    if not parts:
        return ""
    # data-search-exclude: titles of other reports must not make this page a search hit for them.
    return "<br>".join(parts) + f'\n{{: .kb-rel data-for="{passage.id}" data-search-exclude="" }}'


def add_relations(markdown: str, page: ReportPage, analysis: Analysis) -> str:
    """A report page's Markdown with a relations line after each passage (and after its chips)."""
    blocks = markdown.split("\n\n")
    wanted = {p.id: relations_line(page, p, analysis) for p in page.report.passages()}
    out: list[str] = []
    pending: tuple[str, str] | None = None  # (passage id, line) waiting for the passage's trailing blocks
    for block in blocks:
        last = block.rstrip("\n").rsplit("\n", 1)[-1]
        if pending and f'data-for="{pending[0]}"' not in last:
            out.append(pending[1])
            pending = None
        out.append(block)
        if last.startswith("{: #") and ".passage" in last:
            passage_id = last[4:].split(" ", 1)[0]
            if wanted.get(passage_id):
                pending = (passage_id, wanted[passage_id])
    if pending:
        out[-1] = out[-1].rstrip("\n")
        out.append(pending[1] + "\n")
    return "\n\n".join(out)
