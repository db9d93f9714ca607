"""Tag passages with themes; add theme pages, the themes index, chips and tombstone pages."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from kb.normalize.lock import LockFileError, load_lock  # noqa: E402
from kb.site import registry, themes  # noqa: E402
from kb.themes import TaxonomyError, load_taxonomy  # noqa: E402

LOCK_PATH = "data/passage-ids.lock.json"

log = get_plugin_logger(__name__)


def _project(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _add(files, config, src_uri: str, content: str, inclusion=InclusionLevel.UNDEFINED) -> None:
    if files.get_file_from_path(src_uri) is not None:
        raise PluginError(f"docs/{src_uri} 与自动生成的主题页面同名，请删除或改名该文件")
    files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))


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
    _add(files, config, themes.THEMES_INDEX, themes.render_themes_index(index))
    for theme in taxonomy.themes:
        _add(files, config, themes.theme_uri(theme.id), themes.render_theme_page(theme, index.with_theme(theme.id)))
    for slug in sorted(set(removed)):
        uri = themes.tombstone_uri(slug)
        if files.get_file_from_path(uri) is None:  # the report came back under its old slug
            # Out of the nav: readers only reach a tombstone through an old link.
            files.append(File.generated(config, uri, content=themes.render_tombstone(slug), inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_nav(nav, config, files):
    themes.title_themes_section(nav, themes.current().taxonomy)
    return nav

