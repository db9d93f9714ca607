"""The normalizer's tree runner: sources/ in, docs/reports/*.md out, refusals and removals reported.

Each source becomes a report in ``report.py`` (the steps: read, clean, segment, classify,
ids, front matter); this module reads the folder, settles addresses between files, writes
the pages and the id lock, and finds what is stale. Sidecars are ``sidecar.py``, renamed
sources ``renames.py``, the worker processes ``jobs.py``.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.normalize.clean import CleaningRule, Removal, load_rules
from kb.normalize.jobs import Done, Job, normalize_job, run_jobs
from kb.normalize.lock import load_lock, save_lock
from kb.normalize.read import read_source
from kb.normalize.readers import Extracted, Unreadable
from kb.normalize.renames import Orphans, renamed_from
from kb.normalize.report import Refused
from kb.normalize.sidecar import Sidecar, SidecarError, SidecarProblem, read_sidecar, sidecar_path, sidecar_sha256
from kb.paths import REPORTS, ProjectPaths, reports_dir as reports_dir_of
from kb.reportfile import ReportFormatError, read_front_matter, split_front_matter
from kb.sources import FOLDER_REASON, folders, is_sidecar, sha256_of, source_files
from kb.text import content_chars


@dataclass(frozen=True)
class Refusal:
    """A refused source file and why, as the maintainer will read it."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}：已拒绝：{self.reason}"


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
    return ProjectPaths.of_sources(sources).id_lock


class SeenTexts:
    """The texts decoded so far, to name the earlier source a text merely repeats.

    Two texts are the same when their content characters are (punctuation and spacing aside).
    """

    def __init__(self) -> None:
        self._by_content: dict[str, str] = {}

    def original_of(self, name: str, text: str) -> str | None:
        """The earlier source with the same content; None, remembering this one, if there is none."""
        key = content_chars(text)
        original = self._by_content.get(key)
        if original is None:
            self._by_content[key] = name
        return original


def read_or_refuse(name: str, data: bytes) -> Extracted:
    """What a reader takes out of one source file; raises Refused with the reason in Chinese."""
    if not data.strip():
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


def _claimed_slugs(jobs: list[Job]) -> dict[str, str]:
    """Slug -> source for the files that keep the slug the lock gave them."""
    return {job.prior.slug: job.name for job in jobs if job.prior and not job.sidecar.slug}


def _sidecar_slug_taken(job: Job, owner: str | None) -> Refused | None:
    # A page address belongs to one report: a second report written there would replace the
    # first one's page without a word, and every link to it would show the wrong report.
    if owner is None or owner == job.name:
        return None
    return Refused(f"附注文件中设的 slug“{job.sidecar.slug}”已是 {owner} 的报告页地址；请换一个 slug")


def _settle_slug(
    job: Job, done: Done | Refused, made: dict[str, str], claimed: dict[str, str], rules: tuple[CleaningRule, ...], locked_slugs: frozenset[str]
) -> Done | Refused:
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
    return normalize_job(job, rules, locked_slugs | set(made))


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
    prepared: list[Job | Refusal] = []
    for path in present:
        try:
            data = path.read_bytes()
            marks = read_or_refuse(path.name, data)
            original = seen.original_of(path.name, marks.text)
            if original is not None:
                raise Refused(f"与 {original} 内容相同（重复的文件）；保留一份即可，删除其中一个")
            sha256 = sha256_of(data)
            prior = locked.get(path.name) or renamed_from(locked, sha256, present_names)
            sidecar_file = sidecar_path(path, listed)
            sidecar_data = sidecar_file.read_bytes() if sidecar_file else None
            try:
                sidecar = read_sidecar(sidecar_file, sidecar_data)
                sidecar_hash = sha256_of(sidecar_data) if sidecar_data is not None else None
            except SidecarError as exc:
                # A typo must not take a published report off the site. Recorded without the
                # sidecar's hash, the page stays stale, so every build says it again.
                result.sidecar_problems.append(SidecarProblem(exc, path.name))
                sidecar, sidecar_hash = Sidecar(), None
        except Refused as exc:
            prepared.append(Refusal(path.name, str(exc)))
            continue
        prepared.append(Job(path.name, marks, sha256, sidecar, sidecar_hash, prior))
    jobs = [p for p in prepared if isinstance(p, Job)]
    claimed = _claimed_slugs(jobs)
    orphans = Orphans(locked, present_names, [job.prior for job in jobs if job.prior])
    reports_dir = reports_dir_of(docs)
    reports_dir.mkdir(parents=True, exist_ok=True)
    existing = {p.name for p in reports_dir.iterdir()}
    made: dict[str, str] = {}  # slug -> the file given it in this run
    with closing(run_jobs(jobs, rules, locked_slugs, workers)) as outcomes:
        for item in prepared:
            if isinstance(item, Refusal):
                result.refusals.append(item)
                continue
            outcome = next(outcomes)
            if isinstance(outcome, Done) and item.prior is None:
                earlier = orphans.claim(outcome.lock)
                if earlier is not None:  # renamed and edited: normalize again as that source
                    item = replace(item, prior=earlier)
                    outcome = normalize_job(item, rules, locked_slugs)
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
    reports_dir = reports_dir_of(docs)
    if reports_dir.exists():
        for path in sorted(reports_dir.glob("*.md")):
            try:
                meta = read_front_matter(path.read_text(encoding="utf-8"), str(path))
            except ReportFormatError:
                continue  # regenerated: its source then has no page
            pages[meta.source] = (path.name, f"{meta.source_sha256}+{meta.sidecar_sha256}")
    stale = []
    for path in source_files(sources) if sources.exists() else []:
        page = pages.pop(path.name, None)
        if page is None:
            stale.append(f"{path.name}：{REPORTS}/ 中没有它的报告页（新文件，或上次被拒绝）")
        elif page[1] != f"{sha256_of(path.read_bytes())}+{sidecar_sha256(path)}":
            stale.append(f"{path.name}：它或它的附注文件在生成 {REPORTS}/{page[0]} 之后有改动")
    stale += [f"{REPORTS}/{page}：源文件 {name} 已删除" for name, (page, _) in sorted(pages.items())]
    stale += [f"{folder.name}/：{FOLDER_REASON}" for folder in folders(sources)] if sources.exists() else []
    return stale
