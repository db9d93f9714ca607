"""Passage search: build the sharded index (kb/site/searchindex.py) and write it into the site."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.plugins import event_priority  # noqa: E402

from kb.site import analysis, registry, searchsite, themes  # noqa: E402


def on_config(config):
    searchsite.clear()
    return config


@event_priority(-60)  # after hooks/indexes.py has analysed the passages and added the 提法 pages
def on_files(files, config):
    def url_of(src_uri: str) -> str | None:
        found = files.get_file_from_path(src_uri)
        return found.url if found is not None else None

    project = Path(config.config_file_path).resolve().parent
    searchsite.publish(searchsite.site_index(registry.current(), themes.current(), analysis.current(), project, url_of))
    return files


def on_post_build(config):
    searchsite.write_index(searchsite.current(), Path(config.site_dir))
