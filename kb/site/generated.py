"""Pages the build generates (kb/site/build.py adds them) and renders from data (prerender.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from kb.site.prerender import Renderer


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

