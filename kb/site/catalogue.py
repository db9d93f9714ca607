"""The report catalogue at ``reports/``: every report in one sortable, filterable table.

Above ``MAX_ROWS`` reports the catalogue becomes a list of years, each year with its own table
(templates/catalogue*.html): 3000 rows made a 1.4 MB page, over the 1 MB a page may weigh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from kb.model import COMPARED_SECTIONS
from kb.site.analysis import Key
from kb.site.generated import GeneratedPage
from kb.site.pageparts import Link, Paging, page_count, paging, rendered
from kb.site.prerender import PageContext, Rendered
from kb.paths import REPORTS_URI
from kb.site.registry import ReportPage

CATALOGUE_URI = f"{REPORTS_URI}index.md"
CATALOGUE_TITLE = "报告目录"
MAX_ROWS = 2000  # about 0.93 MB of page, scaled from 1.39 MB at 3000 rows
YEARS_DIR = f"{REPORTS_URI}by-year/"
NO_YEAR = "nd"


# Short headers keep the four count columns narrow; the paragraph above the table spells them out.
COUNT_HEADERS = ("做法", "问题", "原因", "措施")


def report_themes(page: ReportPage, themes: Mapping[Key, Sequence[str]], names: Mapping[str, str]) -> list[tuple[str, int]]:
    """The report's themes with their passage counts, most passages first, e.g. ("廉政", 5), ("学习", 3)."""
    slug = page.report.meta.slug
    counts = Counter(t for p in page.passages for t in themes.get((slug, p.id), ()))
    order = {t: i for i, t in enumerate(names)}
    ranked = sorted(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    return [(names.get(t, t), counts[t]) for t in ranked]


@dataclass(frozen=True)
class CatalogueRow:
    """One report in the catalogue; ``themes`` is None in a build without themes."""

    title: Link
    doc_type: str
    year: int | None
    place: str | None
    counts: list[int]  # passages per section kind, in COMPARED_SECTIONS
    themes: list[tuple[str, int]] | None


def catalogue_row(ctx: PageContext, page: ReportPage, themes: Mapping[Key, Sequence[str]] | None, names: Mapping[str, str]) -> CatalogueRow:
    """One table row: linked title, type, year, place, passages per kind and themes."""
    meta = page.report.meta
    kinds = Counter(p.section for p in page.passages)
    return CatalogueRow(
        Link(ctx.href(page.src_uri), meta.title),
        meta.doc_type,
        meta.year,
        meta.place,
        [kinds[k] for k in COMPARED_SECTIONS],
        report_themes(page, themes, names) if themes is not None else None,
    )


def render_catalogue(
    ctx: PageContext,
    pages: Sequence[ReportPage],
    themes: Mapping[Key, Sequence[str]] | None = None,
    names: Mapping[str, str] | None = None,
    title: str = CATALOGUE_TITLE,
    back: Link | None = None,
    year_pages: Paging | None = None,
) -> Rendered:
    """A catalogue table page; the themes column appears only when ``themes`` is given."""
    names = names or {}
    header = ["报告", "类型", "年份", "地点", *COUNT_HEADERS] + (["主题"] if themes is not None else [])
    rows = [catalogue_row(ctx, p, themes, names) for p in pages]
    return rendered(
        "catalogue.html", [(1, "catalogue-title", title)], {"catalogue-title"}, title=title, back=back, pages=year_pages, header=header, rows=rows
    )


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
        rows.append((Link(ctx.href(year_uri(key)), year_label(key)), len(pages), sorted(types.items(), key=lambda item: (-item[1], item[0]))))
    total = sum(len(p) for _, p in years)
    toc = [(1, "catalogue-title", CATALOGUE_TITLE)]
    return rendered("catalogue-years.html", toc, {"catalogue-title"}, title=CATALOGUE_TITLE, total=total, rows=rows)


def catalogue_pages(pages: Sequence[ReportPage], themes: Mapping[Key, Sequence[str]] | None, names: Mapping[str, str]) -> list[GeneratedPage]:
    """The catalogue: one table, or above ``MAX_ROWS`` reports a list of years and a table per year."""
    if len(pages) <= MAX_ROWS:
        return [GeneratedPage(CATALOGUE_URI, CATALOGUE_TITLE, lambda ctx: render_catalogue(ctx, pages, themes, names), wide=True)]
    years = by_year(pages)
    out = [GeneratedPage(CATALOGUE_URI, CATALOGUE_TITLE, lambda ctx: render_year_index(ctx, years))]
    for key, group in years:
        for n in range(1, page_count(group, MAX_ROWS) + 1):
            title = f"{CATALOGUE_TITLE}：{year_label(key)}" + (f"（第 {n} 页）" if n > 1 else "")

            def render(ctx: PageContext, key: str = key, n: int = n, group: list[ReportPage] = group, title: str = title) -> Rendered:
                page = paging(group, n, MAX_ROWS, lambda i: ctx.href(year_uri(key, i)))
                back = Link(ctx.href(CATALOGUE_URI), "返回各年份一览")
                return render_catalogue(ctx, page.items, themes, names, title, back, page)

            # Year pages are reached from the list of years, not from the nav.
            out.append(GeneratedPage(year_uri(key, n), title, render, in_nav=False, wide=True))
    return out
