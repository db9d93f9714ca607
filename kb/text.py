"""Small text helpers shared by the normalizer and the tests."""

from __future__ import annotations

import re

SENTENCE_END = "。！？；!?;"
CLOSERS = "”’」』）)】"
_SENTENCE_RE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[{CLOSERS}]*|$)")


def sentence_pieces(text: str) -> list[str]:
    """Sentences of a line exactly as written: joined again they give the line back."""
    return [m.group(0) for m in _SENTENCE_RE.finditer(text) if m.group(0)]


def split_sentences(text: str) -> list[str]:
    """Sentences of a line, each keeping its end punctuation and closing quotes, stripped."""
    return [s for s in (p.strip() for p in sentence_pieces(text)) if s]


_NOT_CONTENT = re.compile(r"[\W_]+")


def content_chars(text: str) -> str:
    """Letters, digits and CJK characters of a text, in order: what must never be lost."""
    return _NOT_CONTENT.sub("", text)
