"""Swap in the HTML of pages rendered from data (see kb/site/prerender.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.structure.toc import get_toc  # noqa: E402

from kb.site import prerender  # noqa: E402


def on_config(config):
    prerender.clear()
    return config


def on_page_markdown(markdown, page, config, files):
    # Nothing for Python-Markdown to do: the body comes from the renderer in on_page_content.
    return "" if prerender.renderer_for(page.file.src_uri) else markdown


def on_page_content(html, page, config, files):
    renderer = prerender.renderer_for(page.file.src_uri)
    if renderer is None:
        return html
    context = prerender.PageContext(page.file.src_uri, page.url, files)
    rendered = renderer(context)
    page.toc = get_toc([entry.token() for entry in rendered.toc])
    # MkDocs checks links into and out of this page against these after all pages render.
    page.present_anchor_ids = set(rendered.anchors)
    page.links_to_anchors = context.links_to_anchors
    return rendered.html
