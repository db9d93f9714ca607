"""Inside one report, pair each problem (存在问题) with the measure (下一步措施) that answers it.

A problem and a measure answer each other when they share wording and themes. Wording is
compared as TF-IDF vectors of Han character bigrams (IDF over the whole corpus, so common
bigrams such as 工作 or 进一步 weigh little), over the passage plus its own subheading
(the top-level section heading, e.g. 存在的问题, says nothing about the topic). Shared themes
add a bonus. Each problem gets its best measure when the score reaches ``THRESHOLD``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb.model import Passage, SectionKind

THRESHOLD = 0.12
THEME_BONUS = 0.08  # per shared theme, at most two
# Every two adjacent Han characters, overlapping, left to right, in one C-level pass.
_HAN_BIGRAM = re.compile(r"(?=([\u3400-\u9fff]{2}))")


@dataclass(frozen=True)
class Pairing:
    """A problem passage and the measure passage that answers it."""

    problem: str  # passage id
    measure: str  # passage id
    score: float


def topic_text(passage: Passage) -> str:
    """The passage text plus its subheadings below the top-level section heading."""
    return " ".join([*passage.headings[1:], passage.text])


def bigrams(text: str) -> Counter[str]:
    """Counts of adjacent Han character pairs, never across punctuation."""
    return Counter(_HAN_BIGRAM.findall(text))


def inverse_document_frequency(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed IDF of every bigram over ``texts``."""
    return idf_of_bigrams(set(_HAN_BIGRAM.findall(text)) for text in texts)


def idf_of_bigrams(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed IDF of every bigram over documents given as their distinct bigrams."""
    df: Counter[str] = Counter()
    n = 0
    for grams in documents:
        n += 1
        df.update(grams)  # document frequency: each bigram once per document
    return {gram: math.log((1 + n) / (1 + count)) + 1.0 for gram, count in df.items()}


def _vector(counts: Mapping[str, int], idf: Mapping[str, float], default: float) -> dict[str, float]:
    # Most bigrams occur once, and (1 + log 1) * w is exactly w: only repeated ones need the log.
    vec = {g: idf.get(g, default) for g in counts}
    for g, c in counts.items():
        if c > 1:
            vec[g] *= 1 + math.log(c)
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {g: v / norm for g, v in vec.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    # Bigrams missing from ``large`` would add 0.0, which leaves the sum unchanged: skip them.
    return sum((v * large[g] for g, v in small.items() if g in large), 0.0)


def pair_report(
    passages: Sequence[Passage],
    idf: Mapping[str, float],
    themes: Mapping[str, Sequence[str]] | None = None,
    threshold: float = THRESHOLD,
    counts: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Pairing]:
    """Best measure for each problem of one report, in reading order; weak matches are dropped.

    ``counts`` (passage id -> ``bigrams(topic_text(passage))``) saves recounting what the IDF pass counted.
    """
    themes = themes or {}
    default = max(idf.values(), default=1.0)
    problems = [p for p in passages if p.section is SectionKind.PROBLEM]
    measures = [p for p in passages if p.section is SectionKind.MEASURE]
    if not problems or not measures:
        return []
    vectors = {
        p.id: _vector(counts[p.id] if counts is not None else bigrams(topic_text(p)), idf, default) for p in [*problems, *measures]
    }
    out = []
    for problem in problems:
        scored = [(_score(problem, m, vectors, themes), -i, m.id) for i, m in enumerate(measures)]
        score, _, measure = max(scored)
        if score >= threshold:
            out.append(Pairing(problem.id, measure, round(score, 3)))
    return out


def _score(problem: Passage, measure: Passage, vectors: Mapping[str, Mapping[str, float]], themes: Mapping[str, Sequence[str]]) -> float:
    shared = set(themes.get(problem.id, ())) & set(themes.get(measure.id, ()))
    return _cosine(vectors[problem.id], vectors[measure.id]) + THEME_BONUS * min(len(shared), 2)
