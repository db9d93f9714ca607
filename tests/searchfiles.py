"""Read a built site's search index (search/*.js) back, for tests."""

from __future__ import annotations

import json
from pathlib import Path


def read_script(path: Path) -> object:
    """The data of one index file: ``kbSearch.load("<name>",<json>);``."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1 : text.rindex(");")])


def search_entries(site: Path) -> list[tuple[str, str]]:
    """Every result the index can show: (link, text) for passages, then for theme and 提法 pages."""
    folder = site / "search"
    entries = []
    for chunk in sorted((folder / "d").glob("*.js"), key=lambda p: int(p.stem)):
        for url, _title, passages in read_script(chunk):
            entries.extend((f"{url}#{pid}", text) for pid, _headings, text in passages)
    meta = read_script(folder / "meta.js")
    entries.extend((url, f"{name} {note}") for _kind, name, url, note in meta["pages"])
    return entries
