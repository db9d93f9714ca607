"""Aggregate pages from the analysed passages: report catalogue, 提法 index, comparisons, home counts."""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only hooks/ on sys.path while importing a hook; kb/ lives at the repo root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402

from kb.site import analysis, registry  # noqa: E402
from kb.site.generated import add_pages  # noqa: E402
from kb.site.indexes import generated_pages, page_html, page_markdown, section_titles, theme_context  # noqa: E402
from kb.site.terms import GLOSSARY_PATH, GlossaryError, load_glossary  # noqa: E402


def on_config(config):
    analysis.clear()
    return config


def on_files(files, config):
    try:
        glossary = load_glossary(Path(config.config_file_path).resolve().parent / GLOSSARY_PATH)
    except GlossaryError as exc:
        raise PluginError(str(exc)) from exc
    themes, refs = theme_context()
    result = analysis.analyse(registry.current(), themes, glossary)
    analysis.publish(result)
    add_pages(files, config, generated_pages(registry.current(), result, refs), "docs/{uri} 与自动生成的页面同名，请删除或改名该文件")
    return files


def on_nav(nav, config, files):
    section_titles(nav)
    return nav


def on_page_markdown(markdown, page, config, files):
    return page_markdown(markdown, page.file.src_uri, registry.current(), analysis.current())


def on_page_content(html, page, config, files):
    return page_html(html, page.file.src_uri, registry.current(), analysis.current())
