"""Step 3: remove web and document-site junk by data-driven rules, logging every removal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "cleaning.yml"
_RULE_KEYS = {"name", "description", "scope", "pattern"}


class RuleFileError(ValueError):
    """The cleaning rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class CleaningRule:
    """One pattern of junk and how much of a line it takes with it."""

    name: str
    description: str
    scope: str  # "inline" or "line"
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Removal:
    """A piece of text a rule removed: where it was and what it was."""

    line: int  # 1-based line number in the decoded source
    rule: str
    text: str


def _rule_from_entry(entry: object, path: Path, index: int) -> CleaningRule:
    if not isinstance(entry, dict) or set(entry) - _RULE_KEYS or not {"name", "scope", "pattern"} <= set(entry):
        raise RuleFileError(f"{path}: rule #{index + 1} must have name, scope, pattern (and optional description)")
    if entry["scope"] not in ("inline", "line"):
        raise RuleFileError(f"{path}: rule '{entry['name']}': scope must be 'inline' or 'line'")
    try:
        pattern = re.compile(entry["pattern"])
    except re.error as exc:
        raise RuleFileError(f"{path}: rule '{entry['name']}': bad pattern: {exc}") from exc
    return CleaningRule(entry["name"], entry.get("description", ""), entry["scope"], pattern)


def load_rules(path: Path = RULES_FILE) -> tuple[CleaningRule, ...]:
    """Read the cleaning rules from their YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RuleFileError(f"{path}: expected a top-level 'rules' list")
    return tuple(_rule_from_entry(e, path, i) for i, e in enumerate(entries))


def clean_line(line: str, number: int, rules: tuple[CleaningRule, ...]) -> tuple[str | None, list[Removal]]:
    """The line with junk cut out (None when the whole line was junk), and what was removed."""
    removals: list[Removal] = []
    for rule in rules:
        if rule.scope == "line":
            stripped = line.strip()
            if stripped and rule.pattern.fullmatch(stripped):
                return None, removals + [Removal(number, rule.name, stripped)]
            continue
        if not rule.pattern.search(line):
            continue  # the usual case, answered without building a list of matches
        found = [m.group(0) for m in rule.pattern.finditer(line)]
        if found:
            removals.extend(Removal(number, rule.name, f) for f in found)
            line = rule.pattern.sub("", line)
            if not line.strip():
                return None, removals
    return line, removals


def clean_text(text: str, rules: tuple[CleaningRule, ...]) -> tuple[list[tuple[int, str]], list[Removal]]:
    """Numbered lines that survive cleaning (stripped, blank ones kept as ''), and the log.

    Blank lines around a dropped line go with it: a page break in PDF text leaves
    "- 2 -" between blank lines in the middle of a sentence, and the sentence must be
    re-joined across it.
    """
    kept: list[tuple[int, str]] = []
    log: list[Removal] = []
    after_drop = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line, removals = clean_line(raw, number, rules)
        log.extend(removals)
        if line is None:
            while kept and not kept[-1][1] and removals:
                kept.pop()
            after_drop = bool(removals)
            continue
        line = line.strip(" \t\u3000")
        if after_drop and not line:
            continue
        after_drop = False
        kept.append((number, line))
    return kept, log
