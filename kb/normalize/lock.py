"""The id lock file: which slug and which passage ids each source has been given."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.normalize.ids import LockedId
from kb.schema import FIELD_BY_NAME, MetadataError, Wrong

LOCK_FORMAT = 1


class LockFileError(MetadataError):
    """The lock file cannot be read: the file, the line or entry at fault, what to do."""


@dataclass
class LockedReport:
    """What the lock remembers of one source file."""

    slug: str
    sha256: str = ""
    removed: bool = False
    headings: list[LockedId] = field(default_factory=list)
    passages: list[LockedId] = field(default_factory=list)
    retired: list[LockedId] = field(default_factory=list)


def _entry(raw: list) -> LockedId:
    id_, exact, sketch = raw
    return LockedId(id_, exact, sketch)


def _raw(entry: LockedId) -> list:
    return [entry.id, entry.exact, entry.sketch]


# Lines git writes around the two sides of a conflicting merge.
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def load_lock(path: Path | None) -> dict[str, LockedReport]:
    """Locked reports by source file name; empty when there is no lock yet."""
    if path is None or not path.exists():
        return {}
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        reports = {}
        for name, raw in data["reports"].items():
            reports[name] = LockedReport(
                slug=_slug(path, name, raw["slug"]),
                sha256=raw.get("sha256", ""),
                removed=raw.get("removed", False),
                headings=[_entry(e) for e in raw.get("headings", [])],
                passages=[_entry(e) for e in raw.get("passages", [])],
                retired=[_entry(e) for e in raw.get("retired", [])],
            )
        return reports
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, LockFileError):
            raise
        problem, line = _why_unreadable(exc, text)
        raise LockFileError(str(path), None, f"段落编号锁定文件无法读取：{problem}", _restore_hint(path, text), line) from exc


def _slug(path: Path, name: str, value: object) -> str:
    """A locked slug, checked as front matter's: it names a page, or a removed report's tombstone."""
    slug = FIELD_BY_NAME["slug"].check(value)
    if isinstance(slug, Wrong):
        raise LockFileError(str(path), f"“{name}”的 {FIELD_BY_NAME['slug'].said()}", f"段落编号锁定文件中的地址{slug.problem}", _restore_hint(path, ""))
    return str(slug)


def removed_slugs(path: Path | None) -> list[str]:
    """Slugs of the reports removed from sources/: each keeps a tombstone page at its address."""
    return sorted({report.slug for report in load_lock(path).values() if report.removed})


def _why_unreadable(exc: Exception, text: str) -> tuple[str, int]:
    """What is wrong with the lock file, and its line when known."""
    if _CONFLICT_MARKER.search(text):
        return "文件里留有 git 合并冲突标记（<<<<<<< ======= >>>>>>>）", 0
    if isinstance(exc, OSError):
        return f"打不开（{exc.strerror or exc}）", 0
    if isinstance(exc, json.JSONDecodeError):
        return f"第 {exc.colno} 列起不是有效的 JSON（{exc.msg}）", exc.lineno
    return f"内容不是锁定文件的格式（{exc!r}）", 0


def _restore_hint(path: Path, text: str) -> str:
    if _CONFLICT_MARKER.search(text):
        return "请保留两边的条目、删去这些标记后再运行"
    # Deleting it would not fail, but passages edited since would get new ids and old links break.
    return f"请用 git 恢复它（git checkout -- {path}）后再运行，不要直接删除：删除后改过的段落会得到新编号，旧链接可能失效"


def dump_lock(reports: dict[str, LockedReport]) -> str:
    """Lock file text: one id per line so reviews show exactly which links changed."""
    lines = ["{", f'  "format": {LOCK_FORMAT},', '  "reports": {']
    names = sorted(reports)
    for n, name in enumerate(names):
        rep = reports[name]
        lines.append(f"    {json.dumps(name, ensure_ascii=False)}: {{")
        lines.append(f'      "slug": {json.dumps(rep.slug)},')
        lines.append(f'      "sha256": {json.dumps(rep.sha256)},')
        lines.append(f'      "removed": {json.dumps(rep.removed)},')
        for key in ("headings", "passages", "retired"):
            entries = getattr(rep, key)
            rows = [json.dumps(_raw(e)) for e in entries]
            end = "," if key != "retired" else ""
            body = ("\n        " + ",\n        ".join(rows) + "\n      ") if rows else ""
            lines.append(f'      "{key}": [{body}]{end}')
        lines.append("    }" + ("," if n < len(names) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def save_lock(path: Path, reports: dict[str, LockedReport]) -> None:
    """Write the lock only when it changed, so builds do not touch committed files needlessly."""
    text = dump_lock(reports)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
