"""Render report pages straight from the parsed reports (see kb/site/reportpage.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from kb.site import analysis, prerender, registry, themes  # noqa: E402
from kb.site.reportpage import render_report_page  # noqa: E402


def on_files(files, config):
    # Listed after hooks/themes.py and hooks/indexes.py, whose on_files publish what this reads.
    index, result = themes.current(), analysis.current()
    for page in registry.current().pages:
        prerender.register(page.src_uri, lambda ctx, page=page: render_report_page(ctx, page, index, result, config.site_url))
    return files
