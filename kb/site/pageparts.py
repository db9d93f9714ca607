"""What the pages rendered from data share: links, the table of contents and the paginator.

Renderers work out what a page shows as plain records (``Link``, ``paging``) and hand them to
a template (kb/site/templating.py); headings of the table of contents are text, escaped by the
templates' one rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from paginate import Page

from kb.model import SectionKind
from kb.site.prerender import Rendered, TocEntry, nest_toc
from kb.site.templating import render, text_html

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """A link to show: where it goes (from ``PageContext.href``), its text and its tooltip."""

    href: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Paging:
    """One page of a list that continues on other pages: its items and the links to every page."""

    items: list
    number: int
    hrefs: list[str]  # of pages 1, 2, …; the pager shows the current one unlinked


@dataclass(frozen=True)
class KindPart:
    """One page of one section kind (of a theme or comparison page): counts, and its reports."""

    kind: SectionKind
    passages: int
    reports: int
    paging: Paging  # items: the reports' blocks on this page


def page_count(items: Sequence[object], size: int) -> int:
    """How many pages of ``size`` items ``items`` fill."""
    return Page(items, items_per_page=size).page_count


def paging(items: Sequence[T], number: int, size: int, href: Callable[[int], str]) -> Paging:
    """Page ``number`` (1-based) of ``items``, and ``href(n)`` for each of its pages."""
    page = Page(items, page=number, items_per_page=size)
    return Paging(page.items, number, [href(n) for n in range(1, page.page_count + 1)])


def rendered(template: str, toc: Sequence[tuple[int, str, str]], anchors: set[str], **context: object) -> Rendered:
    """The page from ``template``; ``toc`` lists (level, id, text) of the headings it lists."""
    entries = [TocEntry(level, anchor, text_html(name)) for level, anchor, name in toc]
    return Rendered(render(template, **context), tuple(nest_toc(entries)), frozenset(anchors))
