"""Step 1: a source file's bytes to the report's text, whatever format it came in.

Every reader hands the pipeline the same shape, an ``Extracted``: the text, one paragraph
per line, plus what the format itself marks (a Word heading style, an article's ``<h1>``),
so the pipeline never needs to know which format a report arrived in.
"""

from __future__ import annotations

from dataclasses import dataclass


class Unreadable(ValueError):
    """A source file no reader can take text from; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Table:
    """A table as the format holds it: rows of cell texts, every cell kept."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Extracted:
    """The text a reader took out of a source file, and the structure its format marks.

    Line numbers are 1-based indexes into ``text.split("\\n")``.
    """

    text: str
    # A title the format marks (Word's Title style, an article's heading); it is also a line of ``text``.
    title: str | None = None
    # (line, level) of lines the format marks as headings, level 1 outermost.
    headings: tuple[tuple[int, int], ...] = ()
    # (line, table): the line holds the table's cell texts, so nothing is lost if it is read as text.
    tables: tuple[tuple[int, Table], ...] = ()
    # Whether lines may be broken where a page or window ended (plain text, PDF) and need re-joining.
    wrapped: bool = True
    # What the file was read as, for the log: "txt", "docx", "pdf", "html".
    format: str = "txt"
