"""The 提法 index ``terms/`` and one page per term listing every passage that uses it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kb.model import SectionKind
from kb.site.analysis import Analysis, PassageRef
from kb.site.generated import GeneratedPage
from kb.site.htmlparts import PageBuilder, filter_box, link, page_count, page_links, sortable_table, text
from kb.site.prerender import PageContext, Rendered
from kb.site.terms import term_slug

TERMS_DIR = "terms/"
TERMS_INDEX = f"{TERMS_DIR}index.md"
KIND_ORDER = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE, SectionKind.OVERVIEW)
CONTEXT_CHARS = 16
# Said plainly, in the muted style of a note (kb.css), so a term we have not defined yet
# reads as "not written yet", not as a broken cell.
UNDEFINED = '<span class="kb-undefined">尚未编写释义</span>'
# Uses listed on one page; more go to continuation pages. A common term is in every other
# report, and at 3000 reports its single page was 685 KB.
PAGE_SIZE = 500


def term_uri(term: str, number: int = 1) -> str:
    """Source path of page ``number`` of a term's page (2, 3, … are continuation pages)."""
    return f"{TERMS_DIR}{term_slug(term)}.md" if number == 1 else f"{TERMS_DIR}{term_slug(term)}/{number}.md"


def term_title(term: str, number: int = 1) -> str:
    """Title of page ``number`` of a term's page."""
    return f"提法：{term}" if number == 1 else f"提法：{term}（第 {number} 页）"


def keyword_in_context(passage_text: str, term: str, width: int = CONTEXT_CHARS) -> str:
    """HTML snippet around the first use of ``term``, the term in bold."""
    at = passage_text.find(term)
    if at < 0:
        return text(passage_text[: 2 * width]) + ("…" if len(passage_text) > 2 * width else "")
    start, end = max(0, at - width), min(len(passage_text), at + len(term) + width)
    before = ("…" if start else "") + text(passage_text[start:at])
    after = text(passage_text[at + len(term) : end]) + ("…" if end < len(passage_text) else "")
    return f"{before}<strong>{text(term)}</strong>{after}"


def _use_line(ctx: PageContext, term: str, ref: PassageRef) -> str:
    title = text(ref.page.report.meta.title)
    where = text(" › ".join(ref.passage.headings[1:])) if len(ref.passage.headings) > 1 else ""
    label = f"{title} › {where}" if where else title
    return f"<li>{link(ctx.href(ref.page.src_uri, ref.passage.id), label)}：{keyword_in_context(ref.passage.text, term)}</li>"


def _uses_in_order(term: str, analysis: Analysis) -> list[PassageRef]:
    refs = [analysis.refs[k] for k in analysis.uses.get(term, ())]
    return [r for kind in KIND_ORDER for r in refs if r.passage.section is kind]


def render_term_page(ctx: PageContext, term: str, refs: Sequence[PassageRef], analysis: Analysis, number: int = 1) -> Rendered:
    """Page ``number`` of a term's page: our definition, then the passages using it by section kind.

    ``refs`` are every use of the term in ``_uses_in_order``: worked out once for all its pages.
    """
    totals = Counter(r.passage.section for r in refs)
    reports = len({r.page.src_uri for r in refs})
    definition = analysis.glossary.definition(term)
    pages = page_count(len(refs), PAGE_SIZE)
    out = PageBuilder()
    out.heading(1, "term-title", f"“{text(term)}”" + (f"（第 {number} 页）" if number > 1 else ""))
    entry = analysis.glossary.entries.get(term)
    if definition and number == 1:
        source = f'<p class="kb-source-doc">出处：{text(entry.source)}</p>' if entry and entry.source else ""
        out.add(f'<div class="admonition kb-definition"><p class="admonition-title">释义</p><p>{text(definition)}</p>{source}</div>')
    elif number == 1:
        out.add('<p class="kb-undefined">本知识库尚未为这条提法编写释义；下面列出它在各报告中的用法，可从上下文了解其含义。</p>')
    out.add(f"<p>出现在 {reports} 份报告的 {len(refs)} 个段落中。{link(ctx.href(TERMS_INDEX), '返回提法索引')}</p>")
    paging = page_links([ctx.href(term_uri(term, n)) for n in range(1, pages + 1)], number)
    out.add(paging)
    chunk = refs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    for kind in KIND_ORDER:
        in_kind = [r for r in chunk if r.passage.section is kind]
        if in_kind:
            out.heading(2, kind.value, f"{kind.label}（{totals[kind]}）")
            out.add("<ul>" + "".join(_use_line(ctx, term, r) for r in in_kind) + "</ul>")
    out.add(paging)
    return out.rendered()


def _definition_cell(analysis: Analysis, term: str) -> str:
    """Our definition of ``term`` and, on a line of its own, the document it comes from."""
    entry = analysis.glossary.entries.get(term)
    if entry is None:
        return UNDEFINED
    source = f'<span class="kb-source-doc">出处：{text(entry.source)}</span>' if entry.source else ""
    return text(entry.definition) + source


def render_terms_index(ctx: PageContext, terms: Sequence[str], analysis: Analysis) -> Rendered:
    """The 提法 index: every term with our definition, and how often reports use it."""
    rows = []
    for term in terms:
        refs = analysis.uses.get(term, ())
        reports = len({k[0] for k in refs})
        rows.append(f"<tr><td>{link(ctx.href(term_uri(term)), text(term))}</td><td>{_definition_cell(analysis, term)}</td><td>{len(refs)}</td><td>{reports}</td></tr>")
    out = PageBuilder()
    out.heading(1, "terms-title", "提法索引")
    out.add(
        f"<p>共 {len(terms)} 条提法。提法是报告里加引号的固定说法，如“三会一课”“四风”，由程序从全部报告中自动找出，"
        "释义由本知识库编写。点击提法查看所有用到它的段落；在报告页上把鼠标停在带虚线的提法上（手机上轻点）可看到释义。</p>",
        filter_box("筛选提法或释义"),
        sortable_table("kb-termtable", ["提法", "释义", "段落数", "报告数"], rows),
    )
    return out.rendered()


def term_pages(analysis: Analysis) -> list[GeneratedPage]:
    """The 提法 index and a page per term."""
    terms = analysis.terms()
    # Wide: without the (empty) toc column the 释义 column reads a sentence to a line.
    pages = [GeneratedPage(TERMS_INDEX, "提法索引", lambda ctx: render_terms_index(ctx, terms, analysis), wide=True)]
    # Term pages are reached from the index; hundreds of them would swamp the sidebar.
    for term in terms:
        refs = _uses_in_order(term, analysis)
        for n in range(1, page_count(len(refs), PAGE_SIZE) + 1):
            render = lambda ctx, t=term, r=refs, n=n: render_term_page(ctx, t, r, analysis, n)  # noqa: E731
            pages.append(GeneratedPage(term_uri(term, n), term_title(term, n), render, False))
    return pages
