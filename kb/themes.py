"""Themes: the taxonomy in ``data/themes.yml`` and the explainable tagging of passages.

A theme is signalled by weighted terms. A passage's score for a theme is the sum of the
weights of the terms found in its text (each term counted at most ``MAX_REPEATS`` times),
plus a smaller share (``heading_weight``) for terms in its headings; negative weights are
counter-cues. The passage carries the theme when the score reaches the theme's threshold,
raised for long passages so a passing mention in a long paragraph does not tag it. A passage
whose own words carry no theme inherits the themes its headings say on their own (a heading's
terms reach ``heading_says``: a heading is short and names its topic), unless its words are
counter-cues; so ``（二）廉政风险防控不够到位`` puts ``对蓝莓产业项目资金监管存在薄弱环节`` under
廉政. Every decision keeps the hits that made it, and the heading it came from, so the site
can show readers why a passage carries a theme.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

TOP_KEYS = {"heading_weight", "heading_says", "long_passage", "themes"}
THEME_KEYS = {"id", "name", "description", "threshold", "terms", "exclude"}
REQUIRED_THEME_KEYS = ("id", "name", "description", "terms")
DEFAULT_THRESHOLD = 3.0
DEFAULT_HEADING_WEIGHT = 0.5
DEFAULT_HEADING_SAYS = 2.0
DEFAULT_LONG_PASSAGE = 200
MAX_REPEATS = 2  # a term said five times is strong evidence, but not five times as strong
_ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Theme:
    """One theme: how readers see it and which terms signal it."""

    id: str
    name: str
    description: str
    terms: tuple[tuple[str, float], ...]  # longest first, so longer phrases win overlaps
    exclude: tuple[str, ...] = ()  # phrases that hide the terms inside them (考察学习 is not study)
    threshold: float = DEFAULT_THRESHOLD

    @cached_property
    def phrases(self) -> frozenset[str]:
        """Every term and exclude phrase of the theme."""
        return frozenset(t for t, _ in self.terms) | frozenset(self.exclude)

    @cached_property
    def weights(self) -> dict[str, float]:
        """Weight of each term."""
        return dict(self.terms)


@dataclass(frozen=True)
class Taxonomy:
    """All themes in file order, with the scoring knobs shared by every theme."""

    themes: tuple[Theme, ...]
    heading_weight: float = DEFAULT_HEADING_WEIGHT
    long_passage: int = DEFAULT_LONG_PASSAGE
    heading_says: float = DEFAULT_HEADING_SAYS  # a heading scoring this much says the theme

    def get(self, theme_id: str) -> Theme:
        """The theme with this id."""
        return next(t for t in self.themes if t.id == theme_id)

    @cached_property
    def finder(self) -> PhraseFinder:
        """One matcher for every term and exclude phrase of every theme, built once."""
        return PhraseFinder.of(p for theme in self.themes for p in (*(t for t, _ in theme.terms), *theme.exclude))


@dataclass(frozen=True)
class Hit:
    """A term found in a passage and what it added to the score."""

    term: str
    count: int
    score: float
    in_heading: bool = False


@dataclass(frozen=True)
class ThemeMatch:
    """Why a passage carries a theme: its score, the threshold it met, and the hits."""

    theme: str
    score: float
    threshold: float
    hits: tuple[Hit, ...]
    heading: str = ""  # the heading that says the theme, when the passage's own score falls short

    @property
    def carried(self) -> bool:
        """Whether the passage carries the theme: by its score, or inherited from a heading."""
        return self.score >= self.threshold or bool(self.heading)

    @property
    def terms(self) -> tuple[str, ...]:
        """The deciding terms, strongest first, heading terms marked."""
        ordered = sorted(self.hits, key=lambda h: (-h.score, h.in_heading, h.term))
        return tuple(f"{h.term}（标题）" if h.in_heading else h.term for h in ordered if h.score > 0)

    def reason(self) -> str:
        """Why the passage carries the theme, for readers (the 判定依据 line)."""
        if not self.heading:
            return "、".join(self.terms)
        said = "、".join(h.term for h in self.hits if h.in_heading and h.score > 0)
        own = "、".join(h.term for h in sorted(self.hits, key=lambda h: (-h.score, h.term)) if not h.in_heading and h.score > 0)
        why = f"来自所在标题“{self.heading}”（{said}）"
        return f"{why}；本段：{own}" if own else why


# ---------------------------------------------------------------- loading


def _fail(path: str, entry: str, problem: str) -> TaxonomyError:
    return TaxonomyError(f"Error reading taxonomy '{path}': {entry}: {problem}")


def _parse_terms(raw: object, path: str, entry: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(path, entry, "'terms' must be a non-empty mapping of term to weight")
    terms = []
    for term, weight in raw.items():
        if not isinstance(term, str) or not term.strip():
            raise _fail(path, entry, f"term {term!r} must be non-empty text")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight == 0:
            raise _fail(path, entry, f"weight of term '{term}' must be a non-zero number")
        terms.append((term, float(weight)))
    if not any(w > 0 for _, w in terms):
        raise _fail(path, entry, "'terms' needs at least one positive weight")
    return tuple(sorted(terms, key=lambda t: (-len(t[0]), t[0])))


def _parse_theme(raw: object, path: str, index: int) -> Theme:
    entry = f"theme #{index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, entry, "must be a mapping")
    if isinstance(raw.get("id"), str):
        entry = f"theme '{raw['id']}'"
    unknown = sorted(set(map(str, raw)) - THEME_KEYS)
    if unknown:
        raise _fail(path, entry, f"unknown key(s) {unknown}; allowed: {sorted(THEME_KEYS)}")
    missing = [k for k in REQUIRED_THEME_KEYS if k not in raw]
    if missing:
        raise _fail(path, entry, f"missing key(s) {missing}")
    if not isinstance(raw["id"], str) or not _ID_RE.match(raw["id"]):
        raise _fail(path, entry, "'id' must be lowercase ASCII letters, digits and hyphens (it becomes a URL)")
    for key in ("name", "description"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise _fail(path, entry, f"'{key}' must be non-empty text")
    exclude = raw.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(e, str) and e for e in exclude):
        raise _fail(path, entry, "'exclude' must be a list of phrases")
    threshold = raw.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold <= 0:
        raise _fail(path, entry, "'threshold' must be a positive number")
    return Theme(
        id=raw["id"],
        name=raw["name"].strip(),
        description=" ".join(raw["description"].split()),
        terms=_parse_terms(raw["terms"], path, entry),
        exclude=tuple(sorted(exclude, key=lambda e: (-len(e), e))),
        threshold=float(threshold),
    )


def parse_taxonomy(data: object, path: str) -> Taxonomy:
    """Validate the taxonomy file's data; errors name the file and the entry."""
    if not isinstance(data, dict):
        raise _fail(path, "top level", "must be a mapping with a 'themes' list")
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {unknown}; allowed: {sorted(TOP_KEYS)}")
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise _fail(path, "top level", "'themes' must be a non-empty list")
    themes: list[Theme] = []
    for index, raw in enumerate(raw_themes):
        theme = _parse_theme(raw, path, index)
        if any(t.id == theme.id for t in themes):
            raise _fail(path, f"theme '{theme.id}' (#{index + 1})", "duplicate id")
        themes.append(theme)
    heading_weight = data.get("heading_weight", DEFAULT_HEADING_WEIGHT)
    long_passage = data.get("long_passage", DEFAULT_LONG_PASSAGE)
    if not isinstance(heading_weight, (int, float)) or not 0 <= heading_weight <= 1:
        raise _fail(path, "top level", "'heading_weight' must be a number from 0 to 1")
    if not isinstance(long_passage, int) or long_passage <= 0:
        raise _fail(path, "top level", "'long_passage' must be a positive whole number of characters")
    heading_says = data.get("heading_says", DEFAULT_HEADING_SAYS)
    if isinstance(heading_says, bool) or not isinstance(heading_says, (int, float)) or heading_says <= 0:
        raise _fail(path, "top level", "'heading_says' must be a positive number")
    return Taxonomy(tuple(themes), float(heading_weight), long_passage, float(heading_says))


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and validate a taxonomy file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"Error reading taxonomy '{path}': {exc}") from exc
    return parse_taxonomy(data, str(path))


# ---------------------------------------------------------------- tagging


@dataclass(frozen=True)
class PhraseFinder:
    """Which of the taxonomy's phrases occur in a text.

    Tagging asks this first and then searches only the themes and terms found: at 3000
    reports that saves 4.0 s (7%) of the build against scoring every theme's every term.
    """

    phrases: tuple[str, ...]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> PhraseFinder:
        """A finder for non-empty ``phrases``."""
        return cls(tuple(sorted(set(phrases))))

    def present(self, text: str) -> frozenset[str]:
        """The phrases that occur in ``text``."""
        return self._present(text)

    @cached_property
    def _present(self) -> Callable[[str], frozenset[str]]:
        # Passages share headings, and every theme a passage may carry asks again about its text
        # and headings: remembering recent texts saves 6 s (10%) of a 3000-report build.
        @lru_cache(maxsize=4096)
        def present(text: str) -> frozenset[str]:
            return frozenset([p for p in self.phrases if p in text])

        return present


def _longest_first(phrases: Iterable[str]) -> list[str]:
    # The order Theme.terms and Theme.exclude are kept in.
    return sorted(phrases, key=lambda p: (-len(p), p))


def count_terms(text: str, theme: Theme, present: frozenset[str] | None = None) -> dict[str, int]:
    """How often each of the theme's terms occurs, longest match first, never overlapping.

    ``present`` (the phrases known to occur in ``text``) only skips searches that would find nothing.
    """
    if present is not None:
        present = present & theme.phrases
        if not present:
            return {}
    if present is None:
        exclude, terms = theme.exclude, [t for t, _ in theme.terms]
    else:
        exclude = _longest_first(present.intersection(theme.exclude))
        terms = _longest_first(present.difference(theme.exclude))
    taken = [False] * len(text)
    for phrase in exclude:
        _claim(text, phrase, taken)
    counts: dict[str, int] = {}
    for term in terms:
        found = _claim(text, term, taken)
        if found:
            counts[term] = found
    return counts


def _claim(text: str, phrase: str, taken: list[bool]) -> int:
    # Mark each free occurrence as taken, so a shorter term inside it is not counted again.
    found, start = 0, text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if not any(taken[start:end]):
            taken[start:end] = [True] * len(phrase)
            found += 1
        start = text.find(phrase, start + 1)
    return found


def _heading_hits(taxonomy: Taxonomy, theme: Theme, headings: tuple[str, ...], found: bool) -> tuple[list[Hit], str]:
    """Hits in the headings (weighted down) and the nearest heading that says the theme on its own."""
    counts: dict[str, int] = {}
    saying = ""
    for heading in reversed(headings):  # nearest heading first
        found_here = count_terms(heading, theme, taxonomy.finder.present(heading) if found else None)
        if not saying and sum(theme.weights[t] * min(n, MAX_REPEATS) for t, n in found_here.items()) >= taxonomy.heading_says:
            saying = heading
        for term, n in found_here.items():
            counts[term] = counts.get(term, 0) + n
    weights = theme.weights
    hits = [Hit(t, n, round(weights[t] * min(n, MAX_REPEATS) * taxonomy.heading_weight, 3), True) for t, n in counts.items()]
    return hits, saying


def score_theme(taxonomy: Taxonomy, theme: Theme, text: str, headings: tuple[str, ...], found: bool = False) -> ThemeMatch:
    """A passage's score for one theme, the hits behind it, and the heading it may inherit it from.

    With ``found``, only phrases the taxonomy's finder sees in the text and headings are searched.
    """
    weights = theme.weights
    present = taxonomy.finder.present(text) if found else None
    hits = [Hit(t, n, weights[t] * min(n, MAX_REPEATS)) for t, n in count_terms(text, theme, present).items()]
    own = sum(h.score for h in hits)
    heading_hits, saying = _heading_hits(taxonomy, theme, headings, found)
    hits += heading_hits
    score = round(sum(h.score for h in hits), 3)
    threshold = round(theme.threshold * math.sqrt(max(1.0, len(text) / taxonomy.long_passage)), 3)
    # The heading decides only what the passage's own words leave open: counter-cues win.
    inherited = saying if score < threshold and own >= 0 else ""
    return ThemeMatch(theme.id, score, threshold, tuple(hits), inherited)


def tag_passage(taxonomy: Taxonomy, text: str, headings: tuple[str, ...] = ()) -> tuple[ThemeMatch, ...]:
    """The themes a passage carries, in taxonomy order, each with the terms that decided it."""
    present = taxonomy.finder.present(text).union(*(taxonomy.finder.present(h) for h in headings))
    # A theme none of whose phrases occur in the text or its headings cannot be carried.
    candidates = [theme for theme in taxonomy.themes if not present.isdisjoint(theme.phrases)]
    matches = [score_theme(taxonomy, theme, text, headings, found=True) for theme in candidates]
    own = tuple(m for m in matches if m.score >= m.threshold)
    # A heading decides only what the passage's own words leave open: a passage about roads
    # under 增强群众观念 is about roads.
    return own or tuple(m for m in matches if m.carried)
