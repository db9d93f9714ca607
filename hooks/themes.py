"""Tag passages with themes; add theme pages, the themes index and tombstone pages."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402

from kb.normalize.lock import LockFileError, load_lock  # noqa: E402
from kb.site import registry, themes  # noqa: E402
from kb.site.generated import add_pages  # noqa: E402
from kb.site.themepages import theme_pages  # noqa: E402
from kb.themes import TaxonomyError, load_taxonomy  # noqa: E402

LOCK_PATH = "data/passage-ids.lock.json"


def _project(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    themes.clear()
    return config


def on_files(files, config):
    try:
        taxonomy = load_taxonomy(_project(config) / themes.TAXONOMY_PATH)
        removed = [r.slug for r in load_lock(_project(config) / LOCK_PATH).values() if r.removed]
    except (TaxonomyError, LockFileError) as exc:
        raise PluginError(str(exc)) from exc
    index = themes.tag_registry(taxonomy, registry.current())
    themes.publish(index)
    pages = theme_pages(index, removed, lambda uri: files.get_file_from_path(uri) is not None)
    add_pages(files, config, pages, "docs/{uri} 与自动生成的主题页面同名，请删除或改名该文件")
    return files


def on_nav(nav, config, files):
    themes.title_themes_section(nav, themes.current().taxonomy)
    return nav
