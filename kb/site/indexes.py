"""Which aggregate pages the build adds, and the home page's overview."""

from __future__ import annotations

from kb.site.analysis import Analysis
from kb.site.catalogue import CATALOGUE_URI, catalogue_pages
from kb.site.compare import COMPARE_INDEX, ThemeRef, compare_pages
from kb.site.generated import GeneratedPage
from kb.site.home import EntryPoint, SiteCounts, render_overview
from kb.site.registry import ReportRegistry
from kb.site.termpages import TERMS_INDEX, term_pages
from kb.site.themes import THEMES_INDEX

HOME_URI = "index.md"


def generated_pages(registry: ReportRegistry, analysis: Analysis, themes: list[ThemeRef]) -> list[GeneratedPage]:
    """Every aggregate page: catalogue, 提法 index and term pages, comparisons."""
    tagged = analysis.themes if themes else None
    names = {t.id: t.name for t in themes}
    pages = catalogue_pages(registry.pages, tagged, names)
    pages.extend(term_pages(analysis))
    if themes:
        pages.extend(compare_pages(themes, analysis))
    return pages


def home_overview(registry: ReportRegistry, analysis: Analysis, theme_count: int) -> str:
    """The counts and entry points shown on the home page."""
    counts = SiteCounts(len(registry.pages), len(analysis.refs), theme_count, len(analysis.terms()))
    entries = []
    if theme_count:
        entries.append(EntryPoint("按主题浏览", THEMES_INDEX, "学习、廉政、民主决策、产业等主题下的全部段落，按做法、问题、原因、措施分组。"))
        entries.append(EntryPoint("对比各报告", COMPARE_INDEX, "同一主题下，各报告怎么做、查摆出什么问题、打算怎么改，逐份并列对照。"))
    entries.append(EntryPoint("查提法", TERMS_INDEX, "“三会一课”“四风”“一岗双责”等提法的释义，以及用到它们的每个段落。"))
    entries.append(EntryPoint("找报告", CATALOGUE_URI, "全部报告一览：按类型、年份、地点排序或筛选，直接打开原文。"))
    return render_overview(counts, entries)
