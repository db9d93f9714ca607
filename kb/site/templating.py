"""The Jinja environment that renders every page body we write ourselves.

Python decides what a page shows (kb/site/reportpage.py, themepages.py, …); the templates in
``kb/site/templates/`` decide how it looks, so a page's markup changes in one file. Autoescape
is on: source text reaches HTML only as MarkupSafe escapes it (``& < > " '``), in text and in
attributes alike. Report text (runs of spans) is written by the one ``spans`` filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from kb.model import BLANK, Span

TEMPLATES = Path(__file__).parent / "templates"


def spans_html(spans: Iterable[Span]) -> Markup:
    """Report text as HTML (the ``spans`` filter): each run escaped, each redaction placeholder
    a blank whose tooltip keeps the original characters."""
    # A filter, not a macro: it runs for every block of every page that shows report text,
    # and the placeholder markup is one line; the templates only say where text goes.
    return Markup("".join([f'<span class="ph" title="隐去：{escape(s.text)}">{BLANK}</span>' if s.placeholder else escape(s.text) for s in spans]))


@cache
def environment() -> Environment:
    """The environment, built once per process: templates are configuration, not build state."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        # Block tags on their own lines leave no blank lines: templates read like the HTML they write.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates never change during a build; no stat() per render.
        auto_reload=False,
    )
    env.filters["spans"] = spans_html
    return env


def render(name: str, **context: object) -> str:
    """The template ``name`` filled with ``context``."""
    return environment().get_template(name).render(**context)


def text_html(value: str) -> str:
    """Text as HTML by the templates' rule, for the table of contents, which MkDocs inserts as HTML."""
    return str(escape(value))

