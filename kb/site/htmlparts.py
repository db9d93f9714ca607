"""HTML pieces shared by the aggregate pages that are rendered from data (see prerender.py).

Source text reaches these pages only through ``text`` or ``spans_html``, which escape it with
``html.escape``; attributes go through ``prerender.attr``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field


from kb.model import BLANK, Span
from kb.site.prerender import Rendered, TocEntry, attr, heading, nest_toc


def text(value: str) -> str:
    """Source text as HTML text."""
    return html.escape(value, quote=False)


def spans_html(spans: Sequence[Span]) -> str:
    """Passage text with each placeholder as a blank whose tooltip keeps the original."""
    return "".join(
        f'<span class="ph" title="隐去：{attr(s.text)}">{BLANK}</span>' if s.placeholder else text(s.text) for s in spans
    )


def link(href: str, inner_html: str, cls: str = "", title: str = "") -> str:
    """An ``<a>`` element; ``href`` comes from ``PageContext.href``."""
    extra = (f' class="{cls}"' if cls else "") + (f' title="{attr(title)}"' if title else "")
    return f'<a href="{href}"{extra}>{inner_html}</a>'


def filter_box(placeholder: str) -> str:
    """A text box that hides rows of the next sortable table not containing what the reader types (tablesort.js)."""
    return f'<p><input type="search" class="kb-filter" placeholder="{placeholder}" aria-label="{placeholder}"></p>'


def sortable_table(kind: str, header: Sequence[str], rows: Sequence[str]) -> str:
    """A table tablesort.js makes sortable; ``rows`` are ``<tr>`` elements, ``kind`` a CSS class.

    The table itself has no class, so Material still wraps it in its scrolling box; numeric
    columns are right-aligned by ``kind`` in kb.css rather than by an attribute on every cell.
    """
    head = "".join(f"<th>{h}</th>" for h in header)
    return f'<div class="kb-sortable {kind}"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def front_matter(title: str, wide: bool = False) -> str:
    """The Markdown of a generated page: only a title, and kept out of the search index; ``wide`` hides the toc."""
    # Material's search skips pages with `search: exclude`; aggregate pages only repeat
    # report text, and indexing it twice would bury the report pages in search results.
    # A JSON string is a YAML string: no YAML dumper run for each of hundreds of pages.
    hide = "hide:\n  - toc\n" if wide else ""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{hide}search:\n  exclude: true\n---\n"


@dataclass
class PageBuilder:
    """Collects a page body, its table of contents and its ids, in reading order."""

    parts: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)

    def heading(self, level: int, anchor: str, inner_html: str, in_toc: bool = True) -> None:
        """A heading with its permalink; headings of one report per block stay out of the toc."""
        self.parts.append(heading(level, anchor, inner_html))
        self.anchors.add(anchor)
        if in_toc:
            self.toc.append(TocEntry(level, anchor, inner_html))

    def add(self, *html_parts: str) -> None:
        """Body HTML; empty parts are skipped."""
        self.parts.extend(part for part in html_parts if part)

    def rendered(self) -> Rendered:
        """The finished page."""
        return Rendered("\n".join(self.parts) + "\n", tuple(nest_toc(self.toc)), frozenset(self.anchors))


def page_count(items: int, size: int) -> int:
    """How many pages of ``size`` items ``items`` items fill (at least one)."""
    return max(1, -(-items // size))


def page_links(hrefs: Sequence[str], current: int) -> str:
    """"分页：第 1 页 · 第 2 页 …" with the current page (1-based) in bold instead of linked;
    nothing when there is only one page."""
    if len(hrefs) < 2:
        return ""
    links = [
        f"<strong>第 {n} 页</strong>" if n == current else f'<a href="{href}">第 {n} 页</a>'
        for n, href in enumerate(hrefs, start=1)
    ]
    return f'<p class="kb-pages">分页：{" · ".join(links)}</p>'
