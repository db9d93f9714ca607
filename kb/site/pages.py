"""Small additions to report pages and the navigation."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from kb.site.registry import REPORTS_DIR

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

REPORTS_SECTION_TITLE = "报告"


def retired_marker(retired_ids: tuple[str, ...]) -> str:
    """Hidden element listing ids this page once had; kb.js reads it to explain dead links."""
    ids = html.escape(" ".join(retired_ids), quote=True)
    return f'\n<div id="kb-retired" data-ids="{ids}" hidden></div>\n'


def safe_title(title: str) -> Markup:
    """A report title as HTML-safe text.

    Material's templates print page titles without autoescaping, and a title is source
    text; as ``Markup`` it is escaped once and left alone by templates that do apply ``|e``.
    """
    return escape(title)


def title_reports_section(nav: Navigation) -> None:
    """Give the auto-generated ``reports/`` section its Chinese title."""
    for item in nav.items:
        children = getattr(item, "children", None)
        if item.is_section and children and all(_is_report_page(c) for c in children):
            item.title = REPORTS_SECTION_TITLE


def _is_report_page(item: object) -> bool:
    file = getattr(item, "file", None)
    return file is not None and file.src_uri.startswith(REPORTS_DIR)
