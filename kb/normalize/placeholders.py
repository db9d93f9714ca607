"""Step 6: runs such as **, XX, ××, __, ○○ stand for redacted names and numbers."""

from __future__ import annotations

import re

from kb.model import Span

# "X" only where it is not part of a Latin word; "○" only in runs of two or more that are not
# the zero digit of a Chinese year such as 二○二三年.
PLACEHOLDER_RE = re.compile(
    r"\*+"
    r"|(?<![A-Za-z])[Xx]+(?![A-Za-z])"
    r"|×+"
    r"|__+|＿＿+"
    r"|(?<![一二三四五六七八九〇零○])○○+(?![一二三四五六七八九〇零年])"
)


def to_spans(text: str) -> tuple[Span, ...]:
    """Split text into plain runs and placeholder runs."""
    spans: list[Span] = []
    pos = 0
    for match in PLACEHOLDER_RE.finditer(text):
        if match.group(0) == "x" and _is_latin_x_variable(text, match):
            continue
        if match.start() > pos:
            spans.append(Span(text[pos : match.start()]))
        spans.append(Span(match.group(0), placeholder=True))
        pos = match.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(spans)


def _is_latin_x_variable(text: str, match: re.Match[str]) -> bool:
    # A lone lowercase x between digits ("3x2") is a multiplication sign, not a blank.
    before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
    return before.isdigit() and after.isdigit()
