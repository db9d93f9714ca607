"""Inside one report, pair each problem (存在问题) with the measure (下一步措施) that answers it.

A problem and a measure answer each other when they share wording and themes. Wording is
compared as TF-IDF vectors of Han character bigrams (IDF over the whole corpus, so common
bigrams such as 工作 or 进一步 weigh little), over the passage plus its own subheading
(the top-level section heading, e.g. 存在的问题, says nothing about the topic). Shared themes
add a bonus. Each problem gets its best measure when the score reaches ``THRESHOLD``.

All reports are paired at once on flat numpy arrays: the bigrams are counted in one pass
over every passage, and only a report's own problems and measures are compared, so the work
grows with the reports, not with their square.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kb.model import Passage, SectionKind
from kb.site.bigrams import bigram_entries

THRESHOLD = 0.12
THEME_BONUS = 0.08  # per shared theme, at most two


@dataclass(frozen=True)
class Pairing:
    """A problem passage and the measure passage that answers it."""

    problem: str  # passage id
    measure: str  # passage id
    score: float


def topic_text(passage: Passage) -> str:
    """The passage text plus its subheadings below the top-level section heading."""
    return " ".join([*passage.headings[1:], passage.text])


def _han(codes: np.ndarray) -> np.ndarray:
    # Extension A and the unified block only: the range pairing has always used.
    return (codes >= 0x3400) & (codes <= 0x9FFF)


def _unit_vectors(texts: Sequence[str], wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF-IDF bigram vectors of the ``wanted`` texts, L2-normalised, as sorted (text, bigram, weight) entries.

    The IDF is over all ``texts``.
    """
    passage, bigram, count = bigram_entries(texts, _han)
    vocab, df = np.unique(bigram, return_counts=True)
    # Only problems and measures are compared: weighing every passage's bigrams made the
    # pairing 2.0-2.2 s of CPU at 3000 reports instead of 1.2-1.5 s.
    keep = wanted[passage]
    passage, bigram, count = passage[keep], bigram[keep], count[keep]
    df = df[np.searchsorted(vocab, bigram)]
    n = len(texts)
    # Smoothed IDF, with the log of repeated bigrams' counts: (1 + log 1) is exactly 1.
    weight = (np.log((1 + n) / (1 + df)) + 1.0) * (1.0 + np.log(count))
    norm = np.sqrt(np.bincount(passage, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    return passage, bigram, weight / norm[passage]


def _cosines(vectors: tuple[np.ndarray, np.ndarray, np.ndarray], report: np.ndarray, problem: np.ndarray, measure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes (problem * n + measure) of the pairs in one report that share a bigram, sorted, and their cosines."""
    passage, bigram, weight = vectors
    side_p, side_m = problem[passage], measure[passage]
    # Join problem entries with measure entries of the same report and bigram.
    key_p = report[passage[side_p]] * (1 << 42) + bigram[side_p]
    key_m = report[passage[side_m]] * (1 << 42) + bigram[side_m]
    pa, pw = passage[side_p], weight[side_p]
    order = np.argsort(key_m)  # ties (measures sharing a bigram) may come in any order: sums are per pair
    key_m, ma, mw = key_m[order], passage[side_m][order], weight[side_m][order]
    lo = np.searchsorted(key_m, key_p, side="left")
    width = np.searchsorted(key_m, key_p, side="right") - lo
    left = np.repeat(np.arange(len(key_p)), width)
    right = np.repeat(lo - (np.cumsum(width) - width), width) + np.arange(len(left))
    codes = pa[left] * len(problem) + ma[right]
    part = pw[left] * mw[right]
    # bincount adds each pair's parts in the order they come: the same sum every run.
    pairs, inverse = np.unique(codes, return_inverse=True)
    return pairs, np.bincount(inverse, weights=part, minlength=len(pairs))


def _theme_masks(reports: Sequence[Sequence[Passage]], themes: Sequence[Mapping[str, Sequence[str]]] | None) -> np.ndarray:
    """Per passage, its themes as bits (one uint64 column per 64 themes)."""
    per_passage = [set((themes[r] if themes else {}).get(p.id, ())) for r, ps in enumerate(reports) for p in ps]
    names = {t: k for k, t in enumerate(sorted(set().union(*per_passage)))}
    masks = np.zeros((len(per_passage), max(1, -(-len(names) // 64))), dtype=np.uint64)
    for row, own in enumerate(per_passage):
        for t in own:
            masks[row, names[t] // 64] |= np.uint64(1 << (names[t] % 64))
    return masks


def _report_pairs(report: np.ndarray, problem: np.ndarray, measure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (problem, measure) of one report, grouped by problem, measures in reading order."""
    problems, measures = np.flatnonzero(problem), np.flatnonzero(measure)
    per_report = np.bincount(report[measures], minlength=int(report.max(initial=0)) + 1)
    first_measure = np.cumsum(per_report) - per_report
    width = per_report[report[problems]]
    i = np.repeat(problems, width)
    j = measures[np.repeat(first_measure[report[problems]] - (np.cumsum(width) - width), width) + np.arange(len(i))]
    return i, j


def _best_of_each(i: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of each problem's best pair (``i`` grouped by problem); ties go to the first in reading order."""
    if len(i) == 0:
        return np.empty(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], i[1:] != i[:-1])))
    best = np.maximum.reduceat(score, starts)
    hit = np.flatnonzero(score == np.repeat(best, np.diff(np.append(starts, len(i)))))
    _, first_hit = np.unique(i[hit], return_index=True)
    return hit[first_hit]


def pair_reports(
    reports: Sequence[Sequence[Passage]],
    themes: Sequence[Mapping[str, Sequence[str]]] | None = None,
    threshold: float = THRESHOLD,
) -> list[list[Pairing]]:
    """Per report, the best measure for each problem, in reading order; weak matches are dropped.

    The IDF is over every passage of ``reports``; ``themes`` are per report, passage id -> themes.
    """
    flat = [p for passages in reports for p in passages]
    n = len(flat)
    report = np.repeat(np.arange(len(reports)), [len(ps) for ps in reports]).astype(np.int64)
    problem = np.array([p.section is SectionKind.PROBLEM for p in flat], dtype=bool)
    measure = np.array([p.section is SectionKind.MEASURE for p in flat], dtype=bool)
    codes, cosines = _cosines(_unit_vectors([topic_text(p) for p in flat], problem | measure), report, problem, measure)
    i, j = _report_pairs(report, problem, measure)
    at = np.minimum(np.searchsorted(codes, i * n + j), max(len(codes) - 1, 0))
    cosine = np.where(codes[at] == i * n + j, cosines[at], 0.0) if len(codes) else np.zeros(len(i))
    masks = _theme_masks(reports, themes)
    score = cosine + THEME_BONUS * np.minimum(np.bitwise_count(masks[i] & masks[j]).sum(axis=1), 2)
    out: list[list[Pairing]] = [[] for _ in reports]
    chosen = _best_of_each(i, score)
    for k, s in zip(chosen.tolist(), score[chosen].tolist()):
        if s >= threshold:
            out[int(report[i[k]])].append(Pairing(flat[i[k]].id, flat[j[k]].id, round(s, 3)))
    return out
