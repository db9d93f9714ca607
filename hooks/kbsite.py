"""The one hook module: hands every MkDocs event to the knowledge base plugin (kb/site/plugin.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from kb.site.plugin import KnowledgeBasePlugin  # noqa: E402

# MkDocs loads this module afresh with each config (every `mkdocs serve` rebuild too), and the
# plugin makes a new SiteBuild in on_config: no build's data outlives its build.
_plugin = KnowledgeBasePlugin()
on_config = _plugin.on_config
on_files = _plugin.on_files
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
on_serve = _plugin.on_serve
