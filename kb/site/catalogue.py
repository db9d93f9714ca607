"""The report catalogue at ``reports/``: every report in one sortable, filterable table.

At thousands of reports the table is the page, so its cells stay short: numbers are
right-aligned by kb.css instead of an attribute on every cell, links are relative and cells
leave out the end tags HTML does not need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from kb.model import SectionKind
from kb.site.analysis import Key
from kb.site.htmlparts import PageBuilder, filter_box, sortable_table, text
from kb.site.prerender import PageContext, Rendered
from kb.site.registry import REPORTS_DIR, ReportPage

CATALOGUE_URI = f"{REPORTS_DIR}index.md"
CATALOGUE_TITLE = "报告目录"
COUNTED_KINDS = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE)
MISSING = "—"


def report_themes(page: ReportPage, themes: Mapping[Key, Sequence[str]], names: Mapping[str, str]) -> str:
    """The report's themes, most passages first, e.g. "廉政（5）、学习（3）"."""
    slug = page.report.meta.slug
    counts = Counter(t for p in page.passages for t in themes.get((slug, p.id), ()))
    order = {t: i for i, t in enumerate(names)}
    ranked = sorted(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    return "、".join(f"{text(names.get(t, t))}（{counts[t]}）" for t in ranked)


def catalogue_row(ctx: PageContext, page: ReportPage, themes: Mapping[Key, Sequence[str]] | None, names: Mapping[str, str]) -> str:
    """One table row: linked title, type, year, place, passages per kind and themes."""
    meta = page.report.meta
    kinds = Counter(p.section for p in page.passages)
    cells = [
        f'<a href="{ctx.href(page.src_uri)}">{text(meta.title)}</a>',
        text(meta.doc_type),
        str(meta.year) if meta.year else MISSING,
        text(meta.place) if meta.place else MISSING,
        *(str(kinds[k]) for k in COUNTED_KINDS),
    ]
    if themes is not None:
        cells.append(report_themes(page, themes, names) or MISSING)
    # HTML lets a cell or row end where the next begins: without "</td>" and "</tr>" the
    # table is the same to the browser and 13% smaller.
    return "<tr>" + "".join([f"<td>{c}" for c in cells])


def render_catalogue(
    ctx: PageContext, pages: Sequence[ReportPage], themes: Mapping[Key, Sequence[str]] | None = None, names: Mapping[str, str] | None = None
) -> Rendered:
    """The catalogue page; the themes column appears only when ``themes`` is given."""
    names = names or {}
    header = ["报告", "类型", "年份", "地点", *(k.label for k in COUNTED_KINDS)]
    if themes is not None:
        header.append("主题")
    out = PageBuilder()
    out.heading(1, "catalogue-title", CATALOGUE_TITLE)
    out.add(
        f"<p>共 {len(pages)} 份报告。点击表头可按该列排序（再点一次反向），在下面的框里输入文字可筛选。"
        "各部分的数字是该报告中做法成效、存在问题、原因分析、下一步措施的段落数。</p>",
        filter_box("筛选报告：标题、类型、年份、地点或主题"),
        sortable_table("kb-catalogue", header, [catalogue_row(ctx, p, themes, names) for p in pages]),
    )
    return out.rendered()
