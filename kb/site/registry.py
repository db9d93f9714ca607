"""Report pages parsed once per build; every later step of the build (kb/site/build.py) reads them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kb.model import Passage, Report
from kb.paths import REPORTS_URI
from kb.reportfile import page_error, parse_report
from kb.schema import FIELD_BY_NAME

if TYPE_CHECKING:
    from mkdocs.structure.files import File

_SLUG = FIELD_BY_NAME["slug"].said()


@dataclass(frozen=True)
class ReportPage:
    """A parsed report page and where MkDocs publishes it."""

    report: Report
    src_uri: str  # e.g. "reports/<slug>.md"
    url: str  # site-relative, as MkDocs writes it: "reports/<slug>/" or "reports/<slug>.html"

    @cached_property
    def passages(self) -> tuple[Passage, ...]:
        """The report's passages in reading order, worked out once per build."""
        # Report.passages() rebuilds them on each call; every step and page asks for them.
        return tuple(self.report.passages())

    def passage_url(self, passage: Passage) -> str:
        """Site-relative link to one passage on this page."""
        return f"{self.url}#{passage.id}"


@dataclass(frozen=True)
class ReportRegistry:
    """All report pages of one build, sorted by slug."""

    pages: tuple[ReportPage, ...]
    # Hooks look a page up for every page of the build: a scan would make builds quadratic.
    _by_uri: dict[str, ReportPage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_uri", {p.src_uri: p for p in self.pages})

    def by_src_uri(self, src_uri: str) -> ReportPage | None:
        """The report page published from ``src_uri``, if it is one."""
        return self._by_uri.get(src_uri)

    def passages(self) -> list[tuple[ReportPage, Passage]]:
        """Every passage with its page, reports by slug, passages in reading order."""
        return [(page, passage) for page in self.pages for passage in page.passages]


def is_report_uri(src_uri: str) -> bool:
    """True for ``reports/<slug>.md``, the pages the normalizer writes."""
    name = src_uri[len(REPORTS_URI) :]
    return src_uri.startswith(REPORTS_URI) and name.endswith(".md") and "/" not in name


def read_report_page(src_uri: str, url: str, text: str) -> ReportPage:
    """Parse one report page and check that its slug matches its file name."""
    report = parse_report(text, src_uri)
    stem = src_uri[len(REPORTS_URI) : -len(".md")]
    if report.meta.slug != stem:
        raise page_error(src_uri, f"“{report.meta.slug}”与文件名“{stem}.md”不一致", _SLUG)
    return ReportPage(report, src_uri, url)


def build_registry(pages: Iterable[ReportPage]) -> ReportRegistry:
    """A registry of pages sorted by slug; slugs must be unique."""
    ordered = sorted(pages, key=lambda p: p.report.meta.slug)
    for before, after in zip(ordered, ordered[1:]):
        if before.report.meta.slug == after.report.meta.slug:
            raise page_error(after.src_uri, f"“{after.report.meta.slug}”已被“{before.src_uri}”使用，两页不能同名", _SLUG)
    return ReportRegistry(tuple(ordered))


def registry_from_files(files: Iterable[File]) -> ReportRegistry:
    """Parse every report page among the build's files."""
    return build_registry(
        read_report_page(f.src_uri, f.url, f.content_string) for f in files if is_report_uri(f.src_uri)
    )

