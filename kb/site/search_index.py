"""A smaller ``search/search_index.json`` that the browser tokenizes exactly as before.

Material's search plugin writes the index with ``json.dumps`` defaults, so every Chinese
character costs a six-byte ``\\uXXXX`` escape, and it wraps every jieba-segmented run of Han
characters in U+200B (three bytes in UTF-8) even where a separator already stands. The search
worker splits text between ``<`` and ``>`` and then on the ``separator`` regex, so a U+200B
next to a separator character, a ``<``/``>`` or the end of a field never separates anything
that was not already separated: dropping it leaves every token, and so every query, the same.
"""

from __future__ import annotations

import json
import re

ZWSP = "\u200b"
INDEX_FIELDS = ("title", "text")  # the fields the worker tokenizes; `location` is a URL

# JavaScript's `\s` (ECMA-262 WhiteSpace and LineTerminator); Python's `\s` differs slightly
# (it adds U+001C-U+001F and U+0085, and lacks U+FEFF), and the worker runs the JS regex.
_JS_WHITESPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_CHAR_CLASS = re.compile(r"\[(?P<body>[^\[\]]*)\]\+")
# Material joins block elements with a space ("</p> <p>"); between a block's end and the next
# block tag it is neither shown nor tokenized (inline tags keep theirs: there it is visible).
_BLOCK = r"(?:p|li|ul|ol|div|pre|table|blockquote)"
_BETWEEN_TAGS = re.compile(rf"(</{_BLOCK}>)[ \n]+(?=</?{_BLOCK}\b)")
_SAFE_ESCAPES = re.compile(r"\\(?:s|u[0-9a-fA-F]{4}|[-tnrvf.^$|?*+(){}/])")


def separator_class(separator: str) -> str | None:
    """The separator as a Python character class that the JS worker would agree with, if simple.

    Only the shape ``[...]+`` is understood; for anything else the caller keeps every U+200B.
    """
    match = _CHAR_CLASS.fullmatch(separator)
    # Escapes such as \w or \d mean different things in Python and JS: keep every U+200B then.
    if not match or match.group("body").startswith("^") or "\\" in _SAFE_ESCAPES.sub("", match.group("body")):
        return None
    # U+200B itself is left out: two of them in a row are first collapsed to one, which stays.
    body = match.group("body").replace(r"\u200b", "").replace(ZWSP, "")
    return "[" + body.replace(r"\s", _JS_WHITESPACE) + "<>]"


def redundant_zwsp(separator: str) -> re.Pattern[str] | None:
    """A pattern matching every U+200B that separates nothing under ``separator``."""
    chars = separator_class(separator)
    if chars is None:
        return None
    z = ZWSP
    # A run of U+200B at either end of a field, or touching another separator character.
    return re.compile(rf"^{z}+|{z}+$|{z}+(?={chars})|(?<={chars}){z}+")


def slim_entry(entry: dict[str, object], redundant: re.Pattern[str] | None) -> dict[str, object]:
    """One index entry with redundant U+200B removed from its tokenized fields."""
    if redundant is None:
        return entry
    slim = dict(entry)
    for key in INDEX_FIELDS:
        value = slim.get(key)
        if isinstance(value, str):
            value = _BETWEEN_TAGS.sub(r"\1", value)
            slim[key] = redundant.sub("", re.sub(f"{ZWSP}{{2,}}", ZWSP, value))
    return slim


def compact_search_index(index_json: str) -> str:
    """The index re-serialized as raw UTF-8 JSON without separators that separate nothing."""
    data = json.loads(index_json)
    redundant = redundant_zwsp(str(data.get("config", {}).get("separator", "")))
    data["docs"] = [slim_entry(entry, redundant) for entry in data.get("docs", [])]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
