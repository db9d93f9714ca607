"""Parse report pages once per build into the shared registry; mark retired passage ids."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402

from kb.reportfile import ReportFormatError  # noqa: E402
from kb.site import registry  # noqa: E402
from kb.site.pages import safe_title  # noqa: E402


def on_config(config):
    registry.clear()
    return config


def on_files(files, config):
    try:
        registry.publish(registry.registry_from_files(files))
    except ReportFormatError as exc:
        raise PluginError(str(exc)) from exc
    return files


def on_page_markdown(markdown, page, config, files):
    report_page = registry.current().by_src_uri(page.file.src_uri)
    if report_page is not None:
        page.meta["title"] = safe_title(report_page.report.meta.title)
    return markdown

