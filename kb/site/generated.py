"""Aggregate pages added to the build in ``on_files`` and rendered from data by prerender.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from kb.site import prerender
from kb.site.prerender import Renderer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def front_matter(title: str, wide: bool = False) -> str:
    """The Markdown of a generated page: only a title, and kept out of the search index; ``wide`` hides the toc."""
    # Material's search skips pages with `search: exclude`; aggregate pages only repeat
    # report text, and indexing it twice would bury the report pages in search results.
    # A JSON string is a YAML string, so the title needs no YAML dumper.
    hide = "hide:\n  - toc\n" if wide else ""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{hide}search:\n  exclude: true\n---\n"


@dataclass(frozen=True)
class GeneratedPage:
    """A page we generate: where it goes, its title, what renders its body, and whether the nav lists it."""

    uri: str
    title: str
    render: Renderer
    in_nav: bool = True
    # Wide tables (the catalogue) get the table of contents' column: their only heading is the title.
    wide: bool = False


def add_pages(files: Files, config: MkDocsConfig, pages: list[GeneratedPage], clash: str) -> None:
    """Add ``pages`` to the build; ``clash`` names a docs/ file in the way ("{uri}" is filled in)."""
    for page in pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(clash.format(uri=page.uri))
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # The Markdown is only front matter: the body comes from the renderer, never Python-Markdown.
        files.append(File.generated(config, page.uri, content=front_matter(page.title, page.wide), inclusion=inclusion))
        prerender.register(page.uri, page.render)
