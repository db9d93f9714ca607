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

from kb.normalize.cleanlog import default_log_path  # noqa: E402
from kb.site.freshness import NORMALIZE_COMMAND, FreshnessError, refresh_reports, strict_stop_message  # noqa: E402

try:
    from kb.normalize import pipeline as _pipeline
    _unavailable: Exception | None = None
except Exception as _exc:  # a missing or half-written normalizer must not hide stale pages
    _pipeline, _unavailable = None, _exc

log = get_plugin_logger(__name__)

# Refused or still-stale sources found by this build's on_config, for on_post_build to stop a
# strict build with. A module slot because the two events share no other object; reset per build.
_problems: list[str] = []


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    _problems.clear()
    sources = _root(config) / "sources"
    if not sources.is_dir():
        log.info(f"未找到 {sources}，跳过报告页新鲜度检查")
        return config
    try:
        refresh = refresh_reports(sources, Path(config.docs_dir), _pipeline, _unavailable, default_log_path(_root(config)))
    except FreshnessError as exc:
        raise PluginError(str(exc)) from exc
    if refresh.stale:
        log.info(
            f"源文件有变化，已重新规范化：重新生成 {len(refresh.written)} 个报告页，删除 {len(refresh.removed)} 个，"
            f"拒绝 {len(refresh.refusals)} 个源文件（详情用 -v 查看）"
        )
    for stale in refresh.stale:
        log.debug(f"源文件有变化：{stale}")
    for page in refresh.written:
        log.debug(f"已重新生成报告页：{page}")
    for page in refresh.removed:
        log.debug(f"已删除报告页：{page}")
    _problems.extend(refresh.problems())
    if config.strict:
        # Listed once, last, by on_post_build: `--quiet` hides warnings from MkDocs 1.6's strict
        # counter (mkdocs/mkdocs#4126), so a warning alone would let `--strict -q` pass.
        if _problems:
            log.info(f"{len(_problems)} 个源文件未能生成报告页，构建结束时列出")
        return config
    for refusal in refresh.refusals:
        log.warning(f"规范化拒绝了源文件：{refusal}")
    for stale in refresh.still_stale:
        log.warning(f"重新生成后报告页仍然过期：{stale}；请运行 `{NORMALIZE_COMMAND}` 查看原因")
    return config


def on_post_build(config):
    # After every page is written: the site holds every good report, and the build still fails.
    if config.strict and _problems:
        raise PluginError(strict_stop_message(list(_problems)))


def on_serve(server, config, builder):
    sources = _root(config) / "sources"
    if sources.is_dir():
        server.watch(str(sources))  # editing a source under `mkdocs serve` rebuilds and refreshes
    return server
