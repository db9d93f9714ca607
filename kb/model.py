"""Domain objects shared by the normalizer (scripts/) and the site build (kb/site/)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property


class SectionKind(str, enum.Enum):
    """What a passage does in its report."""

    OVERVIEW = "overview"
    PRACTICE = "practice"
    PROBLEM = "problem"
    CAUSE = "cause"
    MEASURE = "measure"

    @property
    def label(self) -> str:
        """Chinese label shown to readers."""
        return SECTION_LABELS[self]


SECTION_LABELS = {
    SectionKind.OVERVIEW: "概述",
    SectionKind.PRACTICE: "做法成效",
    SectionKind.PROBLEM: "存在问题",
    SectionKind.CAUSE: "原因分析",
    SectionKind.MEASURE: "下一步措施",
}

# The order pages list section kinds in: practice first, since readers come for examples to
# follow; the overview, which only frames a report, last.
SECTION_ORDER = (SectionKind.PRACTICE, SectionKind.PROBLEM, SectionKind.CAUSE, SectionKind.MEASURE, SectionKind.OVERVIEW)
# The four parts reports are compared and counted by; the overview says nothing to compare.
COMPARED_SECTIONS = SECTION_ORDER[:4]


class BlockType(str, enum.Enum):
    """Kinds of block on a report page, in the order a report may hold them."""

    HEADING = "heading"
    PASSAGE = "passage"
    SALUTATION = "salutation"
    SUBTITLE = "subtitle"  # under the title: "——在……会议上", the speaker
    SIGNOFF = "signoff"
    OMISSION = "omission"
    TABLE = "table"


@dataclass(frozen=True)
class Span:
    """A run of text: plain characters, or a redaction placeholder kept verbatim."""

    text: str
    placeholder: bool = False


BLANK = "□"


def plain_text(spans: tuple[Span, ...]) -> str:
    """Text of spans with every placeholder written as one blank."""
    if len(spans) == 1 and not spans[0].placeholder:
        return spans[0].text  # most blocks are one plain run
    return "".join([BLANK if s.placeholder else s.text for s in spans])


# A table's cells as spans: rows of cells, each cell a run of spans.
TableRows = tuple[tuple[tuple[Span, ...], ...], ...]


def table_spans(rows: TableRows) -> tuple[Span, ...]:
    """A table's text as one run: its non-empty cells in reading order, a space between two."""
    out: list[Span] = []
    for cell in (c for row in rows for c in row if c):
        for span in ((Span(" "),) if out else ()) + cell:
            if out and not span.placeholder and not out[-1].placeholder:
                out[-1] = Span(out[-1].text + span.text)  # one span per plain run, as to_spans makes
            else:
                out.append(span)
    return tuple(out)


def source_text(spans: tuple[Span, ...]) -> str:
    """Text of spans exactly as the source had it."""
    return "".join(s.text for s in spans)


@dataclass(frozen=True)
class Block:
    """One block of a report page: heading, passage, salutation, sign-off, omission or table."""

    type: BlockType
    spans: tuple[Span, ...]
    id: str = ""
    level: int = 0  # heading depth: 1 for top-level sections
    number: str = ""  # heading marker as written, e.g. "（一）" or "一是"
    kind: SectionKind | None = None  # passages only
    rows: TableRows = ()  # tables only; ``spans`` is then ``table_spans(rows)``

    @cached_property
    def text(self) -> str:
        """Plain text with placeholders as blanks."""
        # Cached: the build reads every text many times (tagging, analysis, export).
        return plain_text(self.spans)


@dataclass(frozen=True)
class Passage:
    """A passage as the site sees it: a block plus its place in the report."""

    id: str
    report: str
    source: str
    section: SectionKind
    headings: tuple[str, ...]
    heading_ids: tuple[str, ...]
    spans: tuple[Span, ...]

    @cached_property
    def text(self) -> str:
        """Plain text with placeholders as blanks."""
        # Cached: the build reads every text many times (tagging, analysis, export).
        return plain_text(self.spans)


@dataclass(frozen=True)
class ReportMeta:
    """Front matter of a report page: the contract between scripts/ and hooks/; each field is described and checked in ``kb.schema``."""

    title: str
    slug: str
    source: str
    source_sha256: str
    doc_type: str
    sidecar_sha256: str | None = None  # so editing sources/<name>.yml also marks the page stale
    year: int | None = None
    place: str | None = None
    passage_count: int = 0
    cleaning: dict[str, int] = field(default_factory=dict)
    retired_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """A normalized report: front matter plus blocks in reading order."""

    meta: ReportMeta
    blocks: tuple[Block, ...]

    def passages(self) -> list[Passage]:
        """Passages in reading order, each with the headings above it."""
        stack: list[Block] = []
        out: list[Passage] = []
        for block in self.blocks:
            if block.type is BlockType.HEADING:
                stack = [h for h in stack if h.level < block.level] + [block]
            elif block.type is BlockType.PASSAGE:
                assert block.kind is not None
                out.append(
                    Passage(
                        id=block.id,
                        report=self.meta.slug,
                        source=self.meta.source,
                        section=block.kind,
                        headings=tuple(h.text for h in stack),
                        heading_ids=tuple(h.id for h in stack),
                        spans=block.spans,
                    )
                )
        return out
