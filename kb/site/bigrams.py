"""Han character bigrams of many texts at once, as flat numpy arrays (shared by 配对 and 相似表述)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

CODE_BITS = 16  # Han characters are in the Basic Multilingual Plane: a bigram packs into 32 bits
LOW = (1 << CODE_BITS) - 1


def is_han(codes: np.ndarray) -> np.ndarray:
    """CJK unified ideographs, extension A and compatibility ideographs."""
    return ((codes >= 0x3400) & (codes <= 0x9FFF)) | ((codes >= 0xF900) & (codes <= 0xFAFF))


def bigram_entries(texts: Sequence[str], han: Callable[[np.ndarray], np.ndarray] = is_han) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (text index, packed bigram) entries with their counts, sorted, in one pass over all texts.

    A bigram is two adjacent characters that are both ``han`` (and in the BMP); it never spans two texts.
    """
    if not texts:
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    joined = "\n".join(texts)  # the separator is not Han, so no bigram spans two texts
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    mask = han(codes) & (codes <= LOW)
    at = np.flatnonzero(mask[:-1] & mask[1:])
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    keys = np.searchsorted(starts, at, side="right") - 1
    keys <<= 2 * CODE_BITS
    keys |= (codes[at] << CODE_BITS | codes[at + 1]).astype(np.int64)
    unique, counts = np.unique(keys, return_counts=True)
    return unique >> (2 * CODE_BITS), unique & ((1 << (2 * CODE_BITS)) - 1), counts


def sorted_columns(keys: Sequence[np.ndarray], bounds: Sequence[int]) -> list[np.ndarray]:
    """Rows of non-negative integer keys (``keys[k] < bounds[k]``), no two rows alike, sorted by
    the first key, then the second …, returned as sorted columns.

    The rows are packed into one int64 each and sorted as values, which numpy does many times
    faster than it lexsorts or argsorts. At 3000 reports (38k passages) 相似表述 takes 5.2 s of
    CPU with it and 7.5 s with np.lexsort, its plain form and the fallback when rows do not fit
    in 63 bits: 2.3 s, about 4% of the 53 s build, under the 5% bar. Kept for the lead to
    judge: it is most of what the analysis gained (docs/maintainers/analysis-benchmarks.md).
    """
    bits = [max(int(b) - 1, 1).bit_length() for b in bounds]
    if sum(bits) > 63 or not len(keys[0]):
        order = np.lexsort(tuple(reversed(keys)))
        return [np.asarray(k, dtype=np.int64)[order] for k in keys]
    packed = np.zeros(len(keys[0]), np.int64)
    for key, width in zip(keys, bits):
        packed <<= width
        packed |= key
    packed.sort()
    columns = []
    for width in reversed(bits):
        columns.append(packed & ((1 << width) - 1))
        packed = packed >> width
    return columns[::-1]
