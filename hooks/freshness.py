"""Refresh report pages from sources/ before MkDocs collects files, or fail naming what is stale."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402

from kb.site.freshness import FreshnessError, refresh_reports  # noqa: E402

try:
    from kb.normalize import pipeline as _pipeline
    _unavailable: Exception | None = None
except Exception as _exc:  # a missing or half-written normalizer must not hide stale pages
    _pipeline, _unavailable = None, _exc

log = get_plugin_logger(__name__)


def _sources_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / "sources"


def on_config(config):
    sources = _sources_dir(config)
    if not sources.is_dir():
        log.info(f"未找到 {sources}，跳过报告页新鲜度检查")
        return config
    try:
        refresh = refresh_reports(sources, Path(config.docs_dir), _pipeline, _unavailable)
    except FreshnessError as exc:
        raise PluginError(str(exc)) from exc
    for stale in refresh.stale:
        log.info(f"源文件有变化：{stale}")
    for page in refresh.written:
        log.info(f"已重新生成报告页：{page}")
    for page in refresh.removed:
        log.info(f"已删除报告页：{page}")
    for refusal in refresh.refusals:
        log.warning(f"规范化拒绝了源文件：{refusal}")
    for stale in refresh.still_stale:
        log.warning(f"重新生成后报告页仍然过期：{stale}；请运行 `python scripts/normalize.py` 查看原因")
    return config


def on_serve(server, config, builder):
    sources = _sources_dir(config)
    if sources.is_dir():
        server.watch(str(sources))  # editing a source under `mkdocs serve` rebuilds and refreshes
    return server
