"""Pages whose HTML we write ourselves, so Python-Markdown never parses them.

Report pages follow a strict contract and aggregate pages are built from data; running them
through Python-Markdown cost most of the build time at thousands of reports (every passage
is inline-parsed again on every page that shows it). A renderer returns the
page body as HTML plus its table of contents; the build (kb/site/build.py) swaps it in. Links are
written with ``PageContext.href``, which also records anchors so MkDocs still validates them
under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.structure.files import File, Files


@dataclass
class TocEntry:
    """One heading of a prerendered page, for Material's table of contents and search."""

    level: int
    id: str
    name: str
    children: list[TocEntry] = field(default_factory=list)

    def token(self) -> dict:
        """The token shape ``mkdocs.structure.toc.get_toc`` reads."""
        return {"level": self.level, "id": self.id, "name": self.name, "children": [c.token() for c in self.children]}


def nest_toc(flat: list[TocEntry]) -> list[TocEntry]:
    """Nest headings listed in reading order by their levels."""
    roots: list[TocEntry] = []
    stack: list[TocEntry] = []
    for entry in flat:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


@dataclass
class PageContext:
    """What a renderer needs to know about the page it renders."""

    src_uri: str
    url: str
    files: Files | None = None
    links_to_anchors: dict[File, dict[str, str]] = field(default_factory=dict)

    def href(self, src_uri: str, anchor: str = "") -> str:
        """Relative URL from this page to the page built from ``src_uri`` (and an anchor on it)."""
        # Worked out on every call: caching it per page saved about 4 us a link, 1.6 s of a
        # 3000-report build (~400k links, 2-3%), below what an optimisation must save here.
        target = self.files.get_file_from_path(src_uri) if self.files is not None else None
        if target is None:
            raise KeyError(f"页面“{self.src_uri}”链接到“{src_uri}”，但本次构建中没有这个页面；这是生成页面的程序出错，请把这条信息告诉开发者")
        url = "" if src_uri == self.src_uri else get_relative_url(target.url, self.url)
        if anchor:
            self.links_to_anchors.setdefault(target, {}).setdefault(anchor, f"{url}#{anchor}")
            return f"{url}#{anchor}"
        return url or "./"


@dataclass(frozen=True)
class Rendered:
    """A prerendered page body."""

    html: str
    toc: tuple[TocEntry, ...] = ()
    anchors: frozenset[str] = frozenset()


Renderer = Callable[[PageContext], Rendered]
