"""Make Chinese search find whole 提法: our jieba term list, and a fixed query segmenter."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from kb.cores import usable_cores  # noqa: E402
from kb.site import analysis, indexes, registry  # noqa: E402
from kb.site.searchentries import DeferredSegmenter, SearchFastPath, SearchHookError, install, report_sections  # noqa: E402
from kb.site.search import JIEBA_OPTIONS, SegmenterPatchError, anchored, patch_search_worker, teach_terms  # noqa: E402

try:
    import jieba
except ImportError:  # Material then indexes Chinese runs unsegmented; nothing to teach
    jieba = None


@event_priority(100)  # before the search plugin's own on_config loads the dictionaries
def on_config(config):
    # Material resolves jieba_dict(_user) against the current directory; anchor them at
    # mkdocs.yml so `mkdocs build -f elsewhere/mkdocs.yml` still loads our term list.
    config_dir = os.path.dirname(os.path.abspath(config.config_file_path))
    if jieba is not None:
        # jieba logs its dictionary loading ("Building prefix dict …") to stderr at DEBUG on every
        # build; it says nothing about this site, so it shows only with `mkdocs build -v`.
        verbose = logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG)
        jieba.setLogLevel(logging.DEBUG if verbose else logging.WARNING)
        # Every word added to jieba also raises its frequency total, which shifts how it cuts
        # other text; words from a previous build in this process (`mkdocs serve`, tests) would
        # make the same sources index differently. Start each build from the plain dictionary.
        jieba.dt.initialized = False
    for name, plugin in config.plugins.items():
        if name.endswith("search"):
            for option in JIEBA_OPTIONS:
                if plugin.config.get(option):
                    plugin.config[option] = anchored(plugin.config[option], config_dir)
            try:
                install(config.plugins, name, SearchFastPath(plugin, _report_sections, _segmenter))
            except SearchHookError as exc:
                raise PluginError(f"无法接管搜索插件的页面索引（升级 MkDocs 或 Material 后请核对 kb/site/searchentries.py）：{exc}") from exc
    return config


def _report_sections(page):
    # Report pages are written from the report itself (kb/site/reportpage.py), so their search
    # sections are known without parsing the HTML back; every other page is parsed by Material.
    reports, uri = registry.current(), page.file.src_uri
    page_entry = reports.by_src_uri(uri)
    if page_entry is None:
        return None
    found = analysis.current()
    # The tooltips hooks/indexes.py added to the page split its text nodes; follow them exactly.
    return report_sections(page_entry.report, lambda fragment: indexes.page_html(fragment, uri, reports, found))


@event_priority(-50)  # after hooks/indexes.py has found the 提法 in the passages
def on_files(files, config):
    # Every 提法 the terms index found (quoted formulations in new reports too) is indexed
    # as one word, beside the curated list in data/jieba-user-dict.txt.
    if jieba is not None:
        terms = {t for found in analysis.current().terms_of.values() for t in found}
        teach_terms(terms, lambda word, freq: jieba.add_word(word, freq=freq))
    return files


# Segments report pages in a second process while this one renders (see DeferredSegmenter).
# One core stays with the build itself; on a single core there is nothing to gain.
_segmenter = DeferredSegmenter(workers=min(usable_cores() - 1, 3))


@event_priority(10)  # before the search plugin writes the index (0)
def on_post_build(config):
    _segmenter.finish()
    try:
        patch_search_worker(Path(config.site_dir))
    except SegmenterPatchError as exc:
        raise PluginError(f"无法修正搜索分词脚本（升级 Material 后请核对 kb/site/search.py）：{exc}") from exc


def on_build_error(error):
    _segmenter.close()
