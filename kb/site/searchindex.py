"""The site's passage search index: small files the browser loads only for the words it looks up.

Why our own index (README, 中文搜索): Material's lunr index is one file that every page downloads
whole (36 MB at 3000 reports); Pagefind does not run from ``file://``. Here the browser
(``docs/javascripts/search.js``) loads one small ``meta`` file, then only the term shards of the
query's terms and the document chunks of the results it shows. Every file is a ``<script>``
(``kbSearch.load(name, data)``), so the same index works over HTTP and from a folder.

Segmentation (the same on both sides, so they cannot disagree):
- text is normalized (full-width letters and digits folded to ASCII, ASCII lowercased); runs of Han characters give every character bigram
  (so 支部 is found inside 党支部, 治党 inside 从严治党); runs of ASCII letters and digits are
  whole terms;
- the whole-word terms of our vocabulary (``data/jieba-user-dict.txt`` and the 提法 the build
  found), three characters or longer, are indexed as words too, at every place they occur
  (also a shorter word at the start of a longer one), and every vocabulary word has an entry
  even where no passage holds it: so for a vocabulary word, as for a two-character word, the
  index answers exactly and the browser's counts need no text check. The browser looks the
  whole query up as a word and ranks passages that hold the term whole (三会一课) first.
The browser makes the same bigrams of the query and needs no dictionary.

What is searched: passage text, and the passage's heading path (its own postings, so a hit in
the headings only ranks below hits in the text); a report's tables are entries too (kind
``t``, linked to the heading above them, since a table has no anchor of its own).

Files, under ``search/`` in the site:
- ``meta.js``: passage count, shard count, passages per text chunk (a character each), per report its passage count, type, year and place
  (as indexes into label lists), per passage its section kind and length class, theme
  postings, the theme and 提法 pages (results for their own name), and the vocabulary words
  (so the browser looks a query word up whole only if it was indexed whole);
- ``t/<n>.js``: ``{"t": text postings, "h": heading postings}`` of every term whose CRC-32
  modulo the shard count is ``n`` (one file answers both, so headings cost no extra request);
- ``d/<n>.js``: consecutive passages (about ``CHUNK_TARGET_BYTES`` of text, a report split
  where needed) with their report's title and link, heading paths and texts; small, so the
  first results of a query need a few kilobytes each.
Postings are sorted passage numbers, encoded as the shorter of a bitmap or LEB128 deltas, in
base64. Output depends only on the input (sorted keys, stable hash), never on the process.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.model import SectionKind

FORMAT_VERSION = 2
SEARCH_DIR = "search/"
# Section kinds as one letter each in meta's `kinds` string (the browser maps them back).
KIND_CODES = {
    SectionKind.OVERVIEW: "o",
    SectionKind.PRACTICE: "p",
    SectionKind.PROBLEM: "q",
    SectionKind.CAUSE: "c",
    SectionKind.MEASURE: "m",
}
TABLE_CODE, TABLE_LABEL = "t", "表格"  # a table is an entry of its own kind: it has no section kind
# Average shard size aimed at: a three-bigram query then loads about 100 KB of postings.
SHARD_TARGET_BYTES = 24_000
MIN_SHARDS, MAX_SHARDS = 8, 8192
# A document chunk holds consecutive passages up to about this much text (UTF-8). Results of one
# query come from many reports, so each shown result costs about one chunk: small chunks keep
# the next keystroke's first results to a few kilobytes (12 KB chunks of whole reports made a
# page of 20 results cost 0.3-0.5 MB and over a second at 3000 reports).
CHUNK_TARGET_BYTES = 4_000
# Meta writes each chunk's passage count as one character, chr(48 + n): at most 78 keeps it
# printable ASCII with no quote or backslash (a list of start numbers was 0.25 MB at 20,000 reports).
MAX_CHUNK_PASSAGES = 78
# Passage length classes (characters per class, capped) for ranking shorter, denser hits first.
LENGTH_CLASS_CHARS = 40
MAX_LENGTH_CLASS = 35
WORD_MIN_CHARS = 3  # two-character words are their own bigram already

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{_HAN}]+")


# Full-width ASCII letters and digits folded to ASCII, ASCII letters lowercased. Nothing else
# changes and every character stays one character, so a match in the normalized text is at the
# same place in the text shown (NFKC would also turn Chinese full-width punctuation into ASCII).
_FOLD = {
    **{c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF41, 0xFF5B))},
    **{c: c - 0xFEE0 + 0x20 for c in range(0xFF21, 0xFF3B)},
    **{c: c + 0x20 for c in range(0x41, 0x5B)},
}


def normalize(text: str) -> str:
    """Text as both sides compare it: full-width letters and digits folded, ASCII lowercase."""
    return text.translate(_FOLD)


def bigram_terms(text: str) -> set[str]:
    """Every Han bigram and every ASCII letter-digit run of normalized ``text``."""
    terms: set[str] = set()
    for token in _TOKEN.findall(text):
        if _HAN_RUN.fullmatch(token):
            terms.update(token[i : i + 2] for i in range(len(token) - 1))
        else:
            terms.add(token)
    return terms


def word_finder(vocabulary: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern finding vocabulary words at every position (a lookahead, so they may overlap)."""
    if not vocabulary:
        return None
    # Longest first: where two words start at one position the longer is the one indexed whole;
    # the shorter is still found by its bigrams.
    words = sorted(vocabulary, key=lambda w: (-len(w), w))
    return re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")


def prefix_words(vocabulary: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Per vocabulary word, the shorter vocabulary words it starts with (found at the same place)."""
    return {w: tuple(v for v in vocabulary if v != w and w.startswith(v)) for w in vocabulary}


def text_terms(text: str, words: re.Pattern[str] | None = None, prefixes: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """The terms a passage is indexed under: bigrams and runs, plus vocabulary words it holds whole."""
    norm = normalize(text)
    terms = bigram_terms(norm)
    if words is not None:
        for word in words.findall(norm):
            terms.add(word)
            terms.update((prefixes or {}).get(word, ()))
    return terms


def word_vocabulary(words: Iterable[str]) -> tuple[str, ...]:
    """Whole words worth indexing: normalized, Han only, at least three characters, sorted."""
    out = {normalize(w.strip()) for w in words}
    return tuple(sorted(w for w in out if len(w) >= WORD_MIN_CHARS and _HAN_RUN.fullmatch(w)))


def read_user_dictionary(text: str) -> list[str]:
    """The words of a jieba user dictionary (``word [frequency] [tag]`` a line)."""
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def shard_of(term: str, shards: int) -> int:
    """The shard a term lives in: CRC-32 of its UTF-8, so every process and the browser agree."""
    return zlib.crc32(term.encode("utf-8")) % shards


def _varints(ids: Sequence[int]) -> bytes:
    out = bytearray()
    previous = -1
    for n in ids:
        delta = n - previous - 1  # gaps of one (neighbouring passages) cost a zero byte
        previous = n
        while delta >= 0x80:
            out.append((delta & 0x7F) | 0x80)
            delta >>= 7
        out.append(delta)
    return bytes(out)


def _bitmap(ids: Sequence[int], count: int) -> bytes:
    bits = bytearray((count + 7) // 8)
    for n in ids:
        bits[n >> 3] |= 1 << (n & 7)
    return bytes(bits.rstrip(b"\0"))


def encode_postings(ids: Sequence[int], count: int) -> str:
    """Sorted passage numbers as ``v`` + base64 LEB128 gaps or ``b`` + base64 bitmap, whichever is shorter."""
    deltas = _varints(ids)
    if len(deltas) * 8 <= count:
        return "v" + base64.b64encode(deltas).decode("ascii")
    return "b" + base64.b64encode(_bitmap(ids, count)).decode("ascii")


def decode_postings(encoded: str) -> list[int]:
    """The passage numbers of an encoded posting list (for tests and tools; the browser has its own)."""
    data = base64.b64decode(encoded[1:])
    if encoded[0] == "b":
        return [i * 8 + b for i, byte in enumerate(data) for b in range(8) if byte >> b & 1]
    ids, value, shift, previous = [], 0, 0, -1
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            previous += value + 1
            ids.append(previous)
            value, shift = 0, 0
    return ids


@dataclass(frozen=True)
class IndexedPassage:
    """What the index keeps of one passage."""

    id: str  # the anchor on the report page, e.g. p-12 (a table: the anchor of its heading, or "")
    section: SectionKind | None  # None for a table
    headings: tuple[str, ...]
    text: str
    themes: tuple[str, ...] = ()
    table: bool = False


@dataclass(frozen=True)
class IndexedReport:
    """A report as the index sees it: its link, filter values and passages in reading order."""

    url: str  # site-relative page link, as MkDocs writes it
    title: str
    doc_type: str
    year: int | None
    place: str | None
    passages: tuple[IndexedPassage, ...]


@dataclass(frozen=True)
class NamedPage:
    """A theme or 提法 page: a result for its own name, listed above passages."""

    kind: str  # "term" or "theme"
    name: str
    url: str
    note: str = ""  # the term's definition or the theme's description, shown as its snippet


@dataclass(frozen=True)
class ThemeLabel:
    """A theme as the filters show it."""

    id: str
    name: str


def _script(name: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=isinstance(data, dict))
    return f'kbSearch.load("{name}",{payload});\n'


def _shard_count(total_bytes: int) -> int:
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and total_bytes / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


def _chunks(reports: Sequence[IndexedReport]) -> list[list[tuple[int, int]]]:
    """Consecutive (report, passage) positions, cut where a chunk reaches the target size."""
    chunks: list[list[tuple[int, int]]] = []
    size = CHUNK_TARGET_BYTES
    for r, report in enumerate(reports):
        for k, passage in enumerate(report.passages):
            if size >= CHUNK_TARGET_BYTES or len(chunks[-1]) >= MAX_CHUNK_PASSAGES:
                chunks.append([])
                size = 0
            chunks[-1].append((r, k))
            size += len(passage.text.encode("utf-8")) + len(" › ".join(passage.headings).encode("utf-8"))
    return chunks


def _chunk(reports: Sequence[IndexedReport], members: list[tuple[int, int]], first_of: list[int]) -> list[object]:
    # [[first passage number, url, title, [[anchor, heading path, text, is table], ...]], ...]:
    # the browser needs no more to show a hit.
    out: list[list[object]] = []
    for r, k in members:
        if not out or out[-1][0] != r:
            out.append([r, reports[r].url, reports[r].title, [], first_of[r] + k])
        p = reports[r].passages[k]
        out[-1][3].append([p.id, " › ".join(p.headings), p.text, 1 if p.table else 0])
    return [[start, url, title, items] for _, url, title, items, start in out]


def _kind_code(passage: IndexedPassage) -> str:
    return TABLE_CODE if passage.table or passage.section is None else KIND_CODES[passage.section]


def _sorted_labels(values: Iterable[object]) -> list[object]:
    # Years newest first, with "no year" last; text values in code-point order.
    present = set(values)
    known = sorted((v for v in present if v is not None), key=lambda v: (-v, "") if isinstance(v, int) else (0, str(v)))
    return known + ([None] if None in present else [])


def _positions(labels: list[object], values: Iterable[object]) -> list[int]:
    at = {label: i for i, label in enumerate(labels)}
    return [at[v] for v in values]


def build_search_index(
    reports: Sequence[IndexedReport],
    vocabulary: Sequence[str] = (),
    themes: Sequence[ThemeLabel] = (),
    pages: Sequence[NamedPage] = (),
) -> dict[str, str]:
    """Every index file, keyed by its path under ``search/``, for reports in registry order."""
    vocab = word_vocabulary(vocabulary)
    words, prefixes = word_finder(vocab), prefix_words(vocab)
    # Every vocabulary word has a text entry, empty where no passage holds it: its presence tells
    # the browser the word was indexed whole, so its postings are exact.
    postings: dict[str, list[int]] = {w: [] for w in vocab}
    head_postings: dict[str, list[int]] = {}
    theme_postings: dict[str, list[int]] = {t.id: [] for t in themes}
    kinds, sizes, first_of = [], [], []
    number = 0
    for report in reports:
        first_of.append(number)
        path_terms: dict[tuple[str, ...], set[str]] = {}
        for passage in report.passages:
            for term in text_terms(passage.text, words, prefixes):
                postings.setdefault(term, []).append(number)
            if passage.headings not in path_terms:
                path_terms[passage.headings] = text_terms(" ".join(passage.headings), words, prefixes)
            for term in path_terms[passage.headings]:
                head_postings.setdefault(term, []).append(number)
            for theme in passage.themes:
                theme_postings.setdefault(theme, []).append(number)
            kinds.append(_kind_code(passage))
            sizes.append(chr(ord("0") + min(len(passage.text) // LENGTH_CLASS_CHARS, MAX_LENGTH_CLASS)))
            number += 1
    count = number
    encoded = {term: encode_postings(ids, count) for term, ids in postings.items()}
    head_encoded = {term: encode_postings(ids, count) for term, ids in head_postings.items()}
    shards = _shard_count(sum(len(t.encode("utf-8")) + len(e) + 4 for t, e in [*encoded.items(), *head_encoded.items()]))
    by_shard: dict[int, dict[str, dict[str, str]]] = {n: {"t": {}, "h": {}} for n in range(shards)}
    for term in sorted(encoded):
        by_shard[shard_of(term, shards)]["t"][term] = encoded[term]
    for term in sorted(head_encoded):
        by_shard[shard_of(term, shards)]["h"][term] = head_encoded[term]

    files = {f"t/{n}.js": _script(f"t/{n}", by_shard[n]) for n in range(shards)}
    chunks = _chunks(reports)
    for n, members in enumerate(chunks):
        files[f"d/{n}.js"] = _script(f"d/{n}", _chunk(reports, members, first_of))

    types = _sorted_labels(r.doc_type for r in reports)
    years = _sorted_labels(r.year for r in reports)
    places = _sorted_labels(r.place for r in reports)
    meta = {
        "version": FORMAT_VERSION,
        "passages": count,
        "shards": shards,
        "chunkSizes": "".join(chr(48 + len(members)) for members in chunks),
        "counts": [len(r.passages) for r in reports],
        "types": types,
        "type": _positions(types, [r.doc_type for r in reports]),
        "years": years,
        "year": _positions(years, [r.year for r in reports]),
        "places": places,
        "place": _positions(places, [r.place for r in reports]),
        "kinds": "".join(kinds),
        "kindLabels": {**{code: kind.label for kind, code in KIND_CODES.items()}, TABLE_CODE: TABLE_LABEL},
        "sizes": "".join(sizes),
        "themes": [[t.id, t.name, encode_postings(theme_postings.get(t.id, []), count)] for t in themes],
        "pages": [[p.kind, p.name, p.url, p.note] for p in pages],
        "words": list(vocab),
    }
    files["meta.js"] = _script("meta", meta)
    return files
