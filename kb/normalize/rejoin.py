"""Step 4: re-join lines that a PDF export hard-wrapped in the middle of a sentence."""

from __future__ import annotations

import re

from kb.normalize.segment import ADDRESS_RE, DATE_RE, OFFICIAL_ELEMENT_RE, SALUTATION_RE, SUBTITLE_RE, is_organisation, marker_of
from kb.text import CLOSERS, SENTENCE_END

# Lines that are never the rest of a sentence: an address to the audience, a speaker's name,
# a date or an organisation's name signing the report, 附件：, 联系人：.
_STANDS_ALONE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in (ADDRESS_RE, SALUTATION_RE, SUBTITLE_RE, DATE_RE, OFFICIAL_ELEMENT_RE)))
# A line ending in these never continues on the next line.
_ENDS_BLOCK = set(SENTENCE_END + CLOSERS + "：:…")
# Wrapped lines are long; a short line without end punctuation is a heading or a title.
MIN_WRAPPED_LENGTH = 16
_CLAUSE_MARK = re.compile("[，,。；]")


def continues(line: str, next_line: str) -> bool:
    """Whether next_line carries on the sentence that line breaks off."""
    if not line or not next_line or line[-1] in _ENDS_BLOCK:
        return False
    # A line segmentation reads as a numbered heading must not be hidden inside a sentence.
    if marker_of(next_line) is not None or _STANDS_ALONE_RE.match(next_line) or is_organisation(next_line):
        return False
    if len(line) < MIN_WRAPPED_LENGTH:
        return False
    if marker_of(line) is not None and len(line) < 40 and not _CLAUSE_MARK.search(line):
        return False
    return True


def rejoin_lines(lines: list[tuple[int, str]], keep_first: bool = False, alone: frozenset[int] | set[int] = frozenset()) -> list[tuple[int, str]]:
    """Merge hard-wrapped lines; a merged line keeps the number of its first piece.

    Lines numbered in ``alone`` (headings the file's format marks) are never merged.
    """
    out: list[tuple[int, str]] = []
    for number, line in lines:
        if out and out[-1][1] and not (keep_first and len(out) == 1) and number not in alone and out[-1][0] not in alone and continues(out[-1][1], line):
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((number, line))
    return out


# A hard-wrapped text breaks its lines at one width: many of its long lines are within a
# character or two of the longest. Text copied from a web page holds one paragraph per line,
# of every length, and re-joining it would glue headings to the paragraph after them.
WRAP_SLACK = 2
# No page or window is this wide: a text with a line this long has its paragraphs on lines.
PARAGRAPH_LINE_MIN = 80
MIN_WRAPPED_SHARE = 0.3
MIN_FULL_LINES = 2


def looks_hard_wrapped(lines: list[tuple[int, str]]) -> bool:
    """Whether a text's lines were broken at a page or window width."""
    long_lines = [len(t) for _, t in lines if len(t) >= MIN_WRAPPED_LENGTH]
    if not long_lines:
        return False
    width = max(long_lines)
    if width < PARAGRAPH_LINE_MIN:
        return True
    full = sum(1 for n in long_lines if n >= width - WRAP_SLACK)
    return full >= MIN_FULL_LINES and full >= MIN_WRAPPED_SHARE * len(long_lines)


def breaks_sentences(lines: list[str]) -> bool:
    """Whether many of a text's long lines stop in the middle of a sentence that the next goes on with.

    A saved page that draws each line of a document as its own element does; an article whose
    elements are paragraphs does not, however short its paragraphs are.
    """
    long_lines = [i for i, line in enumerate(lines[:-1]) if len(line) >= MIN_WRAPPED_LENGTH]
    broken = sum(1 for i in long_lines if continues(lines[i], lines[i + 1]))
    return broken >= MIN_FULL_LINES and broken >= MIN_WRAPPED_SHARE * len(long_lines)
