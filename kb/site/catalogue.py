"""The report catalogue at ``reports/``: every report in one sortable, filterable table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import yaml

from kb.model import SectionKind
from kb.reportfile import escape_text
from kb.site.analysis import Key
from kb.site.registry import REPORTS_DIR, ReportPage
from kb.site.relations import relative_link

CATALOGUE_URI = f"{REPORTS_DIR}index.md"
COUNTED_KINDS = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE)
MISSING = "—"


def filter_box(placeholder: str) -> str:
    """A text box that hides table rows not containing what the reader types (see tablesort.js)."""
    return f'<input type="search" class="kb-filter" placeholder="{placeholder}" aria-label="{placeholder}">'


def front_matter(title: str) -> str:
    """Front matter of an aggregate page: a title, and kept out of the search index."""
    # Aggregate pages repeat report titles and text; indexing them would bury the report pages.
    data = {"title": title, "search": {"exclude": True}}
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\n"


def report_themes(page: ReportPage, themes: Mapping[Key, Sequence[str]], names: Mapping[str, str]) -> str:
    """The report's themes, most passages first, e.g. "廉政（5）、学习（3）"."""
    slug = page.report.meta.slug
    counts = Counter(t for p in page.passages for t in themes.get((slug, p.id), ()))
    order = list(names)
    ranked = sorted(counts, key=lambda t: (-counts[t], order.index(t) if t in order else len(order), t))
    return "、".join(f"{escape_text(names.get(t, t))}（{counts[t]}）" for t in ranked)


def catalogue_row(page: ReportPage, themes: Mapping[Key, Sequence[str]] | None, names: Mapping[str, str]) -> str:
    """One table row: linked title, type, year, place, passages per kind and themes."""
    meta = page.report.meta
    kinds = Counter(p.section for p in page.passages)
    cells = [
        f"[{escape_text(meta.title)}]({relative_link(CATALOGUE_URI, page.src_uri)})",
        escape_text(meta.doc_type),
        str(meta.year) if meta.year else MISSING,
        escape_text(meta.place) if meta.place else MISSING,
        *(str(kinds[k]) for k in COUNTED_KINDS),
    ]
    if themes is not None:
        cells.append(report_themes(page, themes, names) or MISSING)
    return "| " + " | ".join(cells) + " |"


def render_catalogue(pages: Sequence[ReportPage], themes: Mapping[Key, Sequence[str]] | None = None, names: Mapping[str, str] | None = None) -> str:
    """The catalogue page; the themes column appears only when ``themes`` is given."""
    names = names or {}
    header = ["报告", "类型", "年份", "地点", *(k.label for k in COUNTED_KINDS)]
    align = ["---", "---", "---:", "---", *("---:" for _ in COUNTED_KINDS)]
    if themes is not None:
        header.append("主题")
        align.append("---")
    lines = [
        front_matter("报告目录"),
        "# 报告目录 {#catalogue-title}\n",
        f"共 {len(pages)} 份报告。点击表头可按该列排序（再点一次反向），在下面的框里输入文字可筛选。"
        "各部分的数字是该报告中做法成效、存在问题、原因分析、下一步措施的段落数。\n",
        filter_box("筛选报告：标题、类型、年份、地点或主题") + "\n",
        '<div class="kb-sortable" markdown>\n',
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(align) + " |",
        *(catalogue_row(p, themes, names) for p in pages),
        "\n</div>",
    ]
    return "\n".join(lines) + "\n"
