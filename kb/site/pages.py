"""Small additions to report pages."""

from __future__ import annotations

import html

from markupsafe import Markup, escape


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
