"""What the index and comparison pages know about every passage, computed once per build.

The build (kb/site/build.py) makes one ``Analysis`` after themes are tagged; the report-page
annotations, the CSV export, the aggregate pages and the search index read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.model import Passage
from kb.site.pairing import Pairing, pair_reports
from kb.site.registry import ReportPage, ReportRegistry
from kb.site.similar import find_similar
from kb.site.terms import Glossary, TermMatcher, build_matcher, discover_terms

Key = tuple[str, str]  # (report slug, passage id): ids are only promised unique per report


def key_of(page: ReportPage, passage: Passage) -> Key:
    """The analysis key of a passage."""
    return (page.report.meta.slug, passage.id)


@dataclass(frozen=True)
class PassageRef:
    """A passage and the report page it is on."""

    page: ReportPage
    passage: Passage


@dataclass(frozen=True)
class SimilarPassage:
    """A passage of another report saying the same thing, how similar, and the key words shared."""

    key: Key
    score: float  # 0..1
    words: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """Pairings, similar passages and terms of every passage of one build."""

    refs: dict[Key, PassageRef]
    themes: dict[Key, tuple[str, ...]]
    answers: dict[Key, Key]  # problem -> the measure that answers it
    answered_by: dict[Key, tuple[Key, ...]]  # measure -> the problems it answers
    similar: dict[Key, tuple[SimilarPassage, ...]]
    glossary: Glossary
    matcher: TermMatcher
    terms_of: dict[Key, tuple[str, ...]]
    uses: dict[str, tuple[Key, ...]]  # term -> passages using it, in registry order

    def terms(self) -> list[str]:
        """Terms used by at least one passage, most used first."""
        return sorted((t for t in self.uses if self.uses[t]), key=lambda t: (-len(self.uses[t]), t))


def _pairings(registry: ReportRegistry, themes: Mapping[Key, Sequence[str]]) -> list[tuple[str, Pairing]]:
    reports = [page.passages for page in registry.pages]
    by_report = [{p.id: themes.get((page.report.meta.slug, p.id), ()) for p in page.passages} for page in registry.pages]
    found = pair_reports(reports, by_report)
    return [(page.report.meta.slug, pairing) for page, pairings in zip(registry.pages, found) for pairing in pairings]


def _similar(keys: list[Key], texts: list[str]) -> dict[Key, tuple[SimilarPassage, ...]]:
    links = find_similar(texts, [k[0] for k in keys])
    return {
        keys[i]: tuple(SimilarPassage(keys[link.index], link.score, link.words) for link in found)
        for i, found in enumerate(links)
        if found
    }


def analyse(registry: ReportRegistry, themes: Mapping[Key, Sequence[str]], glossary: Glossary) -> Analysis:
    """Everything the index pages need, from the registry, theme tags and the glossary."""
    refs = {key_of(page, p): PassageRef(page, p) for page, p in registry.passages()}
    keys = list(refs)
    texts = [refs[k].passage.text for k in keys]
    answers: dict[Key, Key] = {}
    answered_by: dict[Key, list[Key]] = {}
    for slug, pairing in _pairings(registry, themes):
        answers[(slug, pairing.problem)] = (slug, pairing.measure)
        answered_by.setdefault((slug, pairing.measure), []).append((slug, pairing.problem))
    matcher = build_matcher(discover_terms(texts, glossary), glossary)
    terms_of = {k: tuple(matcher.find(t)) for k, t in zip(keys, texts)}
    uses: dict[str, list[Key]] = {t: [] for t in matcher.terms}
    for k in keys:
        for term in terms_of[k]:
            uses[term].append(k)
    return Analysis(
        refs=refs,
        themes={k: tuple(themes.get(k, ())) for k in keys},
        answers=answers,
        answered_by={k: tuple(v) for k, v in answered_by.items()},
        similar=_similar(keys, texts),
        glossary=glossary,
        matcher=matcher,
        terms_of={k: v for k, v in terms_of.items() if v},
        uses={t: tuple(v) for t, v in uses.items()},
    )

