"""相似表述: passages in other reports that say nearly the same thing.

No all-pairs loop: MinHash signatures over character shingles, LSH banding to find
candidate pairs (each bucket member is paired only with its next few bucket neighbours,
so a sentence copied into a thousand reports stays linear), an estimate from the
signatures to rank candidates, and exact Jaccard to verify the ones that are kept.
Links are symmetric: if A shows B, B shows A.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE = 3  # characters per shingle
BANDS = 32
ROWS = 3  # 96 hash functions: a pair with Jaccard 0.5 collides in some band with p ≈ 0.99
NEIGHBOURS = 6  # bucket neighbours each member is paired with
MIN_CHARS = 20  # shorter passages ("二是……") say too little to compare
THRESHOLD = 0.5  # exact Jaccard a pair must reach
LIMIT = 3  # links per passage
_SLACK = 0.15  # signature estimates within this of the threshold are verified exactly

_KEEP = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]+")
# Every run of SHINGLE characters, overlapping, in one C-level pass (cores hold no newlines).
_SHINGLES = re.compile(f"(?=(.{{{SHINGLE}}}))", re.S)
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class SimilarLink:
    """One passage similar to another, by index into the input sequence."""

    index: int
    score: float  # exact Jaccard of character shingles, 0..1


def shingle_text(text: str) -> str:
    """Only the characters that carry meaning: Han, Latin letters and digits."""
    return "".join(_KEEP.findall(text))


def shingles(text: str) -> set[str]:
    """Character shingles of the meaningful characters of ``text``."""
    return set(_SHINGLES.findall(shingle_text(text)))


def jaccard(a: set[str] | set[int], b: set[str] | set[int]) -> float:
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _hash_params(count: int) -> tuple[np.ndarray, np.ndarray]:
    # Fixed odd multipliers and offsets from a seeded generator: same signatures on every machine.
    rng = np.random.Generator(np.random.PCG64(20240611))
    a = rng.integers(1, 2**63, size=count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=count, dtype=np.uint64)
    return a, b


def _windows(cores: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of the joined cores, which shingle starts lie inside one core, and where each core's shingles start."""
    joined = "".join(cores)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(c) for c in cores], dtype=np.int64)
    ends = np.cumsum(lengths)
    valid = np.ones(len(codes) - SHINGLE + 1, dtype=bool)
    for k in range(1, SHINGLE):
        cut = ends[:-1] - k
        valid[cut[cut >= 0]] = False
    per_core = lengths - SHINGLE + 1
    offsets = np.concatenate([[0], np.cumsum(per_core)[:-1]])
    return codes, valid, offsets


def _shingle_hashes(cores: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every shingle of every core, and where each core's shingles start."""
    codes, valid, offsets = _windows(cores)
    count = len(valid)
    h = np.zeros(count, dtype=np.uint64)
    for k in range(SHINGLE):
        # A polynomial over code points; shingles that straddle two cores are dropped below.
        h = h * np.uint64(0x100000001B3) + codes[k : count + k] + np.uint64(k + 1)
    return h[valid], offsets


_CODE_BITS = 21  # Unicode code points are below 2^21, so SHINGLE of them pack into 63 bits


def _shingle_codes(cores: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every shingle of every core packed losslessly into one integer, and where each core's start.

    One numpy pass instead of a regex per text; equal codes mean equal shingles, so Jaccard
    over code sets is exactly Jaccard over the shingle strings.
    """
    codes, valid, offsets = _windows(cores)
    count = len(valid)
    packed = np.zeros(count, dtype=np.uint64)
    for k in range(SHINGLE):
        packed = (packed << np.uint64(_CODE_BITS)) | codes[k : count + k]
    return packed[valid], offsets


def signatures(cores: Sequence[str]) -> np.ndarray:
    """MinHash signatures, one row of ``BANDS * ROWS`` values per text (texts ≥ ``SHINGLE`` chars)."""
    a, b = _hash_params(BANDS * ROWS)
    out = np.empty((len(cores), BANDS * ROWS), dtype=np.uint64)
    batch = 10_000  # cores per batch bounds the temporary arrays to a few tens of MB
    with np.errstate(over="ignore"):
        for first in range(0, len(cores), batch):
            h, offsets = _shingle_hashes(cores[first : first + batch])
            rows = slice(first, first + len(offsets))
            for col in range(BANDS * ROWS):
                # Multiply-add mod 2^64 is a universal hash family; the high bits are the well-mixed ones.
                out[rows, col] = np.minimum.reduceat((h * a[col] + b[col]) >> np.uint64(16), offsets)
    return out


def candidate_pairs(sig: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Unique (i, j) pairs, i < j, from different groups that share a band bucket."""
    n = sig.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    mix = np.uint64(0x9E3779B97F4A7C15)
    found = []
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            cols = sig[:, band * ROWS : (band + 1) * ROWS]
            key = np.zeros(n, dtype=np.uint64)
            for c in range(ROWS):
                key = (key ^ cols[:, c]) * mix
            order = np.argsort(key, kind="stable")
            skey = key[order]
            for step in range(1, min(NEIGHBOURS, n - 1) + 1):
                same = skey[:-step] == skey[step:]
                left, right = order[:-step][same], order[step:][same]
                found.append(np.stack([np.minimum(left, right), np.maximum(left, right)], axis=1))
    pairs = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
    pairs = pairs[groups[pairs[:, 0]] != groups[pairs[:, 1]]]
    return _unique_pairs(pairs, n)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Distinct pairs in ascending order (a sort is faster than a hash set at this size)."""
    codes = pairs[:, 0].astype(np.int64) * n + pairs[:, 1]
    codes.sort()
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return np.stack([codes // n, codes % n], axis=1)


def _best_per_passage(pairs: np.ndarray, est: np.ndarray, n: int, keep: int) -> np.ndarray:
    """Pairs that are among the ``keep`` best estimates of at least one of their two passages."""
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    both = np.concatenate([est, est])
    order = np.lexsort((-both, src))
    ranked = src[order]
    first = np.searchsorted(ranked, ranked, side="left")
    chosen = order[(np.arange(len(order)) - first) < keep] % max(len(pairs), 1)
    return np.unique(chosen)


def _estimates(sig: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of equal signature values per pair: an unbiased Jaccard estimate."""
    out = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), 50_000):
        chunk = pairs[start : start + 50_000]
        out[start : start + len(chunk)] = (sig[chunk[:, 0]] == sig[chunk[:, 1]]).mean(axis=1)
    return out


def find_similar(texts: Sequence[str], groups: Sequence[str], limit: int = LIMIT, threshold: float = THRESHOLD) -> list[list[SimilarLink]]:
    """For each text, up to ``limit`` texts of other groups (reports) that say nearly the same, best first."""
    cores = [shingle_text(t) for t in texts]
    eligible = [i for i, c in enumerate(cores) if len(c) >= MIN_CHARS]
    links: list[list[SimilarLink]] = [[] for _ in texts]
    if len(eligible) < 2:
        return links
    group_ids = {g: k for k, g in enumerate(sorted(set(groups)))}
    sub_groups = np.array([group_ids[groups[i]] for i in eligible], dtype=np.int64)
    sig = signatures([cores[i] for i in eligible])
    pairs = candidate_pairs(sig, sub_groups)
    est = _estimates(sig, pairs)
    keep = est >= threshold - _SLACK
    pairs, est = pairs[keep], est[keep]
    # A sentence copied into hundreds of reports yields hundreds of equal candidates per passage;
    # a few times ``limit`` per passage is plenty for the greedy pass below.
    best = _best_per_passage(pairs, est, len(eligible), 3 * limit)
    pairs, est = pairs[best], est[best]
    # Best estimates first; ties by index so the result never depends on numpy's sort internals.
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -est))
    shingle_codes, starts = _shingle_codes([cores[i] for i in eligible])
    sets: dict[int, set[int]] = {}
    linked_groups: list[set[int]] = [set() for _ in eligible]
    for i, j in pairs[order].tolist():
        if len(links[eligible[i]]) >= limit or len(links[eligible[j]]) >= limit:
            continue
        gi, gj = int(sub_groups[i]), int(sub_groups[j])
        if gj in linked_groups[i] or gi in linked_groups[j]:
            continue  # one link per other report keeps the three links diverse
        for k in (i, j):
            if k not in sets:
                start = int(starts[k])
                sets[k] = set(shingle_codes[start : start + len(cores[eligible[k]]) - SHINGLE + 1].tolist())
        score = jaccard(sets[i], sets[j])
        if score < threshold:
            continue
        links[eligible[i]].append(SimilarLink(eligible[j], round(score, 3)))
        links[eligible[j]].append(SimilarLink(eligible[i], round(score, 3)))
        linked_groups[i].add(gj)
        linked_groups[j].add(gi)
    return [sorted(ls, key=lambda link: (-link.score, link.index)) if ls else ls for ls in links]
