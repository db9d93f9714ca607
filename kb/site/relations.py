"""Short names for passages, shown where other pages link to them.

The 对应措施 / 回应问题 / 相似表述 lines under passages come from kb/site/reportpage.py (templates/report.html);
comparison pages name the measure that answers a problem the same way.
"""

from __future__ import annotations

from kb.model import Passage

LABEL_CHARS = 24


def passage_label(passage: Passage) -> str:
    """A short name for a passage: its own subheading, else the start of its text."""
    if len(passage.headings) > 1:
        return passage.headings[-1]
    text = passage.text
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS] + "…"
