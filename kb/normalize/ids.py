"""Stable ASCII ids for passages and headings, kept across edits by a committed lock file.

A trainer's link ``reports/<slug>/#p-1a2b3c`` must survive re-normalizing, other passages
being added or moved, and small corrections to the passage itself. New ids come from a
hash of the passage text; the lock remembers each id with a fingerprint and a sketch of
the text's clauses, so an edited passage is matched to its old id (exact fingerprint, then
a passage cut into parts whose fingerprints join to it, then clause overlap, then its place
between unchanged neighbours). Ids that match
nothing are retired, never reused for other text, so old links land on the report page
with a notice instead of on the wrong passage.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

SKETCH_SIZE = 12
MIN_SIMILARITY = 0.5
# Spaces and punctuation between clauses. "[…][…]*" rather than "[…]+": the regex engine
# skips straight to a possible match only when a pattern opens with a class, not with a
# repeat, and splitting a report takes a quarter fewer steps.
_SEPARATOR = r"[\s，。；、：！？,.;:!?“”\"'‘’（）()《》〈〉【】\[\]—…·]"
_CLAUSE_SPLIT = re.compile(f"{_SEPARATOR}{_SEPARATOR}*")


def fingerprint(text: str) -> str:
    """Text reduced to what identifies it: no whitespace, no punctuation."""
    return _CLAUSE_SPLIT.sub("", text)


def exact_key(text: str) -> str:
    """Short hash of the fingerprint, stored in the lock."""
    return _key_of(fingerprint(text))


def _key_of(print_: str) -> str:
    return "%08x" % zlib.crc32(print_.encode("utf-8"))


def sketch(text: str) -> str:
    """Hashes of up to SKETCH_SIZE clauses, space-separated: a bottom-k sample that survives small edits.

    Kept as the one string the lock file writes: tens of thousands of sketches travel from the
    worker processes and into the lock, and a string does so many times faster than a tuple of
    short strings. Only an edited passage's sketch is ever taken apart, for ``similarity``.
    """
    return _sketch_of(_CLAUSE_SPLIT.split(text))


def _sketch_of(pieces: list[str]) -> str:
    # Clauses of two characters or more, each hashed once; map() keeps the encoding and
    # hashing of a report's hundreds of clauses in C. Six-digit hex sorts like the number
    # it writes, so only the kept few are formatted ("%" formats faster than an f-string
    # with a format spec, which parses the spec on every call).
    clauses = {c for c in pieces if len(c) >= 2}
    hashes = sorted([h & 0xFFFFFF for h in map(zlib.crc32, map(str.encode, clauses))])
    return " ".join(["%06x" % h for h in hashes[:SKETCH_SIZE]])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Estimated clause overlap of two texts from the hashes of their sketches."""
    if not a or not b:
        return 0.0
    union = sorted(a | b)[:SKETCH_SIZE]
    both = a & b
    return sum(1 for h in union if h in both) / len(union)


class LockedId(NamedTuple):
    """An id as the lock remembers it.

    A named tuple rather than a dataclass: a large run sends tens of thousands of them back
    from its worker processes, and a tuple pickles in a fraction of the time.
    """

    id: str
    exact: str
    sketch: str = ""


@dataclass
class IdAssignment:
    """Ids for the current items, in order, and the ids that no longer match anything."""

    ids: list[str]
    entries: list[LockedId]
    retired: list[LockedId] = field(default_factory=list)


def new_id(prefix: str, text: str, taken: set[str]) -> str:
    """A fresh id from the text's hash, lengthened on the rare collision."""
    return _new_id_of(prefix, fingerprint(text), taken)


def _new_id_of(prefix: str, print_: str, taken: set[str]) -> str:
    digest = hashlib.sha1(print_.encode("utf-8")).hexdigest()
    for length in range(6, len(digest) + 1):
        candidate = f"{prefix}-{digest[:length]}"
        if candidate not in taken:
            return candidate
    # Only the same text repeated more than 35 times in one report gets here (a checklist's
    # answer line, say): count on from the shortest form.
    n = 2
    while f"{prefix}-{digest[:6]}-{n}" in taken:
        n += 1
    return f"{prefix}-{digest[:6]}-{n}"


def _match_exact(keys: list[str], old: list[LockedId], pairs: dict[int, int]) -> None:
    free: dict[str, list[int]] = {}
    for j, entry in enumerate(old):
        free.setdefault(entry.exact, []).append(j)
    for i, key in enumerate(keys):
        if free.get(key):
            pairs[i] = free[key].pop(0)


def _match_similar(sketches: list[str], old: list[LockedId], pairs: dict[int, int]) -> None:
    used = set(pairs.values())
    if len(used) == len(old) or len(pairs) == len(sketches):
        return  # nothing left on one side to match
    old_hashes = {j: frozenset(o.sketch.split()) for j, o in enumerate(old) if j not in used}
    scored = []
    for i, new_sketch in enumerate(sketches):
        if i in pairs:
            continue
        new_hashes = frozenset(new_sketch.split())
        for j, hashes in old_hashes.items():
            score = similarity(new_hashes, hashes)
            if score >= MIN_SIMILARITY:
                scored.append((-score, abs(i / max(len(sketches), 1) - j / max(len(old), 1)), i, j))
    for _, _, i, j in sorted(scored):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)


# A passage is rarely cut into more parts than this; the bound keeps a rewritten report linear.
MAX_SPLIT_PARTS = 20


def _match_split(prints: list[str], old: list[LockedId], pairs: dict[int, int]) -> None:
    # An old text cut into consecutive new texts (a paragraph broken into lines, a list cut
    # into points): their fingerprints joined are its fingerprint, and CRC-32 can be carried
    # from one part to the next, so each run of parts is hashed once as it grows.
    if len(pairs) == len(old) or len(pairs) == len(prints):
        return  # nothing left on one side (a re-run of unchanged text)
    used = set(pairs.values())
    wanted = {o.exact: j for j, o in enumerate(old) if j not in used}
    if not wanted:
        return
    for start in range(len(prints)):
        if start in pairs:
            continue
        crc = zlib.crc32(prints[start].encode("utf-8"))
        for end in range(start + 1, min(len(prints), start + MAX_SPLIT_PARTS)):
            if end in pairs:
                break
            crc = zlib.crc32(prints[end].encode("utf-8"), crc)
            j = wanted.pop("%08x" % crc, None)
            if j is not None:
                pairs[start] = j  # the first part keeps the id: links land where the text began
                break


def _match_between_neighbours(count: int, old: list[LockedId], pairs: dict[int, int]) -> None:
    # A heavily edited passage still sits between the same unchanged neighbours.
    used = set(pairs.values())
    if len(used) == len(old):
        return  # every old id is matched already: nothing left to place (always so on a first run)
    for i in range(count):
        if i in pairs:
            continue
        before = max((k for k in pairs if k < i), default=None)
        after = min((k for k in pairs if k > i), default=None)
        lo = pairs[before] if before is not None else -1
        hi = pairs[after] if after is not None else len(old)
        new_gap = [k for k in range((before if before is not None else -1) + 1, after if after is not None else count) if k not in pairs]
        old_gap = [j for j in range(lo + 1, hi) if j not in used]
        if len(new_gap) == 1 and len(old_gap) == 1:
            pairs[i] = old_gap[0]
            used.add(old_gap[0])


def assign_ids(prefix: str, texts: list[str], locked: list[LockedId], retired: list[LockedId]) -> IdAssignment:
    """Ids for texts in order, reusing locked ids for unchanged or lightly edited texts."""
    # One split per text gives both the clauses of its sketch and, joined, its fingerprint.
    # Keys and sketches stay in plain lists: only the final entries become LockedIds.
    pieces = list(map(_CLAUSE_SPLIT.split, texts))
    prints = list(map("".join, pieces))
    keys = list(map(_key_of, prints))
    sketches = list(map(_sketch_of, pieces))
    pairs: dict[int, int] = {}
    if locked:
        _match_exact(keys, locked, pairs)
        _match_split(prints, locked, pairs)  # exact evidence, so before the estimate
        _match_similar(sketches, locked, pairs)
        _match_between_neighbours(len(texts), locked, pairs)
    taken = {e.id for e in locked} | {r.id for r in retired}
    used_revived: set[str] = set()
    if len(pairs) == len(texts):  # a re-run: every text kept its id
        ids = [locked[pairs[i]].id for i in range(len(texts))]
    elif not pairs and not retired:  # a new report, or one whose every text changed
        ids = _fresh_ids(prefix, prints, taken)
    else:
        ids = _mixed_ids(prefix, prints, keys, locked, pairs, retired, taken, used_revived)
    matched_old = set(pairs.values())
    still_retired = [r for r in retired if r.id not in used_revived]
    still_retired += [o for j, o in enumerate(locked) if j not in matched_old]
    entries = list(map(LockedId, ids, keys, sketches))
    return IdAssignment(ids, entries, sorted(still_retired, key=lambda r: r.id))


def _fresh_ids(prefix: str, prints: list[str], taken: set[str]) -> list[str]:
    """New ids for every text, as ``_new_id_of`` gives them one after another."""
    # Six hex digits almost never collide within a report: hash all texts in one go and fall
    # back to one at a time only when they do.
    ids = [f"{prefix}-{h.hexdigest()[:6]}" for h in map(hashlib.sha1, map(str.encode, prints))]
    if len(set(ids)) == len(ids) and taken.isdisjoint(ids):
        return ids
    ids = []
    taken = set(taken)
    for print_ in prints:
        ids.append(_new_id_of(prefix, print_, taken))
        taken.add(ids[-1])
    return ids


def _mixed_ids(
    prefix: str, prints: list[str], keys: list[str], locked: list[LockedId], pairs: dict[int, int], retired: list[LockedId], taken: set[str], used_revived: set[str]
) -> list[str]:
    """Ids when some texts kept theirs: locked, revived from retirement, or new."""
    revived = {r.exact: r for r in retired}
    ids: list[str] = []
    for i, key in enumerate(keys):
        if i in pairs:
            ids.append(locked[pairs[i]].id)
        elif key in revived and revived[key].id not in used_revived:
            ids.append(revived[key].id)  # the same text came back: its old links work again
            used_revived.add(ids[-1])
        else:
            ids.append(_new_id_of(prefix, prints[i], taken))
        taken.add(ids[-1])
    return ids
