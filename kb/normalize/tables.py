"""Tables a reader found: their cells cleaned like every line, ready to be a table block."""

from __future__ import annotations

from kb.model import TableRows
from kb.normalize.clean import CleaningRule, clean_line
from kb.normalize.placeholders import to_spans
from kb.normalize.readers import Table
from kb.text import content_chars


def clean_table(table: Table, line: int, kept_line: str, rules: tuple[CleaningRule, ...]) -> TableRows | None:
    """The table's rows, each cell cleaned and split into spans; None when they no longer match the line.

    The line (every cell's text) was cleaned as a whole. Cleaning each cell apart gives the same
    text unless a rule matched across two cells: then the table stays a line of text, so the
    page keeps exactly what cleaning kept.
    """
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            cleaned, _ = clean_line(cell.replace("\n", " "), line, rules)  # removals: logged with the line
            cells.append(to_spans((cleaned or "").strip(" \t\u3000")))
        rows.append(tuple(cells))
    cell_text = "".join(span.text for row in rows for cell in row for span in cell)
    return tuple(rows) if content_chars(cell_text) == content_chars(kept_line) and cell_text.strip() else None


def kept_tables(tables: tuple[tuple[int, Table], ...], kept: list[tuple[int, str]], rules: tuple[CleaningRule, ...]) -> dict[int, TableRows]:
    """Line number -> cleaned rows, for the table lines that survived cleaning."""
    if not tables:
        return {}
    by_line = {number: text for number, text in kept if text}
    out = {}
    for line, table in tables:
        rows = clean_table(table, line, by_line[line], rules) if line in by_line else None
        if rows is not None:
            out[line] = rows
    return out
