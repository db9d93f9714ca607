"""Keep report pages in step with ``sources/`` when maintainers run plain ``mkdocs build``.

The normalizer is passed in (``normalizer`` is ``kb.normalize.pipeline`` or ``None`` when it
cannot be imported), so the rules here are tested without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Protocol, Sequence

from kb.normalize.cleanlog import LoggedRemoval, write_cleaning_log
from kb.paths import REPORTS_URI, reports_dir
from kb.reportfile import ReportFormatError, read_front_matter
from kb.sources import sha256_of, source_files

# `python3`: stock Debian has no `python`; inside the project's .venv both name its Python.
NORMALIZE_COMMAND = "python3 scripts/normalize.py"


class Refusal(Protocol):
    """A source file the normalizer would not turn into a page."""

    name: str
    reason: str


class SidecarProblem(Protocol):
    """A mistyped sidecar whose report was built without it."""

    source: str


class NormalizeResult(Protocol):
    """What ``normalize_tree`` reports."""

    refusals: list[Refusal]
    written: list[str]
    removed: list[str]
    removals: Mapping[str, Sequence[LoggedRemoval]]
    sidecar_problems: Sequence[SidecarProblem]


class Normalizer(Protocol):
    """The part of ``kb.normalize.pipeline`` this module uses."""

    def find_stale(self, sources: Path, docs: Path) -> list[str]: ...

    def normalize_tree(self, sources: Path, docs: Path, lock: Path | None = None) -> NormalizeResult: ...


class FreshnessError(Exception):
    """Report pages are stale and could not be refreshed; the message says what to run."""


@dataclass
class Refresh:
    """What one freshness check found and did."""

    stale: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    still_stale: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Refused sources and pages still stale: what a strict build must not pass."""
        return self.refusals + [f"{s}（重新生成后报告页仍然过期）" for s in self.still_stale]


def strict_stop_message(problems: list[str]) -> str:
    """The error that ends a strict build with refused or stale sources, listing each."""
    listing = "\n".join(f"  - {p}" for p in problems)
    return (
        f"严格模式（--strict）下构建失败：{len(problems)} 个源文件没有生成最新的报告页（网站已用其余文件构建）：\n"
        f"{listing}\n请按原因修改这些文件，或运行 `{NORMALIZE_COMMAND}` 查看详情。"
    )


def stale_error(stale: list[str], cause: object) -> FreshnessError:
    """The error that names stale files, why they were not refreshed, and the command to run."""
    listing = "\n".join(f"  - {s}" for s in stale)
    return FreshnessError(
        f"报告页与 sources/ 不一致，且无法自动重新生成（{cause}）：\n{listing}\n"
        f"请运行 `{NORMALIZE_COMMAND}` 后再构建。"
    )


def stale_by_front_matter(sources: Path, docs: Path) -> list[str]:
    """Stale pages judged only by front matter hashes, for when the normalizer is unavailable."""
    recorded: dict[str, str] = {}
    stale: list[str] = []
    for page in sorted(reports_dir(docs).glob("*.md")):
        try:
            meta = read_front_matter(page.read_text(encoding="utf-8"), f"{REPORTS_URI}{page.name}")
        except ReportFormatError as exc:
            stale.append(str(exc))
            continue
        recorded[meta.source] = meta.source_sha256
    present = set()
    for source in source_files(sources):
        present.add(source.name)
        if source.name not in recorded:
            stale.append(f"sources/{source.name}：尚无报告页")
        elif recorded[source.name] != sha256_of(source.read_bytes()):
            stale.append(f"sources/{source.name}：源文件已修改，报告页过期")
    stale.extend(f"sources/{name}：源文件已删除，报告页仍在" for name in sorted(set(recorded) - present))
    return stale


def refresh_reports(
    sources: Path, docs: Path, normalizer: Normalizer | None, unavailable: object = None, log: Path | None = None
) -> Refresh:
    """Re-normalize when any page is stale, writing the cleaning log to ``log``; raise ``FreshnessError`` when impossible."""
    if normalizer is None:
        stale = stale_by_front_matter(sources, docs)
        if stale:
            raise stale_error(stale, f"规范化程序不可用：{unavailable}")
        return Refresh()
    try:
        stale = list(normalizer.find_stale(sources, docs))
    except Exception as exc:  # a broken check must not pass for "up to date"
        raise stale_error(stale_by_front_matter(sources, docs) or ["（无法确定哪些文件过期）"], f"检查失败：{exc!r}") from exc
    if not stale:
        return Refresh()
    try:
        result = normalizer.normalize_tree(sources, docs)
        still = list(normalizer.find_stale(sources, docs))
    except Exception as exc:  # any normalizer failure must surface as a stale-site error
        raise stale_error(stale, f"规范化失败：{exc!r}") from exc
    if log is not None:
        write_cleaning_log(log, result.removals)
    sidecar_problems = list(result.sidecar_problems)
    refused = [r.name for r in result.refusals] + [p.source for p in sidecar_problems]
    return Refresh(
        stale=stale,
        written=list(result.written),
        removed=list(result.removed),
        refusals=[str(p) for p in sidecar_problems] + [str(r) for r in result.refusals],
        # A refused source, or one whose sidecar is mistyped, stays stale by design; that is already reported.
        still_stale=[s for s in still if not any(name in s for name in refused)],
    )
