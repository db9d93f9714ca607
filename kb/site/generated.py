"""Pages the build generates (kb/site/build.py adds them) and renders from data (prerender.py)."""

from __future__ import annotations

from dataclasses import dataclass

from kb.site.prerender import Renderer


@dataclass(frozen=True)
class GeneratedPage:
    """A page we generate: where it goes, its title, what renders its body, and whether the nav lists it."""

    uri: str
    title: str
    render: Renderer
    in_nav: bool = True
    # Wide tables (the catalogue) get the table of contents' column: their only heading is the title.
    wide: bool = False

