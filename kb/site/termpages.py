"""The 提法 index ``terms/`` and one page per term listing every passage that uses it (templates/term*.html)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kb.model import SECTION_ORDER
from kb.site.analysis import Analysis, PassageRef
from kb.site.generated import GeneratedPage
from kb.site.pageparts import Link, page_count, paging, rendered
from kb.site.prerender import PageContext, Rendered
from kb.site.terms import GlossaryEntry, term_slug

TERMS_DIR = "terms/"
TERMS_INDEX = f"{TERMS_DIR}index.md"
CONTEXT_CHARS = 16
# Uses listed on one page; more go to continuation pages. A common term is in every other
# report, and at 3000 reports its single page was 685 KB.
PAGE_SIZE = 500


def term_uri(term: str, number: int = 1) -> str:
    """Source path of page ``number`` of a term's page (2, 3, … are continuation pages)."""
    return f"{TERMS_DIR}{term_slug(term)}.md" if number == 1 else f"{TERMS_DIR}{term_slug(term)}/{number}.md"


def term_title(term: str, number: int = 1) -> str:
    """Title of page ``number`` of a term's page."""
    return f"提法：{term}" if number == 1 else f"提法：{term}（第 {number} 页）"


@dataclass(frozen=True)
class Use:
    """A passage using a term: a link to it and the words around the first use."""

    link: Link
    before: str
    term: str  # "" when the passage does not spell the term out
    after: str


def keyword_in_context(passage_text: str, term: str, width: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The text around the first use of ``term`` as (before, term, after); ("start…", "", "") without one."""
    at = passage_text.find(term)
    if at < 0:
        return passage_text[: 2 * width] + ("…" if len(passage_text) > 2 * width else ""), "", ""
    start, end = max(0, at - width), min(len(passage_text), at + len(term) + width)
    before = ("…" if start else "") + passage_text[start:at]
    after = passage_text[at + len(term) : end] + ("…" if end < len(passage_text) else "")
    return before, term, after


def _use(ctx: PageContext, term: str, ref: PassageRef) -> Use:
    title = ref.page.report.meta.title
    where = " › ".join(ref.passage.headings[1:])
    label = f"{title} › {where}" if where else title
    return Use(Link(ctx.href(ref.page.src_uri, ref.passage.id), label), *keyword_in_context(ref.passage.text, term))


def _uses_in_order(term: str, analysis: Analysis) -> list[PassageRef]:
    refs = [analysis.refs[k] for k in analysis.uses.get(term, ())]
    return [r for kind in SECTION_ORDER for r in refs if r.passage.section is kind]


def render_term_page(ctx: PageContext, term: str, refs: Sequence[PassageRef], analysis: Analysis, number: int = 1) -> Rendered:
    """Page ``number`` of a term's page: our definition, then the passages using it by section kind.

    ``refs`` are every use of the term in ``_uses_in_order``: worked out once for all its pages.
    """
    totals = Counter(r.passage.section for r in refs)
    page = paging(refs, number, PAGE_SIZE, lambda n: ctx.href(term_uri(term, n)))
    parts = []
    for kind in SECTION_ORDER:
        in_kind = [_use(ctx, term, r) for r in page.items if r.passage.section is kind]
        if in_kind:
            parts.append((kind, totals[kind], in_kind))
    title = f"“{term}”" + (f"（第 {number} 页）" if number > 1 else "")
    toc = [(1, "term-title", title)] + [(2, kind.value, f"{kind.label}（{total}）") for kind, total, _ in parts]
    return rendered(
        "term.html",
        toc,
        {"term-title", *(kind.value for kind, _, _ in parts)},
        title=title,
        entry=analysis.glossary.entries.get(term),
        reports=len({r.page.src_uri for r in refs}),
        uses=len(refs),
        index=ctx.href(TERMS_INDEX),
        paging=page,
        parts=parts,
    )


@dataclass(frozen=True)
class TermRow:
    """A row of the 提法 index; ``entry`` is None for a term we have not defined."""

    term: Link
    entry: GlossaryEntry | None
    uses: int
    reports: int


def render_terms_index(ctx: PageContext, terms: Sequence[str], analysis: Analysis) -> Rendered:
    """The 提法 index: every term with our definition, and how often reports use it."""
    rows = []
    for term in terms:
        refs = analysis.uses.get(term, ())
        rows.append(TermRow(Link(ctx.href(term_uri(term)), term), analysis.glossary.entries.get(term), len(refs), len({k[0] for k in refs})))
    return rendered("terms-index.html", [(1, "terms-title", "提法索引")], {"terms-title"}, rows=rows)


def term_pages(analysis: Analysis) -> list[GeneratedPage]:
    """The 提法 index and a page per term."""
    terms = analysis.terms()
    # Wide: without the (empty) toc column the 释义 column reads a sentence to a line.
    pages = [GeneratedPage(TERMS_INDEX, "提法索引", lambda ctx: render_terms_index(ctx, terms, analysis), wide=True)]
    # Term pages are reached from the index; hundreds of them would swamp the sidebar.
    for term in terms:
        refs = _uses_in_order(term, analysis)
        for n in range(1, page_count(refs, PAGE_SIZE) + 1):
            render = lambda ctx, t=term, r=refs, n=n: render_term_page(ctx, t, r, analysis, n)  # noqa: E731
            pages.append(GeneratedPage(term_uri(term, n), term_title(term, n), render, False))
    return pages
