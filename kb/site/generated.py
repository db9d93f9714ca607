"""Aggregate pages added to the build in ``on_files`` and rendered from data by prerender.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from kb.site import prerender
from kb.site.htmlparts import front_matter
from kb.site.prerender import Renderer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


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
