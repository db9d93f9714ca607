"""Read a built site's search index (search/*.js) back, for tests."""

from __future__ import annotations

import json
from pathlib import Path


def read_script(path: Path) -> object:
    """The data of one index file: ``kbSearch.load("<name>",<json>);``."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1 : text.rindex(");")])


def search_entries(site: Path) -> list[tuple[str, str]]:
    """Every result the index can show: (link, text) for passages and tables, then for theme and 提法 pages."""
    folder = site / "search"
    entries = []
    for chunk in sorted((folder / "d").glob("*.js"), key=lambda p: int(p.stem)):
        # A chunk holds consecutive passages, a report's possibly split over two chunks.
        for _first, url, _title, passages in read_script(chunk):
            entries.extend((f"{url}#{pid}" if pid else url, text) for pid, _headings, text, _table in passages)
    meta = read_script(folder / "meta.js")
    entries.extend((url, f"{name} {note}") for _kind, name, url, note in meta["pages"])
    return entries
