"""The site navigation: a few entry points, never every report.

MkDocs' automatic nav lists every page on every page, so with thousands of reports each page
carried the whole catalogue and build time and site size grew with the square of the corpus.
Report pages are kept out of the nav (``not_in_nav`` in mkdocs.yml); readers reach them through
the catalogue, theme, term and comparison pages, and search. The nav is built from the pages
that exist in this build, so a feature whose pages are absent leaves no dangling entry.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.utils import nest_paths

HOME = "index.md"

# Top-level folders in reading order, with their nav titles. A folder holding only its
# index page becomes a single entry under that title.
SECTIONS = (
    ("reports/", "报告目录"),
    ("themes/", "主题"),
    ("terms/", "提法"),
    ("compare/", "对比"),
    ("maintainers/", "维护说明"),
)

NavEntry = str | dict[str, object]


def site_nav(uris: Iterable[str]) -> list[NavEntry]:
    """A ``nav`` config for the given in-nav pages, sorted index-first as MkDocs sorts them."""
    pending = list(uris)
    nav: list[NavEntry] = []
    if HOME in pending:
        nav.append({"首页": HOME})
        pending.remove(HOME)
    for prefix, title in SECTIONS:
        members = [u for u in pending if u.startswith(prefix)]
        if members:
            nav.append(_section(title, members))
            pending = [u for u in pending if not u.startswith(prefix)]
    # Anything else (a new top-level page or folder) as MkDocs' automatic nav would place it.
    nav.extend(nest_paths(pending))
    return nav


def _section(title: str, uris: list[str]) -> NavEntry:
    if len(uris) == 1:
        return {title: uris[0]}
    # nest_paths nests by folder; all members share this one, so unwrap its single entry.
    (nested,) = nest_paths(uris)
    children = next(iter(nested.values())) if isinstance(nested, dict) else [nested]
    return {title: children}
