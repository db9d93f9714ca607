"""One source to one report: title, body, blocks with ids, front matter; refused when unusable."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from kb.model import Block, BlockType, Report, ReportMeta, SectionKind, source_text, table_spans
from kb.normalize.classify import heading_kind, kind_under_cues, label_kind, names_plans, opening_kind, passages_of
from kb.normalize.clean import CleaningRule, Removal, ascii_widths, clean_text, is_body_paragraph
from kb.normalize.ids import assign_ids
from kb.normalize.lock import LockedReport
from kb.normalize.meta import doc_type_of, fallback_title, make_slug, names_kind, place_of, type_by_name, year_of
from kb.normalize.placeholders import to_spans
from kb.normalize.readers import Extracted
from kb.normalize.rejoin import looks_hard_wrapped, rejoin_lines
from kb.normalize.segment import DATE_RE, LONG_TITLE_MAX, Segment, is_title, segment_lines
from kb.normalize.sidecar import Sidecar
from kb.normalize.tables import kept_tables
from kb.text import content_chars


class Refused(Exception):
    """A source file that cannot become a report page, with the reason."""


TITLE_SEARCH_LINES = 8


def split_title(lines: list[tuple[int, str]], marked: str | None = None) -> tuple[tuple[int, str] | None, list[tuple[int, str]]]:
    """The title line and the other lines, in order.

    The title is the line the file's format marks as one; else the first title-like line among
    the first few that names a kind of document (a web page may open with its site's tool bar
    or byline); else the first line, when it reads as a title.
    """
    nonblank = [i for i, (_, t) in enumerate(lines) if t][:TITLE_SEARCH_LINES]
    candidates = [i for i in nonblank if lines[i][1] == marked.strip()] if marked else []
    candidates += [i for i in nonblank if is_title(lines[i][1]) and names_kind(lines[i][1])]
    if not candidates and nonblank and is_title(lines[nonblank[0]][1]):
        candidates = [nonblank[0]]
    if not candidates:
        return None, lines
    at = candidates[0]
    if at > 0 and _title_first_half(lines[at - 1][1], lines[at][1]):
        # A title wrapped over two lines (copied from a PDF or a red-header document).
        return (lines[at - 1][0], lines[at - 1][1] + lines[at][1]), lines[: at - 1] + lines[at + 1 :]
    return lines[at], lines[:at] + lines[at + 1 :]


TITLE_HALF_MIN = 8


# A site's name above an article's title is no part of it: 绿水县人民政府门户网站.
_SITE_NAME_END = re.compile(r"(?:网|网站|门户|平台|频道|首页|栏目|专栏|专题)$")


def _title_first_half(line: str, title: str) -> bool:
    """Whether a line right above a title is its first half, the title having wrapped."""
    return (
        len(line) >= TITLE_HALF_MIN
        and is_title(line)
        and not names_kind(line)
        and DATE_RE.match(line) is None
        and _SITE_NAME_END.search(line) is None
        and len(line) + len(title) <= LONG_TITLE_MAX
    )


def place_lines(title: str | None, lines: list[str]) -> list[str]:
    """Where a report names its place: the title, the lines above its first paragraph, its sign-off."""
    head = []
    for line in lines:
        if is_body_paragraph(line):
            break
        head.append(line)
    return ([title] if title else []) + head[:TITLE_SEARCH_LINES] + lines[-2:][::-1]


def drop_repeated_title(body: list[tuple[int, str]], title: str | None) -> tuple[list[tuple[int, str]], list[Removal]]:
    """The body without copies of the title line: web pages repeat it at the end, and a PDF's
    running header repeats it at the top of every page."""
    if title is None:
        return body, []
    return [(n, t) for n, t in body if t != title], [Removal(n, "repeated-title", title) for n, t in body if t == title]


def blocks_from_segments(segments: list[Segment]) -> list[Block]:
    """Blocks without ids: headings as they are, paragraphs cut into classified passages."""
    blocks: list[Block] = []
    # The headings above, outermost first, each as its level and the kind it names (if any).
    stack: list[tuple[int, SectionKind | None]] = []
    headings = [seg for seg in segments if seg.type is BlockType.HEADING]
    top = min((seg.level for seg in headings), default=1)
    plan_parts = {id(seg) for seg in headings if seg.level == top and names_plans(seg.text)}
    for index, seg in enumerate(segments):
        if seg.type is BlockType.HEADING:
            cue = heading_kind(seg.text, plans_elsewhere=bool(plan_parts - {id(seg)}))
            if cue is None and not [h for h in stack if h[0] < seg.level]:
                cue = opening_kind(next((s.text for s in segments[index + 1 :] if s.type is BlockType.PASSAGE), ""))
            stack = [h for h in stack if h[0] < seg.level] + [(seg.level, cue)]
            blocks.append(Block(BlockType.HEADING, to_spans(seg.text), level=seg.level, number=seg.number))
        elif seg.type is BlockType.PASSAGE:
            base = label_kind(seg.text, plans_elsewhere=bool(plan_parts)) or kind_under_cues([cue for _, cue in stack])
            for text, kind in passages_of(seg.text, base):
                blocks.append(Block(BlockType.PASSAGE, to_spans(text.strip()), kind=kind))
        elif seg.type is BlockType.TABLE:
            blocks.append(Block(BlockType.TABLE, table_spans(seg.rows), rows=seg.rows))
        else:
            blocks.append(Block(seg.type, to_spans(seg.text)))
    return blocks


def check_lossless(name: str, kept: list[tuple[int, str]], title: str | None, blocks: list[Block]) -> None:
    """Fail loudly if segmentation dropped or reordered any character of the cleaned text."""
    before = content_chars("".join(t for _, t in kept))
    after = content_chars((title or "") + "".join(block.number + source_text(block.spans) for block in blocks))
    if before != after:
        at = next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), min(len(before), len(after)))
        raise AssertionError(f"{name}: normalizer lost text near {before[max(0, at - 10) : at + 20]!r}")


def with_ids(blocks: list[Block], locked: LockedReport | None) -> tuple[list[Block], LockedReport]:
    """Blocks with stable ids, and the lock entry that remembers them."""
    old = locked or LockedReport(slug="")
    heading_texts = [b.number + b.text for b in blocks if b.type is BlockType.HEADING]
    passage_texts = [b.text for b in blocks if b.type is BlockType.PASSAGE]
    retired_h = [r for r in old.retired if r.id.startswith("s-")]
    retired_p = [r for r in old.retired if r.id.startswith("p-")]
    h_ids = assign_ids("s", heading_texts, old.headings, retired_h)
    p_ids = assign_ids("p", passage_texts, old.passages, retired_p)
    ids = {BlockType.HEADING: iter(h_ids.ids), BlockType.PASSAGE: iter(p_ids.ids)}
    with_ids = [replace(b, id=next(ids[b.type])) if b.type in ids else b for b in blocks]
    entry = LockedReport(slug=old.slug, headings=h_ids.entries, passages=p_ids.entries, retired=sorted(h_ids.retired + p_ids.retired, key=lambda r: r.id))
    return with_ids, entry


@dataclass(frozen=True)
class Normalized:
    """One normalized source: its page, what cleaning removed, and its lock entry."""

    report: Report
    removals: list[Removal]
    lock: LockedReport


# How the segmentation step names the lines that are not passages, for the trace.
_SEGMENT_NAMES = {
    BlockType.HEADING: "标题",
    BlockType.TABLE: "表格",
    BlockType.SALUTATION: "称呼",
    BlockType.SUBTITLE: "副题",
    BlockType.SIGNOFF: "落款",
    BlockType.OMISSION: "省略号",
}


def normalize_text(
    name: str,
    text: str,
    sha256: str,
    sidecar: Sidecar,
    sidecar_hash: str | None,
    rules: tuple[CleaningRule, ...],
    locked: LockedReport | None,
    taken_slugs: set[str],
    marks: Extracted | None = None,
    trace: list[tuple[str, list[str]]] | None = None,
) -> Normalized:
    """Turn one decoded source into a report; raises Refused for unusable text.

    ``marks`` is what the reader found besides the text (``text`` is ``marks.text`` then).
    ``trace``, when given, receives each step's name and what it changed, for a maintainer
    asking why a report came out as it did (``scripts/normalize.py --explain``).
    """
    marks = ascii_widths(marks or Extracted(text))
    text = marks.text
    if not text.strip():
        raise Refused("文件是空的（没有文字，或只有空白）；请放入有正文的报告文件")
    kept, removals = clean_text(text, rules)
    if not any(t for _, t in kept):
        raise Refused("删除水印、页码和网页栏目等以后没有剩下报告正文；请检查文件内容是否就是报告（清理记录见 build/cleaning-log.tsv）")
    if trace is not None:
        trace.append(("清理", [f"第 {r.line} 行，规则 {r.rule}：删去“{r.text}”" for r in removals] or ["没有删去任何文字"]))
    title_line, body = split_title(kept, marks.title)
    title_segment_text = title_line[1] if title_line else None
    body, repeated = drop_repeated_title(body, title_segment_text)
    removals += repeated
    if trace is not None:
        trace.append(("标题", [f"第 {title_line[0]} 行：{title_line[1]}" if title_line else "原文没有认出标题行"] + [f"第 {r.line} 行重复的标题已删去" for r in repeated]))
    tables = kept_tables(marks.tables, body, rules)
    lines = rejoin_lines(body, alone={n for n, _ in marks.headings}) if marks.wrapped and looks_hard_wrapped(body) else body
    if trace is not None:
        kept_numbers = {n for n, _ in lines}
        joined = [number for number, _ in body if number not in kept_numbers]
        trace.append(("接回硬换行", [f"第 {n} 行接到上一行后面" for n in joined] or ["没有接回任何行"]))
    _, segments = segment_lines(lines, title_known=True, marked=dict(marks.headings), tables=tables)
    if trace is not None:
        trace.append(("分段", [f"第 {s.line} 行：{_SEGMENT_NAMES.get(s.type, s.type.value)}" + (f"（第 {s.level} 级，编号“{s.number}”）" if s.type is BlockType.HEADING else "") + f"：{s.text[:30]}" for s in segments if s.type is not BlockType.PASSAGE]))
    blocks = blocks_from_segments(segments)
    if trace is not None:
        trace.append(("段落类别", [f"{b.kind.label}：{b.text[:30]}" for b in blocks if b.type is BlockType.PASSAGE]))
    if not any(b.type is BlockType.PASSAGE for b in blocks):
        raise Refused("没有正文段落：文件里只有标题或小标题；请放入完整的报告")
    blocks, entry = with_ids(blocks, locked)
    check_lossless(name, body, None, blocks)
    if sidecar.title and title_line and title_line[1] != sidecar.title:
        removals.append(Removal(title_line[0], "title-replaced-by-sidecar", title_line[1]))
    body_text = "\n".join([t for _, t in body])
    doc_type = type_by_name(sidecar.doc_type) if sidecar.doc_type else doc_type_of(title_segment_text, body_text)
    year = sidecar.year if sidecar.year is not None else year_of(title_segment_text, body_text)
    place = sidecar.place or place_of(place_lines(title_segment_text, [t for _, t in body if t]))
    stem = Path(name).stem
    title = sidecar.title or title_segment_text or fallback_title(doc_type, stem)
    slug = sidecar.slug or (locked.slug if locked else "") or unique_slug(make_slug(doc_type, year, stem), taken_slugs)
    entry = replace(entry, slug=slug, sha256=sha256)
    if trace is not None:
        stated = [key for key, value in vars(sidecar).items() if value not in (None, "")]
        facts = [f"标题：{title}", f"类型：{doc_type.name}", f"年份：{year or '不详'}", f"地点：{place or '不详'}"]
        trace.append(("元数据", facts + ([f"附注文件设定了：{'、'.join(stated)}"] if stated else [])))
    meta = ReportMeta(
        title=title,
        slug=slug,
        source=name,
        source_sha256=sha256,
        doc_type=doc_type.name,
        sidecar_sha256=sidecar_hash,
        year=year,
        place=place,
        passage_count=len(entry.passages),
        cleaning=summarize(removals),
        retired_ids=tuple(r.id for r in entry.retired),
    )
    return Normalized(Report(meta, tuple(blocks)), removals, entry)


def unique_slug(slug: str, taken: set[str]) -> str:
    """The slug, or the slug with a counter when another report already has it."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def summarize(removals: list[Removal]) -> dict[str, int]:
    """Count of removals per cleaning rule."""
    counts: dict[str, int] = {}
    for r in removals:
        counts[r.rule] = counts.get(r.rule, 0) + 1
    return dict(sorted(counts.items()))
