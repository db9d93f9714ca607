"""Coordinates the aggregate pages for ``hooks/indexes.py``: which pages, and what each hook step does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.site.analysis import Analysis, Key
from kb.site.catalogue import CATALOGUE_URI, catalogue_pages
from kb.site.compare import COMPARE_DIR, COMPARE_INDEX, ThemeRef, compare_pages
from kb.site.generated import GeneratedPage
from kb.site.home import EntryPoint, SiteCounts, fill_overview, render_overview
from kb.site.registry import ReportRegistry
from kb.site.termpages import TERMS_DIR, TERMS_INDEX, term_pages
from kb.site.terms import annotate_html

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

HOME_URI = "index.md"
THEMES_INDEX = "themes/index.md"
SECTION_TITLES = {COMPARE_DIR: "对比", TERMS_DIR: "提法"}


def theme_context() -> tuple[dict[Key, tuple[str, ...]] | None, list[ThemeRef]]:
    """Theme ids per passage and the themes in taxonomy order, or (None, []) without themes."""
    try:
        from kb.site import themes
        index = themes.current()
    except (ImportError, RuntimeError):  # a build without the themes hook still gets its indexes
        return None, []
    tags = {(t.page.report.meta.slug, t.passage.id): tuple(t.theme_ids) for t in index.passages}
    refs = [ThemeRef(t.id, t.name, themes.theme_uri(t.id)) for t in index.taxonomy.themes]
    return tags, refs


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


def page_markdown(markdown: str, src_uri: str, registry: ReportRegistry, analysis: Analysis) -> str:
    """The home page gains its overview (report pages are rendered from data, see reportpage.py)."""
    if src_uri == HOME_URI:
        return fill_overview(markdown, home_overview(registry, analysis, _theme_count()))
    return markdown


def _theme_count() -> int:
    return len(theme_context()[1])


def page_html(html: str, src_uri: str, registry: ReportRegistry, analysis: Analysis) -> str:
    """Report and comparison pages get term tooltips in their text."""
    if registry.by_src_uri(src_uri) is not None or src_uri.startswith(COMPARE_DIR):
        return annotate_html(html, analysis.matcher, analysis.glossary)
    return html


def section_titles(nav: Navigation) -> None:
    """Chinese titles for the auto-generated ``compare/`` and ``terms/`` sections."""
    for item in nav.items:
        children = getattr(item, "children", None) or []
        uris = [getattr(getattr(c, "file", None), "src_uri", "") or "" for c in children]
        for prefix, title in SECTION_TITLES.items():
            if item.is_section and uris and all(u.startswith(prefix) for u in uris):
                item.title = title
