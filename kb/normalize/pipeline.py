"""The whole normalizer: sources/ in, docs/reports/*.md out, refusals and removals reported."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import re
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Iterator

import yaml

from kb.cores import usable_cores
from kb.model import Block, BlockType, Report, ReportMeta, SectionKind, Span, plain_text, table_spans
from kb.normalize.classify import heading_kind, kind_under_cues, opening_kind, passages_of
from kb.normalize.clean import CleaningRule, Removal, clean_text, load_rules
from kb.normalize.ids import assign_ids
from kb.normalize.lock import LockedReport, load_lock, save_lock
from kb.normalize.clean import is_body_paragraph
from kb.normalize.meta import doc_type_of, fallback_title, make_slug, names_kind, place_of, type_by_name, year_of
from kb.normalize.placeholders import to_spans
from kb.normalize.read import read_source
from kb.normalize.readers import Extracted, Unreadable
from kb.normalize.rejoin import looks_hard_wrapped, rejoin_lines
from kb.normalize.segment import DATE_RE, LONG_TITLE_MAX, Segment, is_title, segment_lines
from kb.normalize.tables import attach_rows, kept_tables
from kb.reportfile import ReportFormatError, render_report, split_front_matter
from kb.sources import FOLDER_REASON, SIDECAR_SUFFIXES, folders, is_sidecar, source_files

SIDECAR_KEYS = {"title", "slug", "year", "type", "place"}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
REPORTS_DIR = "reports"
# "[\W_][\W_]*" is "[\W_]+" written so that the regex engine skips ahead to each match.
_NOT_CONTENT = re.compile(r"[\W_][\W_]*")
_CONTENT_CHAR = re.compile(r"[^\W_]")


class Refused(Exception):
    """A source file that cannot become a report page, with the reason."""


@dataclass(frozen=True)
class Refusal:
    """A refused source file and why, as the maintainer will read it."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}：已拒绝：{self.reason}"


@dataclass(frozen=True)
class Sidecar:
    """Facts a maintainer states about a source in ``sources/<name>.yml``."""

    title: str | None = None
    slug: str | None = None
    year: int | None = None
    type: str | None = None
    place: str | None = None


@dataclass
class NormalizeResult:
    """What a run of the normalizer did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    removals: dict[str, list[Removal]] = field(default_factory=dict)
    sidecar_problems: list[SidecarProblem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when any file was refused or a sidecar is mistyped, else 0."""
        return 1 if self.refusals or self.sidecar_problems else 0


def default_lock_path(sources: Path) -> Path:
    """The committed id lock that belongs to a sources folder."""
    return sources.resolve().parent / "data" / "passage-ids.lock.json"


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def sidecar_path(source: Path, listed: set[str] | None = None) -> Path | None:
    """The sidecar file that belongs to a source, if there is one.

    ``listed``, the names in the source's folder, answers without a stat call per suffix.
    """
    for suffix in SIDECAR_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.name in listed if listed is not None else candidate.exists():
            return candidate
    return None


def sidecar_sha256(source: Path) -> str | None:
    """Hash of a source's sidecar, or None when it has none."""
    path = sidecar_path(source)
    return sha256_of(path.read_bytes()) if path else None


class SidecarError(ValueError):
    """A sidecar a maintainer mistyped; the message says where (its line) and what is wrong, in Chinese."""


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each top-level key of a YAML mapping."""
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def read_sidecar(path: Path | None, data: bytes | None = None) -> Sidecar:
    """Validate and read a sidecar (its bytes, when the caller has them); raises SidecarError."""
    if path is None:
        return Sidecar()
    allowed = "、".join(sorted(SIDECAR_KEYS))
    try:
        text = data.decode("utf-8") if data is not None else path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SidecarError(f"不是 UTF-8 编码的文本（第 {text_line(data or b'', exc.start)} 行）；请用 UTF-8 另存") from exc
    try:
        values = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "某处"
        raise SidecarError(f"{where}不是有效的 YAML（{getattr(exc, 'problem', None) or exc}）；每行应写成“键: 值”，如“year: 2023”") from exc
    if not isinstance(values, dict):
        raise SidecarError(f"第 1 行起应是“键: 值”的列表，可用的键：{allowed}")
    lines = _key_lines(text)
    unknown = sorted(set(map(str, values)) - SIDECAR_KEYS)
    if unknown:
        raise SidecarError(f"第 {lines.get(unknown[0], 1)} 行的键“{unknown[0]}”不认识；可用的键：{allowed}")
    if values.get("slug") is not None and not SLUG_RE.match(str(values["slug"])):
        raise SidecarError(f"第 {lines.get('slug', 1)} 行的 slug 只能由小写英文字母、数字和“-”组成")
    if values.get("year") is not None and (not isinstance(values["year"], int) or isinstance(values["year"], bool) or not 1949 <= values["year"] <= 2100):
        raise SidecarError(f"第 {lines.get('year', 1)} 行的 year 应是年份数字，如 2023")
    return Sidecar(**{k: (str(v) if k != "year" and v is not None else v) for k, v in values.items()})


def text_line(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


@dataclass(frozen=True)
class SidecarProblem:
    """A mistyped sidecar: its report is still built, without the sidecar's values."""

    sidecar: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sidecar}：{self.reason}。{self.source} 的报告页照常生成，但暂不使用这个附注文件中的设置；请改正后重新构建"


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
    """The body without a copy of the title closing it, as web pages often repeat it."""
    last = next((i for i in range(len(body) - 1, -1, -1) if body[i][1]), None)
    if title is None or last is None or body[last][1] != title:
        return body, []
    return body[:last] + body[last + 1 :], [Removal(body[last][0], "repeated-title", title)]


# A block before it has an id: (type, spans, level, number, kind), the fields of Block but
# the id. The ids depend on every block of the report, and building each Block only once,
# with its id, saves a second object per block.
Draft = tuple[BlockType, tuple[Span, ...], int, str, SectionKind | None]


def blocks_from_segments(segments: list[Segment]) -> list[Draft]:
    """Blocks without ids: headings as they are, paragraphs cut into classified passages."""
    drafts: list[Draft] = []
    # The headings above, outermost first, each as its level and the kind it names (if any),
    # so that every heading is read once.
    stack: list[tuple[int, SectionKind | None]] = []
    base = kind_under_cues([])  # depends on the headings above only: worked out when they change
    for index, seg in enumerate(segments):
        if seg.type is BlockType.HEADING:
            cue = heading_kind(seg.text)
            if cue is None and not [h for h in stack if h[0] < seg.level]:
                cue = opening_kind(next((s.text for s in segments[index + 1 :] if s.type is BlockType.PASSAGE), ""))
            stack = [h for h in stack if h[0] < seg.level] + [(seg.level, cue)]
            base = kind_under_cues([cue for _, cue in stack])
            drafts.append((BlockType.HEADING, to_spans(seg.text), seg.level, seg.number, None))
        elif seg.type is BlockType.PASSAGE:
            for text, kind in passages_of(seg.text, base):
                drafts.append((BlockType.PASSAGE, to_spans(text.strip()), 0, "", kind))
        elif seg.type is BlockType.TABLE:
            drafts.append((BlockType.TABLE, table_spans(seg.rows), 0, "", None))
        else:
            drafts.append((seg.type, to_spans(seg.text), 0, "", None))
    return drafts


def content_chars(text: str) -> str:
    """Letters, digits and CJK characters of a text, in order: what must never be lost."""
    return _NOT_CONTENT.sub("", text)


class SeenTexts:
    """The texts decoded so far, to name the earlier source a text merely repeats.

    Two texts are the same when their content characters are (punctuation and spacing aside).
    Building that string is a regex pass over the whole text, while every content character
    occurs equally often in two such texts: counting a few common characters, a C-speed scan,
    sets almost every text apart, and content is compared only between texts whose counts agree.
    """

    COUNTED = "的是一在和"

    def __init__(self) -> None:
        # Counts seen once: that text, not yet reduced to its content. None once counts repeat.
        self._alone: dict[tuple[int, ...], tuple[str, str] | None] = {}
        self._by_content: dict[str, str] = {}

    def original_of(self, name: str, text: str) -> str | None:
        """The earlier source with the same content; None, remembering this one, if there is none."""
        counts = tuple(map(text.count, self.COUNTED))
        if counts not in self._alone:
            self._alone[counts] = (name, text)
            return None
        earlier = self._alone[counts]
        if earlier is not None:
            self._by_content[content_chars(earlier[1])] = earlier[0]
            self._alone[counts] = None
        key = content_chars(text)
        original = self._by_content.get(key)
        if original is None:
            self._by_content[key] = name
        return original


def check_lossless(name: str, kept: list[tuple[int, str]], title: str | None, blocks: list[Block]) -> None:
    """Fail loudly if segmentation dropped or reordered any character of the cleaned text."""
    kept_text = "".join([t for _, t in kept])
    pieces = [title or ""]
    for block in blocks:
        pieces.append(block.number)
        pieces.extend([s.text for s in block.spans])
    if _in_order_with_gaps_of_punctuation(kept_text, pieces):
        return
    before, after = content_chars(kept_text), content_chars("".join(pieces))
    if before != after:
        at = next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), min(len(before), len(after)))
        raise AssertionError(f"{name}: normalizer lost text near {before[max(0, at - 10) : at + 20]!r}")


def _in_order_with_gaps_of_punctuation(text: str, pieces: list[str]) -> bool:
    """Whether the pieces occur in the text in order, with no content character between them.

    If so, the pieces hold exactly the text's content characters: a proof of no loss that costs
    one short search per piece instead of two regex passes over the report. When it does not
    hold (a heading kept a closing quote past its dropped full stop, say), content is compared.
    """
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        at = text.find(piece, pos)
        if at < 0 or (at > pos and _CONTENT_CHAR.search(text, pos, at)):
            return False
        pos = at + len(piece)
    return not _CONTENT_CHAR.search(text, pos)


def with_ids(drafts: list[Draft], locked: LockedReport | None) -> tuple[list[Block], LockedReport]:
    """Blocks with stable ids, and the lock entry that remembers them."""
    old = locked or LockedReport(slug="")
    heading_texts = [number + plain_text(spans) for type_, spans, _, number, _ in drafts if type_ is BlockType.HEADING]
    passage_texts = [plain_text(spans) for type_, spans, _, _, _ in drafts if type_ is BlockType.PASSAGE]
    retired_h = [r for r in old.retired if r.id.startswith("s-")]
    retired_p = [r for r in old.retired if r.id.startswith("p-")]
    h_ids = assign_ids("s", heading_texts, old.headings, retired_h)
    p_ids = assign_ids("p", passage_texts, old.passages, retired_p)
    heading_ids, passage_ids = iter(h_ids.ids), iter(p_ids.ids)
    blocks = []
    for type_, spans, level, number, kind in drafts:
        if type_ is BlockType.HEADING:
            id_ = next(heading_ids)
        elif type_ is BlockType.PASSAGE:
            id_ = next(passage_ids)
        else:
            id_ = ""
        blocks.append(Block(type_, spans, id_, level, number, kind))
    entry = LockedReport(slug=old.slug, headings=h_ids.entries, passages=p_ids.entries, retired=sorted(h_ids.retired + p_ids.retired, key=lambda r: r.id))
    return blocks, entry


@dataclass(frozen=True)
class Normalized:
    """One normalized source: its page, what cleaning removed, and its lock entry."""

    report: Report
    removals: list[Removal]
    lock: LockedReport


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
) -> Normalized:
    """Turn one decoded source into a report; raises Refused for unusable text.

    ``marks`` is what the reader found besides the text (``text`` is ``marks.text`` then).
    """
    marks = marks or Extracted(text)
    if not text.strip():
        raise Refused("文件是空的（没有文字，或只有空白）；请放入有正文的报告文件")
    kept, removals = clean_text(text, rules)
    if not any(t for _, t in kept):
        raise Refused("删除水印、页码和网页栏目等以后没有剩下报告正文；请检查文件内容是否就是报告（清理记录见 build/cleaning-log.tsv）")
    title_line, body = split_title(kept, marks.title)
    title_segment_text = title_line[1] if title_line else None
    body, repeated = drop_repeated_title(body, title_segment_text)
    removals += repeated
    tables = kept_tables(marks.tables, body, rules)
    lines = rejoin_lines(body) if marks.wrapped and looks_hard_wrapped(body) else body
    _, segments = segment_lines(lines, title_known=True, marked=dict(marks.headings), tables=tables)
    drafts = blocks_from_segments(segments)
    if not any(d[0] is BlockType.PASSAGE for d in drafts):
        raise Refused("没有正文段落：文件里只有标题或小标题；请放入完整的报告")
    blocks, entry = with_ids(drafts, locked)
    blocks = attach_rows(blocks, [seg.rows for seg in segments if seg.type is BlockType.TABLE])
    check_lossless(name, body, None, blocks)
    if sidecar.title and title_line and title_line[1] != sidecar.title:
        removals.append(Removal(title_line[0], "title-replaced-by-sidecar", title_line[1]))
    body_text = "\n".join([t for _, t in body])
    doc_type = type_by_name(sidecar.type) if sidecar.type else doc_type_of(title_segment_text, body_text)
    year = sidecar.year if sidecar.year is not None else year_of(title_segment_text, body_text)
    place = sidecar.place or place_of(place_lines(title_segment_text, [t for _, t in body if t]))
    stem = Path(name).stem
    title = sidecar.title or title_segment_text or fallback_title(doc_type, stem)
    slug = sidecar.slug or (locked.slug if locked else "") or unique_slug(make_slug(doc_type, year, stem), taken_slugs)
    entry = replace(entry, slug=slug, sha256=sha256)
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


def _read(name: str, data: bytes) -> Extracted:
    if not data or data.isspace():  # what "not data.strip()" says, without copying the file
        raise Refused("文件是空的（没有文字，或只有空白）；请放入有正文的报告文件")
    try:
        return read_source(name, data)
    except Unreadable as exc:
        raise Refused(str(exc)) from exc


def _write_if_changed(path: Path, text: str, exists: bool) -> bool:
    if exists and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


# Below this many files a run is over before worker processes would have started.
PARALLEL_MIN_FILES = 64


def default_workers() -> int:
    """Processes the command line normalizes with: one per usable core, up to four."""
    return min(usable_cores(), 4)


@dataclass(frozen=True)
class _Job:
    """One decoded source, ready for ``normalize_text``."""

    name: str
    marks: Extracted
    sha256: str
    sidecar: Sidecar
    sidecar_hash: str | None
    prior: LockedReport | None


@dataclass(frozen=True)
class _Done:
    """What the run keeps of one normalized source, as a worker sends it back."""

    slug: str
    page: str
    removals: list[Removal]
    lock: LockedReport


def _normalize_job(job: _Job, rules: tuple[CleaningRule, ...], taken: frozenset[str]) -> _Done | Refused:
    try:
        done = normalize_text(
            job.name, job.marks.text, job.sha256, job.sidecar, job.sidecar_hash, rules, job.prior, taken - ({job.prior.slug} if job.prior else set()), job.marks
        )
    except Refused as exc:
        return exc
    return _Done(done.report.meta.slug, render_report(done.report), done.removals, done.lock)


# What a forked worker normalizes: set before the fork, so the jobs reach the workers with the
# process's memory instead of being pickled to them one by one.
_forked_work: tuple[list[_Job], tuple[CleaningRule, ...], frozenset[str]] | None = None


def _set_forked_work(jobs: list[_Job], rules: tuple[CleaningRule, ...], taken: frozenset[str]) -> None:
    global _forked_work
    _forked_work = (jobs, rules, taken)
    # A worker lives for one run and what it builds is freed by reference counting as each
    # result is sent: the cycle collector only rescans the inherited heap, about 7% of the work.
    gc.disable()


def _normalize_forked(index: int) -> _Done | Refused:
    assert _forked_work is not None, "a worker runs only after _set_forked_work"
    jobs, rules, taken = _forked_work
    return _normalize_job(jobs[index], rules, taken)


def _run_jobs(jobs: list[_Job], rules: tuple[CleaningRule, ...], taken: frozenset[str], workers: int) -> Iterator[_Done | Refused]:
    """Each job's outcome, in job order, as soon as it is ready.

    Each file is normalized on its own, so the files can be shared out among processes. Fork
    (not spawn) gives every worker the loaded modules and the jobs at no cost; the caller writes
    pages while later files are still being normalized.
    """
    if workers <= 1 or len(jobs) < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(partial(_normalize_job, rules=rules, taken=taken), jobs)
        return
    # Pool's initargs are not pickled under fork: the workers inherit them.
    with multiprocessing.get_context("fork").Pool(workers, initializer=_set_forked_work, initargs=(jobs, rules, taken)) as pool:
        yield from pool.imap(_normalize_forked, range(len(jobs)), chunksize=max(1, len(jobs) // (workers * 16)))


def _claimed_slugs(jobs: list[_Job]) -> dict[str, str]:
    """Slug -> source for the files that keep the slug the lock gave them."""
    return {job.prior.slug: job.name for job in jobs if job.prior and not job.sidecar.slug}


def _sidecar_slug_taken(job: _Job, owner: str | None) -> Refused | None:
    # A page address belongs to one report: a second report written there would replace the
    # first one's page without a word, and every link to it would show the wrong report.
    if owner is None or owner == job.name:
        return None
    return Refused(f"附注文件中设的 slug“{job.sidecar.slug}”已是 {owner} 的报告页地址；请换一个 slug")


def _settle_slug(
    job: _Job, done: _Done | Refused, made: dict[str, str], claimed: dict[str, str], rules: tuple[CleaningRule, ...], locked_slugs: frozenset[str]
) -> _Done | Refused:
    """The job's outcome once its slug is checked against the files before it in this run."""
    if isinstance(done, Refused):
        return done
    if job.sidecar.slug:
        return _sidecar_slug_taken(job, made.get(done.slug) or claimed.get(done.slug)) or done
    if done.slug not in made:
        return done
    if job.prior:
        # Two entries of the lock with one slug: a removed report's, reused by a sidecar, and
        # the removed report's file put back.
        return Refused(f"它的报告页地址“{done.slug}”已是 {made[done.slug]} 的报告页；请在其中一份的附注文件里另设 slug")
    # A job only knew the locked slugs; if its new slug went to an earlier file in this run,
    # work it out again knowing those too (rare: two files with the same stem).
    return _normalize_job(job, rules, locked_slugs | set(made))


def normalize_tree(
    sources: Path, docs: Path, lock: Path | None = None, rules: tuple[CleaningRule, ...] | None = None, workers: int = 1
) -> NormalizeResult:
    """Normalize every source into docs/reports/, remove orphaned pages, update the id lock.

    ``workers`` > 1 normalizes the files in that many processes (forked: call it only where no
    other threads run, as from the command line); the result is the same as with one.
    """
    lock = lock or default_lock_path(sources)
    rules = rules if rules is not None else load_rules()
    locked = load_lock(lock)
    result = NormalizeResult()
    seen = SeenTexts()
    new_lock = dict(locked)
    locked_slugs = frozenset(r.slug for r in locked.values())
    # One listing of the folder answers every "is there a sidecar / is it still there" question.
    listed = {p.name for p in sources.iterdir()}
    present = source_files(sources)
    present_names = {p.name for p in present}
    # Reading, decoding and the duplicate check run in file order: the first of two copies is kept.
    prepared: list[_Job | Refusal] = []
    for path in present:
        try:
            data = path.read_bytes()
            marks = _read(path.name, data)
            original = seen.original_of(path.name, marks.text)
            if original is not None:
                raise Refused(f"与 {original} 内容相同（重复的文件）；保留一份即可，删除其中一个")
            sha256 = sha256_of(data)
            prior = locked.get(path.name) or _renamed(locked, sha256, present_names)
            sidecar_file = sidecar_path(path, listed)
            sidecar_data = sidecar_file.read_bytes() if sidecar_file else None
            try:
                sidecar = read_sidecar(sidecar_file, sidecar_data)
                sidecar_hash = sha256_of(sidecar_data) if sidecar_data is not None else None
            except SidecarError as exc:
                # A typo must not take a published report off the site. Recorded without the
                # sidecar's hash, the page stays stale, so every build says it again.
                result.sidecar_problems.append(SidecarProblem(sidecar_file.name, path.name, str(exc)))
                sidecar, sidecar_hash = Sidecar(), None
        except Refused as exc:
            prepared.append(Refusal(path.name, str(exc)))
            continue
        prepared.append(_Job(path.name, marks, sha256, sidecar, sidecar_hash, prior))
    jobs = [p for p in prepared if isinstance(p, _Job)]
    claimed = _claimed_slugs(jobs)
    orphans = _Orphans(locked, present_names, [job.prior for job in jobs if job.prior])
    reports_dir = docs / REPORTS_DIR
    reports_dir.mkdir(parents=True, exist_ok=True)
    existing = {p.name for p in reports_dir.iterdir()}
    made: dict[str, str] = {}  # slug -> the file given it in this run
    with closing(_run_jobs(jobs, rules, locked_slugs, workers)) as outcomes:
        for item in prepared:
            if isinstance(item, Refusal):
                result.refusals.append(item)
                continue
            outcome = next(outcomes)
            if isinstance(outcome, _Done) and item.prior is None:
                earlier = orphans.claim(outcome.lock)
                if earlier is not None:  # renamed and edited: normalize again as that source
                    item = replace(item, prior=earlier)
                    outcome = _normalize_job(item, rules, locked_slugs)
            done = _settle_slug(item, outcome, made, claimed, rules, locked_slugs)
            if isinstance(done, Refused):
                result.refusals.append(Refusal(item.name, str(done)))
                continue
            made[done.slug] = item.name
            new_lock[item.name] = done.lock
            result.removals[item.name] = done.removals
            filename = f"{done.slug}.md"
            (result.written if _write_if_changed(reports_dir / filename, done.page, filename in existing) else result.unchanged).append(filename)
    result.written.sort()
    result.unchanged.sort()
    _refuse_orphan_sidecars(sources, present, result)
    result.refusals += [Refusal(f"{folder.name}/", FOLDER_REASON) for folder in folders(sources)]
    for name, entry in new_lock.items():
        if name not in listed:
            entry.removed = True
    _remove_orphan_pages(reports_dir, {f"{slug}.md" for slug in made}, result)
    save_lock(lock, new_lock)
    return result


class _Orphans:
    """Lock entries whose source file is gone and was not found renamed by its bytes.

    A new file holding mostly the same passages is that source renamed and edited at once: it
    keeps the old address and ids, so links to it keep working.
    """

    def __init__(self, locked: dict[str, LockedReport], present_names: set[str], priors: list[LockedReport]) -> None:
        taken = {id(entry) for entry in priors}
        self.locked = locked
        self.keys = {
            name: {p.exact for p in entry.passages}
            for name, entry in locked.items()
            if name not in present_names and id(entry) not in taken and entry.passages
        }
        self.by_key: dict[str, set[str]] = {}
        for name, keys in self.keys.items():
            for key in keys:
                self.by_key.setdefault(key, set()).add(name)

    def claim(self, lock: LockedReport) -> LockedReport | None:
        """The gone source that a new file's passages mostly repeat, if any; each is claimed once."""
        if not self.keys:  # nothing gone: every file of a first run asks
            return None
        keys = {p.exact for p in lock.passages}
        shared = Counter(name for key in keys for name in self.by_key.get(key, ()))
        if not shared:
            return None
        # Most passages in common, then the name, so the choice never depends on set order.
        name, count = min(shared.items(), key=lambda item: (-item[1], item[0]))
        if 2 * count < max(len(keys), len(self.keys[name])):
            return None
        for key in self.keys.pop(name):
            self.by_key[key].discard(name)
        return self.locked[name]


def _renamed(locked: dict[str, LockedReport], sha256: str, present_names: set[str]) -> LockedReport | None:
    # A renamed file keeps its slug and ids: same bytes, old name gone. The caller builds
    # the name set once: rebuilding it per file made a run quadratic in the corpus size.
    for name, entry in sorted(locked.items()):
        if entry.sha256 == sha256 and name not in present_names:
            return entry
    return None


def _refuse_orphan_sidecars(sources: Path, present: list[Path], result: NormalizeResult) -> None:
    stems = {p.stem for p in present}
    for path in sorted(sources.iterdir()):
        if path.is_file() and is_sidecar(path) and path.stem not in stems:
            result.refusals.append(Refusal(path.name, "附注文件没有同名的报告文件；请把它改成与报告文件同名（只是扩展名不同），或删除它"))


def _remove_orphan_pages(reports_dir: Path, kept: set[str], result: NormalizeResult) -> None:
    for path in sorted(reports_dir.glob("*.md")):
        if path.name not in kept and _is_report_page(path):
            path.unlink()
            result.removed.append(path.name)


def _is_report_page(path: Path) -> bool:
    try:
        data, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    except (ReportFormatError, UnicodeDecodeError):
        return False
    return "source_sha256" in data


def find_stale(sources: Path, docs: Path) -> list[str]:
    """Why docs/reports/ does not match sources/: one line per stale source or page."""
    pages: dict[str, tuple[str, str]] = {}
    reports_dir = docs / REPORTS_DIR
    if reports_dir.exists():
        for path in sorted(reports_dir.glob("*.md")):
            try:
                data, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
            except ReportFormatError:
                continue
            if "source" in data:
                pages[str(data["source"])] = (path.name, f"{data.get('source_sha256')}+{data.get('sidecar_sha256')}")
    stale = []
    for path in source_files(sources) if sources.exists() else []:
        page = pages.pop(path.name, None)
        if page is None:
            stale.append(f"{path.name}：{REPORTS_DIR}/ 中没有它的报告页（新文件，或上次被拒绝）")
        elif page[1] != f"{sha256_of(path.read_bytes())}+{sidecar_sha256(path)}":
            stale.append(f"{path.name}：它或它的附注文件在生成 {REPORTS_DIR}/{page[0]} 之后有改动")
    stale += [f"{REPORTS_DIR}/{page}：源文件 {name} 已删除" for name, (page, _) in sorted(pages.items())]
    stale += [f"{folder.name}/：{FOLDER_REASON}" for folder in folders(sources)] if sources.exists() else []
    return stale
