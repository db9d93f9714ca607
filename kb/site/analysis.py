"""What the index and comparison pages know about every passage, computed once per build.

The build (kb/site/build.py) makes one ``Analysis`` after themes are tagged; the report-page
annotations, the CSV export, the aggregate pages and the search index read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from kb.model import Passage
from kb.site.pairing import Pairing, pair_reports
from kb.site.registry import ReportPage, ReportRegistry
from kb.site.similarjob import SimilarJob
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
    similar: SimilarPassages
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


def _passage_texts(registry: ReportRegistry) -> tuple[list[Key], list[str]]:
    pairs = registry.passages()
    return [key_of(page, p) for page, p in pairs], [p.text for _, p in pairs]


def start_similar(registry: ReportRegistry, background: bool | None = None) -> SimilarJob:
    """Start working out 相似表述, which needs only the texts (see kb/site/similarjob.py)."""
    keys, texts = _passage_texts(registry)
    return SimilarJob(texts, [k[0] for k in keys], background)


class SimilarPassages(Mapping[Key, tuple[SimilarPassage, ...]]):
    """Each passage's 相似表述, made from the job's links when first looked up.

    Until then the job may still be running in its worker: only report and comparison pages
    look links up, and they render after everything else the build works out.
    """

    def __init__(self, job: SimilarJob, keys: list[Key]) -> None:
        self._job, self._keys = job, keys
        self._found: dict[Key, tuple[SimilarPassage, ...]] | None = None

    def _links(self) -> dict[Key, tuple[SimilarPassage, ...]]:
        if self._found is None:
            keys = self._keys
            self._found = {
                keys[i]: tuple(SimilarPassage(keys[link.index], link.score, link.words) for link in found)
                for i, found in enumerate(self._job.result())
                if found
            }
        return self._found

    def __getitem__(self, key: Key) -> tuple[SimilarPassage, ...]:
        return self._links()[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._links())

    def __len__(self) -> int:
        return len(self._links())

    def close(self) -> None:
        """Stop a job still running (the build failed before any page rendered)."""
        self._job.close()


def analyse(registry: ReportRegistry, themes: Mapping[Key, Sequence[str]], glossary: Glossary, similar: SimilarJob | None = None) -> Analysis:
    """Everything the index pages need, from the registry, theme tags and the glossary.

    ``similar`` is the build's job from ``start_similar``; without one, 相似表述 is worked out here.
    """
    refs = {key_of(page, p): PassageRef(page, p) for page, p in registry.passages()}
    keys, texts = _passage_texts(registry)  # the order start_similar gave the job
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
        similar=SimilarPassages(similar or start_similar(registry, background=False), keys),
        glossary=glossary,
        matcher=matcher,
        terms_of={k: v for k, v in terms_of.items() if v},
        uses={t: tuple(v) for t, v in uses.items()},
    )

