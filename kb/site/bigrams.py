"""Han character bigrams of many texts at once, as flat numpy arrays (shared by 配对 and 相似表述)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

CODE_BITS = 21  # Unicode code points are below 2^21: a bigram packs into 42 bits
LOW = (1 << CODE_BITS) - 1


def is_han(codes: np.ndarray) -> np.ndarray:
    """CJK unified ideographs, extension A and compatibility ideographs."""
    return ((codes >= 0x3400) & (codes <= 0x9FFF)) | ((codes >= 0xF900) & (codes <= 0xFAFF))


def bigram_entries(texts: Sequence[str], han: Callable[[np.ndarray], np.ndarray] = is_han) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (text index, packed bigram) entries with their counts, sorted, in one pass over all texts.

    A bigram is two adjacent characters that are both ``han``; it never spans two texts.
    """
    if not texts:
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    joined = "\n".join(texts)  # the separator is not Han, so no bigram spans two texts
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    mask = han(codes)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    at = np.flatnonzero(mask[:-1] & mask[1:])
    owner = np.searchsorted(starts, at, side="right") - 1
    keys = (owner << (2 * CODE_BITS)) | (codes[at] << CODE_BITS) | codes[at + 1]
    unique, counts = np.unique(keys, return_counts=True)
    return unique >> (2 * CODE_BITS), unique & ((1 << (2 * CODE_BITS)) - 1), counts
