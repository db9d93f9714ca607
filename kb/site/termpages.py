"""The 提法 index ``terms/`` and one page per term listing every passage that uses it."""

from __future__ import annotations

from collections.abc import Sequence

from kb.model import SectionKind
from kb.reportfile import escape_text
from kb.site.analysis import Analysis, PassageRef
from kb.site.catalogue import filter_box, front_matter
from kb.site.relations import passage_href, relative_link
from kb.site.terms import term_slug

TERMS_DIR = "terms/"
TERMS_INDEX = f"{TERMS_DIR}index.md"
KIND_ORDER = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE, SectionKind.OVERVIEW)
CONTEXT_CHARS = 16
UNDEFINED = "（暂无释义）"


def term_uri(term: str) -> str:
    """Source path of a term's page."""
    return f"{TERMS_DIR}{term_slug(term)}.md"


def keyword_in_context(text: str, term: str, width: int = CONTEXT_CHARS) -> str:
    """HTML-safe snippet around the first use of ``term``, the term in bold."""
    at = text.find(term)
    if at < 0:
        return escape_text(text[: 2 * width]) + ("…" if len(text) > 2 * width else "")
    start, end = max(0, at - width), min(len(text), at + len(term) + width)
    before = ("…" if start else "") + escape_text(text[start:at])
    after = escape_text(text[at + len(term) : end]) + ("…" if end < len(text) else "")
    return f"{before}<strong>{escape_text(term)}</strong>{after}"


def _use_line(uri: str, term: str, ref: PassageRef) -> str:
    title = escape_text(ref.page.report.meta.title)
    where = escape_text(" › ".join(ref.passage.headings[1:])) if len(ref.passage.headings) > 1 else ""
    label = f"{title} › {where}" if where else title
    return f"- [{label}]({passage_href(uri, ref)})：{keyword_in_context(ref.passage.text, term)}"


def render_term_page(term: str, analysis: Analysis) -> str:
    """A term's page: our definition, then every passage using it, by section kind."""
    uri = term_uri(term)
    refs = [analysis.refs[k] for k in analysis.uses.get(term, ())]
    reports = len({r.page.src_uri for r in refs})
    definition = analysis.glossary.definition(term)
    parts = [f"{front_matter('提法：' + term)}# “{escape_text(term)}” {{#term-title}}"]
    if definition:
        parts.append(f'!!! kb-definition "释义"\n\n    {escape_text(definition)}')
    parts.append(f"出现在 {reports} 份报告的 {len(refs)} 个段落中。[返回提法索引]({relative_link(uri, TERMS_INDEX)})")
    for kind in KIND_ORDER:
        in_kind = [r for r in refs if r.passage.section is kind]
        if in_kind:
            parts.append(f"## {kind.label}（{len(in_kind)}） {{#{kind.value}}}")
            parts.append("\n".join(_use_line(uri, term, r) for r in in_kind))
    return "\n\n".join(parts) + "\n"


def render_terms_index(terms: Sequence[str], analysis: Analysis) -> str:
    """The 提法 index: every term with our definition, and how often reports use it."""
    rows = []
    for term in terms:
        refs = analysis.uses.get(term, ())
        reports = len({k[0] for k in refs})
        definition = escape_text(analysis.glossary.definition(term) or UNDEFINED)
        link = relative_link(TERMS_INDEX, term_uri(term))
        rows.append(f"| [{escape_text(term)}]({link}) | {definition} | {len(refs)} | {reports} |")
    intro = (
        f"共 {len(terms)} 条提法。提法是报告里加引号的固定说法，如“三会一课”“四风”，由程序从全部报告中自动找出，"
        "释义由本知识库编写。点击提法查看所有用到它的段落；在报告页上把鼠标停在带虚线的提法上（手机上轻点）可看到释义。"
    )
    table = "| 提法 | 释义 | 段落数 | 报告数 |\n| --- | --- | ---: | ---: |\n" + "\n".join(rows)
    return "\n\n".join(
        [
            f"{front_matter('提法索引')}# 提法索引 {{#terms-title}}",
            intro,
            filter_box("筛选提法或释义"),
            f'<div class="kb-sortable" markdown>\n\n{table}\n\n</div>',
        ]
    ) + "\n"
