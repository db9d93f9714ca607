"""The cleaning log, build/cleaning-log.tsv: every removal a cleaning rule made, one row each."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Protocol, Sequence



class LoggedRemoval(Protocol):
    """What a row needs from ``kb.normalize.clean.Removal``."""

    line: int
    rule: str
    text: str


def write_cleaning_log(path: Path, removals: Mapping[str, Sequence[LoggedRemoval]]) -> int:
    """Write every removal as a TSV row (file, line, rule, removed text); return the row count."""
    rows = ["file\tline\trule\tremoved"]
    for name in sorted(removals):
        rows += [f"{name}\t{r.line}\t{r.rule}\t{r.text}" for r in removals[name]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1
