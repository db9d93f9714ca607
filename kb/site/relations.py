"""Helpers for links to passages from generated pages.

The 对应措施 / 回应问题 / 相似表述 lines under passages are written by kb/site/reportpage.py.
Links are written between ``.md`` sources so MkDocs rewrites them and validates their anchors.
"""

from __future__ import annotations

import posixpath

from kb.model import Passage
from kb.site.analysis import PassageRef

LABEL_CHARS = 24


def relative_link(from_uri: str, to_uri: str) -> str:
    """Path of ``to_uri`` relative to the page ``from_uri`` (both docs-relative ``.md`` paths)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def passage_label(passage: Passage) -> str:
    """A short name for a passage: its own subheading, else the start of its text."""
    if len(passage.headings) > 1:
        return passage.headings[-1]
    text = passage.text
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS] + "…"


def passage_href(from_uri: str, ref: PassageRef) -> str:
    """Link from page ``from_uri`` to one passage."""
    if ref.page.src_uri == from_uri:
        return f"#{ref.passage.id}"
    return f"{relative_link(from_uri, ref.page.src_uri)}#{ref.passage.id}"
