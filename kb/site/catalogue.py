"""The report catalogue at ``reports/``: every report in one sortable, filterable table.

At thousands of reports the table is the page, so its cells stay short: numbers are
right-aligned by kb.css instead of an attribute on every cell, links are relative and cells
leave out the end tags HTML does not need. Above ``MAX_ROWS`` reports (about 850 KB of table)
the catalogue becomes a list of years, each year with its own table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import groupby

from kb.model import SectionKind
from kb.site.analysis import Key
from kb.site.generated import GeneratedPage
from kb.site.htmlparts import PageBuilder, filter_box, link, page_count, page_links, sortable_table, text
from kb.site.prerender import PageContext, Rendered
from kb.site.registry import REPORTS_DIR, ReportPage

CATALOGUE_URI = f"{REPORTS_DIR}index.md"
CATALOGUE_TITLE = "报告目录"
COUNTED_KINDS = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE)
MISSING = "—"
MAX_ROWS = 3000
YEARS_DIR = f"{REPORTS_DIR}by-year/"
NO_YEAR = "nd"


# Short headers keep the four count columns narrow; the paragraph above the table spells them out.
COUNT_HEADERS = ("做法", "问题", "原因", "措施")


def report_themes(page: ReportPage, themes: Mapping[Key, Sequence[str]], names: Mapping[str, str]) -> str:
    """The report's themes as chips, most passages first, e.g. "廉政 5" "学习 3"."""
    slug = page.report.meta.slug
    counts = Counter(t for p in page.passages for t in themes.get((slug, p.id), ()))
    order = {t: i for i, t in enumerate(names)}
    ranked = sorted(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    # One chip never breaks inside (kb.css), so a row is as tall as its chips, not a
    # character-per-line column; the space between chips is where a line may break.
    return " ".join(f"<span class=kb-tc>{text(names.get(t, t))} {counts[t]}</span>" for t in ranked)


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
    ctx: PageContext,
    pages: Sequence[ReportPage],
    themes: Mapping[Key, Sequence[str]] | None = None,
    names: Mapping[str, str] | None = None,
    title: str = CATALOGUE_TITLE,
    above: str = "",
) -> Rendered:
    """A catalogue table page; the themes column appears only when ``themes`` is given."""
    names = names or {}
    header = ["报告", "类型", "年份", "地点", *COUNT_HEADERS]
    if themes is not None:
        header.append("主题")
    out = PageBuilder()
    out.heading(1, "catalogue-title", text(title))
    out.add(
        above,
        f"<p>共 {len(pages)} 份报告。点击表头可按该列排序（再点一次反向），在下面的框里输入文字可筛选。"
        "“做法”“问题”“原因”“措施”四列是该报告中做法成效、存在问题、原因分析、下一步措施的段落数，"
        "主题后的数字是该主题的段落数。</p>",
        filter_box("筛选报告：标题、类型、年份、地点或主题"),
        sortable_table("kb-catalogue", header, [catalogue_row(ctx, p, themes, names) for p in pages]),
    )
    return out.rendered()


def year_key(page: ReportPage) -> str:
    """The year part of a by-year catalogue address: the year, or ``nd`` when unknown."""
    return str(page.report.meta.year) if page.report.meta.year else NO_YEAR


def year_label(key: str) -> str:
    return "年份不详" if key == NO_YEAR else f"{key} 年"


def year_uri(key: str, number: int = 1) -> str:
    """Source path of page ``number`` of one year's catalogue."""
    return f"{YEARS_DIR}{key}.md" if number == 1 else f"{YEARS_DIR}{key}/{number}.md"


def by_year(pages: Sequence[ReportPage]) -> list[tuple[str, list[ReportPage]]]:
    """Reports grouped by year, newest first and unknown years last, in registry order within a year."""
    order = sorted(pages, key=lambda p: (p.report.meta.year is None, -(p.report.meta.year or 0)))
    return [(key, list(group)) for key, group in groupby(order, key=year_key)]


def render_year_index(ctx: PageContext, years: list[tuple[str, list[ReportPage]]]) -> Rendered:
    """The catalogue of a large collection: each year with its report count and types."""
    rows = []
    for key, pages in years:
        types = Counter(p.report.meta.doc_type for p in pages)
        kinds = "、".join(f"{text(t)} {n}" for t, n in sorted(types.items(), key=lambda item: (-item[1], item[0])))
        rows.append(f"<tr><td>{link(ctx.href(year_uri(key)), year_label(key))}<td>{len(pages)}<td>{kinds}")
    out = PageBuilder()
    out.heading(1, "catalogue-title", CATALOGUE_TITLE)
    out.add(
        f"<p>共 {sum(len(p) for _, p in years)} 份报告，按年份分页列出：点击年份打开该年的报告一览，可在其中排序、筛选。"
        "跨年份查找请用页面顶部的搜索。</p>",
        sortable_table("kb-years", ["年份", "报告数", "类型"], rows),
    )
    return out.rendered()


def catalogue_pages(pages: Sequence[ReportPage], themes: Mapping[Key, Sequence[str]] | None, names: Mapping[str, str]) -> list[GeneratedPage]:
    """The catalogue: one table, or above ``MAX_ROWS`` reports a list of years and a table per year."""
    if len(pages) <= MAX_ROWS:
        return [GeneratedPage(CATALOGUE_URI, CATALOGUE_TITLE, lambda ctx: render_catalogue(ctx, pages, themes, names), wide=True)]
    years = by_year(pages)
    out = [GeneratedPage(CATALOGUE_URI, CATALOGUE_TITLE, lambda ctx: render_year_index(ctx, years))]
    for key, group in years:
        count = page_count(len(group), MAX_ROWS)
        for n in range(1, count + 1):
            title = f"{CATALOGUE_TITLE}：{year_label(key)}" + (f"（第 {n} 页）" if n > 1 else "")
            chunk = group[(n - 1) * MAX_ROWS : n * MAX_ROWS]

            def render(ctx: PageContext, key: str = key, n: int = n, count: int = count, chunk: list[ReportPage] = chunk, title: str = title) -> Rendered:
                back = f"<p>{link(ctx.href(CATALOGUE_URI), '返回各年份一览')}</p>"
                paging = page_links([ctx.href(year_uri(key, i)) for i in range(1, count + 1)], n)
                return render_catalogue(ctx, chunk, themes, names, title, back + paging)

            # Year pages are reached from the list of years, not from the nav.
            out.append(GeneratedPage(year_uri(key, n), title, render, in_nav=False, wide=True))
    return out
