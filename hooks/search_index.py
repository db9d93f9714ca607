"""Rewrite Material's search index as compact UTF-8 JSON (no ``\\uXXXX`` escapes, no idle U+200B)."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402

from kb.site.search_index import compact_search_index  # noqa: E402

OFFLINE_PREFIX = "var __index = "


@event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
def on_post_build(config):
    folder = Path(config.site_dir) / "search"
    index = folder / "search_index.json"
    if not index.is_file():
        return  # search is disabled
    data = compact_search_index(index.read_text(encoding="utf-8"))
    index.write_text(data, encoding="utf-8")
    offline = folder / "search_index.js"
    if offline.is_file():  # written already if the offline plugin ever runs before us
        offline.write_text(OFFLINE_PREFIX + data, encoding="utf-8")
