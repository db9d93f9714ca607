"""The folder build: what Material's offline plugin would fetch from a CDN, shipped locally."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker.js"
# Material's offline plugin skips adding its CDN copy when a polyfill URL already names it.
SHIM_MARKER = "iframe-worker"


def local_polyfills(polyfills: list[str]) -> list[str]:
    """``polyfills`` with every iframe-worker entry, local or from a CDN, replaced by ours."""
    kept = [p for p in polyfills if SHIM_MARKER not in str(p)]
    return [*kept, SHIM_URI]


def offline_enabled(plugins) -> bool:
    """True when Material's offline plugin is configured and enabled."""
    plugin = plugins.get("material/offline")
    return plugin is not None and bool(plugin.config.enabled)
