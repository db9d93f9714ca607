"""Step 3: remove web and document-site junk by data-driven rules, logging every removal."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from kb.normalize.readers import Extracted, Table
from kb.paths import SHIPPED

RULES_FILE = SHIPPED.cleaning_rules
_RULE_KEYS = {"name", "description", "scope", "pattern", "where"}
SCOPES = ("inline", "line", "rest")
# head: before the report's first body paragraph; tail: after its last; edges: either.
WHERE = ("anywhere", "head", "tail", "edges")
# A body paragraph: a line this long that holds a sentence end. What comes before the first
# one is a page's title block (bylines, tool bars); what comes after the last, its trailer.
BODY_MIN_CHARS = 30
_SENTENCE_END_RE = re.compile("[。！？!?]")


class RuleFileError(ValueError):
    """The cleaning rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class CleaningRule:
    """One pattern of junk and how much of a line it takes with it."""

    name: str
    description: str
    scope: str  # "inline", "line" or "rest" (this line and every line after it)
    pattern: re.Pattern[str]
    where: str = "anywhere"


@dataclass(frozen=True)
class Removal:
    """A piece of text a rule removed: where it was and what it was."""

    line: int  # 1-based line number in the decoded source
    rule: str
    text: str


def _rule_from_entry(entry: object, path: Path, index: int) -> CleaningRule:
    if not isinstance(entry, dict) or set(entry) - _RULE_KEYS or not {"name", "scope", "pattern"} <= set(entry):
        raise RuleFileError(f"{path}：第 {index + 1} 条规则须有 name、scope、pattern（可选 description、where），不能有其他键")
    if entry["scope"] not in SCOPES:
        raise RuleFileError(f"{path}：规则“{entry['name']}”的 scope 只能是 {' / '.join(SCOPES)}")
    where = entry.get("where", "anywhere")
    if where not in WHERE:
        raise RuleFileError(f"{path}：规则“{entry['name']}”的 where 只能是 {' / '.join(WHERE)}")
    if entry["scope"] == "rest" and where != "tail":
        raise RuleFileError(f"{path}：规则“{entry['name']}”删除其后所有行，只能用于 where: tail")
    try:
        pattern = re.compile(entry["pattern"])
    except re.error as exc:
        raise RuleFileError(f"{path}：规则“{entry['name']}”的正则表达式有误：{exc}") from exc
    return CleaningRule(entry["name"], entry.get("description", ""), entry["scope"], pattern, where)


def load_rules(path: Path = RULES_FILE) -> tuple[CleaningRule, ...]:
    """Read the cleaning rules from their YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RuleFileError(f"{path}：顶层须是 rules 列表")
    return tuple(_rule_from_entry(e, path, i) for i, e in enumerate(entries))


def _applies(rule: CleaningRule, region: str) -> bool:
    return rule.where == "anywhere" or rule.where == region or (rule.where == "edges" and region in ("head", "tail"))


def clean_line(line: str, number: int, rules: tuple[CleaningRule, ...], region: str = "body") -> tuple[str | None, list[Removal]]:
    """The line with junk cut out (None when the whole line was junk), and what was removed.

    ``region`` is where the line stands: "head", "body" or "tail" (see ``body_bounds``).
    """
    removals: list[Removal] = []
    for rule in rules:
        if not _applies(rule, region) or rule.scope == "rest":
            continue
        if rule.scope == "line":
            stripped = line.strip()
            if stripped and rule.pattern.fullmatch(stripped):
                return None, removals + [Removal(number, rule.name, stripped)]
            continue
        found = [m.group(0) for m in rule.pattern.finditer(line)]
        if found:
            removals.extend(Removal(number, rule.name, f) for f in found)
            line = rule.pattern.sub("", line)
            if not line.strip():
                return None, removals
    return line, removals


def is_body_paragraph(line: str) -> bool:
    """Whether a line reads as a paragraph of the report rather than a page's furniture."""
    return len(line.strip()) >= BODY_MIN_CHARS and _SENTENCE_END_RE.search(line) is not None


def body_bounds(lines: list[str]) -> tuple[int, int]:
    """Indexes of the first and last body paragraph (0, -1 when there is none)."""
    body = [i for i, line in enumerate(lines) if is_body_paragraph(line)]
    return (body[0], body[-1]) if body else (0, -1)


def _region(index: int, bounds: tuple[int, int]) -> str:
    first, last = bounds
    if last < 0:
        return "body"  # no paragraph to tell a page's furniture from its text: positional rules stay off
    return "head" if index < first else "tail" if index > last else "body"


def _trailer_start(lines: list[str], bounds: tuple[int, int], rules: tuple[CleaningRule, ...]) -> tuple[int, str]:
    """Where a trailer of related links begins in the tail, and the rule that found it."""
    for index in range(bounds[1] + 1 if bounds[1] >= 0 else len(lines), len(lines)):
        stripped = lines[index].strip()
        for rule in rules:
            if rule.scope == "rest" and stripped and rule.pattern.fullmatch(stripped):
                return index, rule.name
    return len(lines), ""


# Digits and Latin letters typed in full width (２０２３年, ＸＸ镇, １２．５亿元), as Chinese input
# methods do: read as ASCII, or no year, placeholder or number is found and search for 2023
# misses them. Full-width punctuation (，：（）％) is how Chinese is written and stays.
_FULL_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]})
_FULL_STOP_IN_NUMBER = re.compile(r"(?<=\d)．(?=\d)")


def fold_full_width(text: str) -> str:
    """The text with full-width digits, Latin letters and decimal points in ASCII."""
    return _FULL_STOP_IN_NUMBER.sub(".", text.translate(_FULL_WIDTH))


# Two or more ideographic spaces inside a line: the indent of a paragraph whose line break was
# lost when the text was copied ("……报告如下。　　一、主要做法　　全年召开……").
_INDENT_RE = re.compile("(?<=\\S)[ \u3000]*\u3000{2,}[ \u3000]*(?=\\S)")


def split_collapsed_paragraphs(text: str) -> str:
    """Lines holding several paragraphs, each still indented, split back into their paragraphs.

    Only a line with two or more such indents is split: one gap of spaces is as often spacing
    inside a line (述职人：　　张某某).
    """
    return "\n".join(_INDENT_RE.sub("\n", line) if len(_INDENT_RE.findall(line)) >= 2 else line for line in text.split("\n"))


def ascii_widths(extracted: Extracted) -> Extracted:
    """What a reader took out, its text, title and table cells folded by ``fold_full_width``.

    Each character stays one character, so the line numbers of headings and tables hold.
    """
    return replace(
        extracted,
        text=fold_full_width(extracted.text),
        title=fold_full_width(extracted.title) if extracted.title else extracted.title,
        tables=tuple((line, Table(tuple(tuple(fold_full_width(c) for c in row) for row in t.rows))) for line, t in extracted.tables),
    )


def clean_text(text: str, rules: tuple[CleaningRule, ...]) -> tuple[list[tuple[int, str]], list[Removal]]:
    """Numbered lines that survive cleaning (stripped, blank ones kept as ''), and the log.

    Blank lines around a dropped line go with it: a page break in PDF text leaves
    "- 2 -" between blank lines in the middle of a sentence, and the sentence must be
    re-joined across it.
    """
    kept: list[tuple[int, str]] = []
    log: list[Removal] = []
    after_drop = False
    lines = text.split("\n")
    bounds = body_bounds(lines)
    trailer, trailer_rule = _trailer_start(lines, bounds, rules)
    for index, raw in enumerate(lines):
        number = index + 1
        if index >= trailer:
            if raw.strip():
                log.append(Removal(number, trailer_rule, raw.strip()))
            continue
        line, removals = clean_line(raw, number, rules, _region(index, bounds))
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
