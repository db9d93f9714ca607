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

SKETCH_SIZE = 12
MIN_SIMILARITY = 0.5
# Spaces and punctuation between clauses.
_CLAUSE_SPLIT = re.compile(r"[\s，。；、：！？,.;:!?“”\"'‘’（）()《》〈〉【】\[\]—…·]+")


def fingerprint(text: str) -> str:
    """Text reduced to what identifies it: no whitespace, no punctuation."""
    return _CLAUSE_SPLIT.sub("", text)


def exact_key(text: str) -> str:
    """Short hash of the fingerprint, stored in the lock."""
    return _key_of(fingerprint(text))


def _key_of(print_: str) -> str:
    return f"{zlib.crc32(print_.encode('utf-8')):08x}"


def sketch(text: str) -> str:
    """Hashes of up to SKETCH_SIZE clauses, space-separated: a bottom-k sample that survives small edits.

    One string, as the lock file writes it; only an edited passage's sketch is taken apart,
    for ``similarity``.
    """
    return _sketch_of(_CLAUSE_SPLIT.split(text))


def _sketch_of(pieces: list[str]) -> str:
    # Clauses of two characters or more, each counted once; six-digit hex sorts like the number.
    hashes = sorted(zlib.crc32(c.encode("utf-8")) & 0xFFFFFF for c in set(pieces) if len(c) >= 2)
    return " ".join(f"{h:06x}" for h in hashes[:SKETCH_SIZE])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Estimated clause overlap of two texts from the hashes of their sketches."""
    if not a or not b:
        return 0.0
    union = sorted(a | b)[:SKETCH_SIZE]
    both = a & b
    return sum(1 for h in union if h in both) / len(union)


@dataclass(frozen=True)
class LockedId:
    """An id as the lock remembers it."""

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
    # into points): their fingerprints joined are its fingerprint.
    used = set(pairs.values())
    wanted = {o.exact: j for j, o in enumerate(old) if j not in used}
    for start in range(len(prints)):
        if start in pairs:
            continue
        for end in range(start + 1, min(len(prints), start + MAX_SPLIT_PARTS)):
            if end in pairs:
                break
            j = wanted.pop(_key_of("".join(prints[start : end + 1])), None)
            if j is not None:
                pairs[start] = j  # the first part keeps the id: links land where the text began
                break


def _match_between_neighbours(count: int, old: list[LockedId], pairs: dict[int, int]) -> None:
    # A heavily edited passage still sits between the same unchanged neighbours.
    used = set(pairs.values())
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
    pieces = [_CLAUSE_SPLIT.split(text) for text in texts]
    prints = ["".join(p) for p in pieces]
    keys = [_key_of(p) for p in prints]
    sketches = [_sketch_of(p) for p in pieces]
    pairs: dict[int, int] = {}
    if locked:
        _match_exact(keys, locked, pairs)
        _match_split(prints, locked, pairs)  # exact evidence, so before the estimate
        _match_similar(sketches, locked, pairs)
        _match_between_neighbours(len(texts), locked, pairs)
    taken = {e.id for e in locked} | {r.id for r in retired}
    used_revived: set[str] = set()
    ids = _ids(prefix, prints, keys, locked, pairs, retired, taken, used_revived)
    matched_old = set(pairs.values())
    still_retired = [r for r in retired if r.id not in used_revived]
    still_retired += [o for j, o in enumerate(locked) if j not in matched_old]
    entries = [LockedId(*entry) for entry in zip(ids, keys, sketches)]
    return IdAssignment(ids, entries, sorted(still_retired, key=lambda r: r.id))


def _ids(
    prefix: str, prints: list[str], keys: list[str], locked: list[LockedId], pairs: dict[int, int], retired: list[LockedId], taken: set[str], used_revived: set[str]
) -> list[str]:
    """Each text's id: its locked one, one revived from retirement, or a new one."""
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
