"""In the offline (file://) build, ship the worker shim instead of linking it from a CDN."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from kb.site.offline import SHIM_SOURCE, SHIM_URI, local_polyfills, offline_enabled  # noqa: E402


@event_priority(50)  # before the offline plugin, which then sees a shim is already there
def on_config(config):
    if offline_enabled(config.plugins):
        config.extra["polyfills"] = local_polyfills(list(config.extra.get("polyfills", [])))
    return config


def on_files(files, config):
    if not offline_enabled(config.plugins):
        return files
    if not SHIM_SOURCE.is_file():
        raise PluginError(f"离线版缺少 {SHIM_SOURCE}：它替代 Material 从公网加载的 iframe-worker 脚本")
    if files.get_file_from_path(SHIM_URI) is None:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SOURCE)))
    return files
