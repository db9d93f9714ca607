"""Publish every passage, with its themes, as site/data/passages.json and (with terms) passages.csv."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from kb.site import analysis, registry, themes  # noqa: E402
from kb.site.export import PASSAGES_CSV_PATH, PASSAGES_PATH, passages_csv, passages_json, passages_records  # noqa: E402


def on_files(files, config):
    for path in (PASSAGES_PATH, PASSAGES_CSV_PATH):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与自动生成的段落数据同名，请删除该文件")
    records = passages_records(registry.current().pages, themes.current().theme_ids)
    files.append(File.generated(config, PASSAGES_PATH, content=passages_json(records)))
    # Same records plus terms, for spreadsheet users (hooks/indexes.py runs first and finds the terms).
    files.append(File.generated(config, PASSAGES_CSV_PATH, content=passages_csv(records, analysis.current().terms_of)))
    return files
