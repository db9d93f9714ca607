"""Step 4: re-join lines that a PDF export hard-wrapped in the middle of a sentence."""

from __future__ import annotations

import re

from kb.text import CLOSERS, SENTENCE_END

HEADING_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}(?:、|\.(?!\d)|．)|[①-⑳])"
)
# A line ending in these never continues on the next line.
_ENDS_BLOCK = set(SENTENCE_END + CLOSERS + "：:…")
# Wrapped lines are long; a short line without end punctuation is a heading or a title.
MIN_WRAPPED_LENGTH = 16
_CLAUSE_MARK = re.compile("[，,。；]")


def continues(line: str, next_line: str) -> bool:
    """Whether next_line carries on the sentence that line breaks off."""
    if not line or not next_line or line[-1] in _ENDS_BLOCK:
        return False
    if HEADING_START_RE.match(next_line):
        return False
    if len(line) < MIN_WRAPPED_LENGTH:
        return False
    if HEADING_START_RE.match(line) and len(line) < 40 and not _CLAUSE_MARK.search(line):
        return False
    return True


def rejoin_lines(lines: list[tuple[int, str]], keep_first: bool = False) -> list[tuple[int, str]]:
    """Merge hard-wrapped lines; a merged line keeps the number of its first piece."""
    out: list[tuple[int, str]] = []
    for number, line in lines:
        if out and out[-1][1] and not (keep_first and len(out) == 1) and continues(out[-1][1], line):
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((number, line))
    return out
