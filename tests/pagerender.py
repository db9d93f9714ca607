"""Render generated pages outside MkDocs: real ``Files`` for the links, no build."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mkdocs.structure.files import File, Files

from kb.site.generated import GeneratedPage
from kb.site.prerender import PageContext, Rendered

# Pages the generated pages link to that other hooks or docs/ provide.
OTHER_PAGES = ("index.md", "themes/index.md")


def site_files(uris: Iterable[str], use_directory_urls: bool = True) -> Files:
    """A build's files for these source paths."""
    return Files([File(uri, "docs", "site", use_directory_urls=use_directory_urls) for uri in dict.fromkeys(uris)])


def context(uri: str, files: Files) -> PageContext:
    """The render context of the page built from ``uri``."""
    return PageContext(uri, files.get_file_from_path(uri).url, files)


def render_pages(pages: Sequence[GeneratedPage], others: Iterable[str] = (), use_directory_urls: bool = True) -> dict[str, Rendered]:
    """Every page rendered, by source path; ``others`` are further pages they may link to."""
    files = site_files([*OTHER_PAGES, *others, *(p.uri for p in pages)], use_directory_urls)
    return {p.uri: p.render(context(p.uri, files)) for p in pages}
