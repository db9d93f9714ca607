"""Search sections of report pages worked out from the report, not parsed back from its HTML.

Material's search plugin feeds every page through an ``html.parser`` subclass to split it
into sections (one per heading) before jieba segments their text. On report pages that
parse cost more than the Markdown rendering we already skip: every passage carries theme
chips, a copy-link control and relation links, all excluded from search but still parsed.
The page body is fixed by the report contract (``kb/site/reportpage.py``), so the sections
the parser would find are known in advance; ``report_sections`` builds them directly and
follows the parser's rules for whitespace, kept ``<p>`` tags and escaping, so the index is
the same (``tests/test_search_entries.py`` holds the two side by side).

``SearchFastPath`` then stands in for the search plugin's ``on_page_context``: pages with
known sections are indexed from them, any other page goes through Material as before.
``DeferredSegmenter`` lets it hand the jieba segmentation of those sections to a worker
process, so that half of the build runs on a second core.
"""

from __future__ import annotations

import html
import multiprocessing
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kb.model import BLANK, Block, BlockType, Report, Span
from kb.site.reportpage import spans_html

# The attributes Material strips from every page after indexing it (same pattern as its plugin).
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
# The same without the optional leading space: it starts with a literal, so finding that a page
# has none (the usual case) is a fast scan instead of a regex attempt at every character.
_ANY_SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")


@dataclass(frozen=True)
class SearchSection:
    """What Material's parser collects for one heading: its title and text, as fragments."""

    tag: str
    id: str | None  # None for the page's first section, which Material files under the page URL
    title: tuple[str, ...]
    text: tuple[str, ...]


class _Text:
    """Fragments of a section's text, gathered under Material's parser rules (outside ``<pre>``)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def data(self, chunk: str) -> None:
        # One text node: whitespace-only nodes collapse to a single space, and only where the
        # text does not already end in whitespace.
        if not chunk:
            return
        if chunk.isspace():
            if not self.parts or not self.parts[-1].isspace():
                self.parts.append(" ")
        else:
            self.parts.append(html.escape(chunk.replace("\n", " "), quote=False))

    def paragraph(self, chunks: Iterable[str]) -> None:
        # A kept <p>: Material drops it when only whitespace follows the section's *first*
        # "<p>" (it searches from there), and otherwise closes it.
        self.parts.append("<p>")
        for chunk in chunks:
            self.data(chunk)
        start = self.parts.index("<p>")
        if all(part.isspace() for part in self.parts[start + 1 :]):
            del self.parts[start:]
        else:
            self.parts.append("</p>")


def _title(chunks: Iterable[str]) -> tuple[str, ...]:
    # Inside a heading every text node is kept, whitespace turned into one space each.
    return tuple(html.escape(" " if c.isspace() else c.replace("\n", " "), quote=False) for c in chunks if c)


def _chunks(spans: tuple[Span, ...]) -> list[str]:
    # Each placeholder is its own element on the page, so its blank is a text node of its own.
    return [BLANK if s.placeholder else s.text for s in spans]


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s")  # in str patterns, exactly the characters str.isspace() accepts


def _text_nodes(inner_html: str) -> list[str]:
    # What the parser hands on as text: the runs between tags, character references resolved.
    return [html.unescape(node) for node in _TAG.split(inner_html) if node]


def _block_chunks(spans: tuple[Span, ...], annotate: Callable[[str], str] | None) -> list[str]:
    chunks = _chunks(spans)
    # Tooltips split a block's text into more nodes. That only matters where a node between two
    # of them holds nothing but whitespace (the parser collapses it), so the block's real HTML is
    # consulted only when the block has whitespace at all.
    if annotate is not None and any(_SPACE.search(c) and not c.isspace() for c in chunks):
        return _text_nodes(annotate(spans_html(spans)))
    return chunks


def _table_text(text: _Text, block: Block, annotate: Callable[[str], str] | None) -> None:
    # ``table_html``: a newline before each row and between two cells, a cell's text nodes
    # in its <td>; none of these tags is kept by the parser.
    for row in block.rows:
        text.data("\n")
        for i, cell in enumerate(row):
            if i:
                text.data("\n")
            for chunk in _block_chunks(cell, annotate):
                text.data(chunk)
    text.data("\n")


def report_sections(report: Report, annotate: Callable[[str], str] | None = None) -> list[SearchSection]:
    """The sections Material's parser finds on the page ``render_report_page`` writes for ``report``.

    The page is the title heading, then each block on a line of its own; the lines under a
    passage (chips, relations) and the retired-id list are excluded from search or hold no text.
    ``annotate`` is what later hooks do to the page's HTML (term tooltips), if anything.
    """
    sections: list[SearchSection] = []
    tag, anchor, title, text = "h1", None, _title([report.meta.title]), _Text()
    text.data("\n")
    for block in report.blocks:
        if block.type is BlockType.HEADING:
            sections.append(SearchSection(tag, anchor, title, tuple(text.parts)))
            number = [block.number] if block.number else []
            tag, anchor, title, text = f"h{block.level + 1}", block.id, _title(number + _chunks(block.spans)), _Text()
        elif block.type is BlockType.TABLE:
            _table_text(text, block, annotate)
        else:
            text.paragraph(_block_chunks(block.spans, annotate))
        text.data("\n")
    sections.append(SearchSection(tag, anchor, title, tuple(text.parts)))
    return sections


class SearchFastPath:
    """Material's search ``on_page_context``, taking known sections instead of parsing when it can.

    ``sections_of`` returns a page's sections, or None to let Material parse the page.
    """

    def __init__(
        self, plugin, sections_of: Callable[[object], list[SearchSection] | None], segmenter: DeferredSegmenter | None = None
    ) -> None:
        from material.plugins.search.plugin import Element, Section

        self.plugin = plugin
        self.sections_of = sections_of
        self.segmenter = segmenter
        self._element, self._section = Element, Section

    def __call__(self, context, *, page, config, nav):
        plugin = self.plugin
        if not plugin.config.enabled:
            return None
        index = plugin.search_index
        sections = self.sections_of(page)
        if sections is None or (page.meta.get("search") or {}).get("exclude"):
            index.add_entry_from_context(page)
        else:
            deferred = self.segmenter is not None and self.segmenter.start(index)
            for known in sections:
                section = self._section(self._element(known.tag, {"id": known.id} if known.id else {}))
                section.id, section.title, section.text = known.id, list(known.title), list(known.text)
                if deferred:
                    self.segmenter.create_entry(index, section, page)
                else:
                    index.create_entry_for_section(section, page.toc, page.url, page)
            if deferred:
                self.segmenter.send()
        if _ANY_SEARCH_ATTRIBUTE.search(page.content):
            page.content = _SEARCH_ATTRIBUTE.sub("", page.content)
        return None


def _segment_batch(texts: list[str]) -> list[str]:
    # Runs in the worker, which was forked with the build's jieba dictionary and search index.
    return [_worker_segment(text) for text in texts]


_worker_segment: Callable[[str], str] = str


class DeferredSegmenter:
    """Material's jieba segmentation of report pages, run in a worker process beside the build.

    Segmenting is about half of a build and needs nothing but the text, while the rest of the
    build needs nothing from it until the index is written. Material's own entry code still
    runs for every section; only its calls to ``_segment_chinese`` hand back a marker, and the
    worker's result replaces the marker in ``finish`` before the index is written. The index
    is the same as without it (``tests/test_search_entries.py``).

    The worker is forked when the first report page is indexed, after every hook has taught
    jieba its words. With no ``fork``, or when other threads run (``mkdocs serve``), ``start``
    says no and pages are segmented in the build process as before.
    """

    MARK = "\x00kb-segment-{}\x00"

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool = None
        self._pending: list[str] = []
        self._sent: list[tuple[list[tuple[dict, str, int]], object]] = []
        self._claims: list[tuple[dict, str, int]] = []
        self._refused = False

    def start(self, index) -> bool:
        """Whether this page's segmentation is deferred (the worker is forked on first use)."""
        if self._pool is not None:
            return True
        if self._refused or self.workers < 1 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            self._refused = True
            return False
        global _worker_segment
        # Module state, not an argument: workers get it by being forked (a replacement for a
        # crashed worker too, as long as the pool lives), and jieba's dictionary comes along.
        _worker_segment = index._segment_chinese
        self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return True

    def create_entry(self, index, section, page) -> None:
        """Material's entry for ``section``, with markers where segmented text will go."""
        first = len(self._pending)
        index._segment_chinese = self._defer  # shadows the method for this one call
        try:
            index.create_entry_for_section(section, page.toc, page.url, page)
        finally:
            del index._segment_chinese
        entry = index.entries[-1]
        for key in ("title", "text"):
            if isinstance(entry.get(key), str) and entry[key] == self.MARK.format(first):
                self._claims.append((entry, key, first))
                first += 1
        if first != len(self._pending):
            raise SearchHookError("Material's search entry did not take the segmented text as expected")

    def _defer(self, text: str) -> str:
        self._pending.append(text)
        return self.MARK.format(len(self._pending) - 1)

    def send(self) -> None:
        """Hand this page's texts to the worker."""
        if self._pending:
            self._sent.append((self._claims, self._pool.apply_async(_segment_batch, (self._pending,))))
        self._pending, self._claims = [], []

    def finish(self) -> None:
        """Put every segmented text in its entry; call before the index is written."""
        try:
            for claims, result in self._sent:
                segmented = result.get()
                for entry, key, at in claims:
                    entry[key] = segmented[at]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (after a failed build too) and forget what was sent."""
        global _worker_segment
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        _worker_segment = str
        self._pool, self._sent, self._pending, self._claims = None, [], [], []
        self._refused = False


class SearchHookError(Exception):
    """The search plugin is not registered the way ``install`` expects (MkDocs or Material changed?)."""


def install(plugins, plugin_name: str, fast_path: SearchFastPath) -> None:
    """Put ``fast_path`` in the place of the search plugin's ``on_page_context``."""
    handlers = plugins.events.get("page_context")
    if handlers is None:
        raise SearchHookError("MkDocs has no page_context event list")
    for position, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is fast_path.plugin and getattr(handler, "__name__", "") == "on_page_context":
            handlers[position] = fast_path
            plugins._event_origins[fast_path] = plugins._event_origins.get(handler, plugin_name)
            return
    raise SearchHookError(f"the {plugin_name} plugin's on_page_context is not registered")
