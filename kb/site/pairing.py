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


def _unit_vectors(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF-IDF bigram vectors of every text, L2-normalised, as sorted (text, bigram, weight) entries."""
    passage, bigram, count = bigram_entries(texts, _han)
    vocab, df = np.unique(bigram, return_counts=True)
    df = df[np.searchsorted(vocab, bigram)]
    n = len(texts)
    # Smoothed IDF, with the log of repeated bigrams' counts: (1 + log 1) is exactly 1.
    weight = (np.log((1 + n) / (1 + df)) + 1.0) * (1.0 + np.log(count))
    norm = np.sqrt(np.bincount(passage, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    return passage, bigram, weight / norm[passage]


def _cosines(vectors: tuple[np.ndarray, np.ndarray, np.ndarray], report: np.ndarray, problem: np.ndarray, measure: np.ndarray) -> dict[tuple[int, int], float]:
    """Cosine of every (problem, measure) of one report that share a bigram, keyed by text indices."""
    passage, bigram, weight = vectors
    side_p, side_m = problem[passage], measure[passage]
    # Join problem entries with measure entries of the same report and bigram.
    key_p = report[passage[side_p]] * (1 << 42) + bigram[side_p]
    key_m = report[passage[side_m]] * (1 << 42) + bigram[side_m]
    pa, pw = passage[side_p], weight[side_p]
    order = np.argsort(key_m, kind="stable")
    key_m, ma, mw = key_m[order], passage[side_m][order], weight[side_m][order]
    lo = np.searchsorted(key_m, key_p, side="left")
    width = np.searchsorted(key_m, key_p, side="right") - lo
    left = np.repeat(np.arange(len(key_p)), width)
    right = np.repeat(lo - (np.cumsum(width) - width), width) + np.arange(len(left))
    i, j = pa[left], ma[right]
    part = pw[left] * mw[right]
    codes = i * len(problem) + j
    by_pair = np.argsort(codes, kind="stable")  # one summation order per pair, every run
    codes = codes[by_pair]
    first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1]))) if len(codes) else np.empty(0, np.int64)
    sums = np.add.reduceat(part[by_pair], first) if len(codes) else np.empty(0)
    pairs = codes[first]
    return {(int(c) // len(problem), int(c) % len(problem)): s for c, s in zip(pairs.tolist(), sums.tolist())}


def pair_reports(
    reports: Sequence[Sequence[Passage]],
    themes: Sequence[Mapping[str, Sequence[str]]] | None = None,
    threshold: float = THRESHOLD,
) -> list[list[Pairing]]:
    """Per report, the best measure for each problem, in reading order; weak matches are dropped.

    The IDF is over every passage of ``reports``; ``themes`` are per report, passage id -> themes.
    """
    flat = [p for passages in reports for p in passages]
    report = np.repeat(np.arange(len(reports)), [len(ps) for ps in reports]).astype(np.int64)
    problem = np.array([p.section is SectionKind.PROBLEM for p in flat], dtype=bool)
    measure = np.array([p.section is SectionKind.MEASURE for p in flat], dtype=bool)
    cosines = _cosines(_unit_vectors([topic_text(p) for p in flat]), report, problem, measure)
    out: list[list[Pairing]] = []
    start = 0
    for r, passages in enumerate(reports):
        by_id = (themes[r] if themes else None) or {}
        problems = [(start + k, p) for k, p in enumerate(passages) if p.section is SectionKind.PROBLEM]
        measures = [(start + k, p) for k, p in enumerate(passages) if p.section is SectionKind.MEASURE]
        start += len(passages)
        out.append(_pair_one(problems, measures, cosines, by_id, threshold))
    return out


def _pair_one(
    problems: list[tuple[int, Passage]],
    measures: list[tuple[int, Passage]],
    cosines: Mapping[tuple[int, int], float],
    themes: Mapping[str, Sequence[str]],
    threshold: float,
) -> list[Pairing]:
    out = []
    if not measures:
        return out
    measure_themes = [set(themes.get(m.id, ())) for _, m in measures]
    for i, problem in problems:
        own = set(themes.get(problem.id, ()))
        best, best_score = None, None
        for (j, m), theirs in zip(measures, measure_themes):
            score = cosines.get((i, j), 0.0) + THEME_BONUS * min(len(own & theirs), 2)
            if best_score is None or score > best_score:  # ties: the first measure in reading order
                best, best_score = m, score
        if best_score >= threshold:
            out.append(Pairing(problem.id, best.id, round(best_score, 3)))
    return out
