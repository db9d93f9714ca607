"""The search index of one build, from the report registry, theme tags and the 提法 analysis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.model import Block, BlockType
from kb.site.analysis import Analysis
from kb.site.registry import ReportPage, ReportRegistry
from kb.site.searchindex import (
    SEARCH_DIR,
    IndexedPassage,
    IndexedReport,
    NamedPage,
    ThemeLabel,
    build_search_index,
    read_user_dictionary,
)
from kb.site.termpages import term_uri
from kb.site.themes import ThemeIndex, theme_uri

UrlOf = Callable[[str], "str | None"]  # a page's source path -> its site-relative URL, if it exists


def indexed_entries(page: ReportPage, themes: ThemeIndex) -> tuple[IndexedPassage, ...]:
    """A report's passages, with their themes, and its tables, in reading order."""
    passages = iter(page.passages)
    stack: list[Block] = []
    out = []
    for block in page.report.blocks:
        if block.type is BlockType.HEADING:
            stack = [h for h in stack if h.level < block.level] + [block]
        elif block.type is BlockType.PASSAGE:
            p = next(passages)
            out.append(IndexedPassage(p.id, p.section, p.headings, p.text, tuple(themes.theme_ids(page, p))))
        elif block.type is BlockType.TABLE and block.text.strip():
            # A table has no anchor of its own: its result links to the heading above it.
            anchor = stack[-1].id if stack else ""
            out.append(IndexedPassage(anchor, None, tuple(h.text for h in stack), block.text, table=True))
    return tuple(out)


def indexed_reports(registry: ReportRegistry, themes: ThemeIndex) -> list[IndexedReport]:
    """Every report of the build with its passages, their themes, and its tables, in registry order."""
    return [
        IndexedReport(
            url=page.url,
            title=page.report.meta.title,
            doc_type=page.report.meta.doc_type,
            year=page.report.meta.year,
            place=page.report.meta.place,
            passages=indexed_entries(page, themes),
        )
        for page in registry.pages
    ]


def named_pages(themes: ThemeIndex, analysis: Analysis, url_of: UrlOf) -> list[NamedPage]:
    """The 提法 pages, then the theme pages, that the build has: results for their own names."""
    pages = []
    for term in analysis.terms():
        url = url_of(term_uri(term))
        if url is not None:
            pages.append(NamedPage("term", term, url, analysis.glossary.definition(term) or ""))
    for theme in themes.taxonomy.themes:
        url = url_of(theme_uri(theme.id))
        if url is not None:
            pages.append(NamedPage("theme", theme.name, url, theme.description))
    return pages


def site_index(registry: ReportRegistry, themes: ThemeIndex, analysis: Analysis, dictionary: Path, url_of: UrlOf) -> dict[str, str]:
    """The index files of this build, keyed by path under ``search/``; ``dictionary`` is the user word list."""
    words = read_user_dictionary(dictionary.read_text(encoding="utf-8")) if dictionary.is_file() else []
    vocabulary = [*words, *analysis.matcher.terms]
    labels = [ThemeLabel(t.id, t.name) for t in themes.taxonomy.themes]
    return build_search_index(indexed_reports(registry, themes), vocabulary, labels, named_pages(themes, analysis, url_of))


def write_index(files: dict[str, str], site_dir: Path) -> None:
    """Write the index files under ``site_dir/search/``."""
    root = site_dir / SEARCH_DIR
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

