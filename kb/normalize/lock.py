"""The id lock file: which slug and which passage ids each source has been given."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.normalize.ids import LockedId

LOCK_FORMAT = 1


class LockFileError(ValueError):
    """The lock file cannot be read; the message names it."""


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


# Ids, hashes and sketches are lowercase ASCII, digits, "-" and spaces, which JSON writes as
# they are; such rows skip json.dumps, called once per passage of every report.
_JSON_PLAIN = re.compile(r"[a-z0-9 -]*")


def _json_row(entry: LockedId) -> str:
    raw = _raw(entry)
    if all(_JSON_PLAIN.fullmatch(value) for value in raw):
        return '["' + '", "'.join(raw) + '"]'
    return json.dumps(raw)


def _json_rows(entries: list[LockedId]) -> list[str]:
    """``_json_row`` of each entry; one check of all their values when every one is plain."""
    raws = [_raw(e) for e in entries]
    if _JSON_PLAIN.fullmatch("".join(["".join(raw) for raw in raws])):
        return ['["' + '", "'.join(raw) + '"]' for raw in raws]
    return [_json_row(e) for e in entries]


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
                slug=raw["slug"],
                sha256=raw.get("sha256", ""),
                removed=raw.get("removed", False),
                headings=[_entry(e) for e in raw.get("headings", [])],
                passages=[_entry(e) for e in raw.get("passages", [])],
                retired=[_entry(e) for e in raw.get("retired", [])],
            )
        return reports
    except (OSError, ValueError, KeyError, TypeError) as exc:
        hint = ""
        if _CONFLICT_MARKER.search(text):
            hint = "; it holds merge conflict markers (<<<<<<< ======= >>>>>>>): keep both sides' entries and remove the markers"
        raise LockFileError(f"{path}: cannot read the id lock file: {exc!r}{hint}") from exc


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
            rows = _json_rows(entries)
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
