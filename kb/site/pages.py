"""Report page titles made safe for Material's templates."""

from __future__ import annotations

from markupsafe import Markup, escape


def safe_title(title: str) -> Markup:
    """A report title as HTML-safe text.

    Material's templates print page titles without autoescaping, and a title is source
    text; as ``Markup`` it is escaped once and left alone by templates that do apply ``|e``.
    """
    return escape(title)
