"""Front matter facts read from a report: title, document type, year, slug."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kb.paths import SHIPPED

DOCTYPES_FILE = SHIPPED.doc_types
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# A report's own date: 2026年1月27日, also in Chinese numerals (二〇二三年十二月二十日).
_CN_DIGIT = "〇○零一二三四五六七八九"
DATE_IN_LINE_RE = re.compile(rf"((?:19|20)\d{{2}}|[{_CN_DIGIT}]{{4}})\s*年\s*[\d一二三四五六七八九十]{{1,3}}\s*月(?:\s*[\d一二三四五六七八九十]{{1,3}}\s*日)?")
# A year a plan aims at, not the year a report is about: 到2030年, 力争2028年, 2026—2030年, 2035年远景目标.
TARGET_YEAR_RE = re.compile(
    r"(?:到|至|力争|争取|预计|计划|展望|面向|迈向|—|－|-|~|～)\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:前|底前|远景|愿景|目标|左右)"
)
OPENING_LINES = 6
# What a title of any kind ends with, listed or not: …的报告, …情况, …材料.
GENERIC_KIND_RE = re.compile(r"(?:报告|材料|研判|总结|汇报|发言|提纲|情况|讲话|意见|方案)[)）]?$")
# How far a place name reaches back from its 省, 市, 县, 镇 …: two to eight characters that
# are not digits, punctuation or the words a title puts before a place.
_PLACE_RE = re.compile(
    r"(?:[^\W\d_年度的和与及在于对由向为是中共关届第]|××|XX|\*\*){1,8}?(?:自治区|省|自治州|市|州|盟|县|旗|区|街道|镇|乡(?![村镇])|(?<![乡农新])村)"
)
# Not places: zones and common nouns ending like one, organisations, and an opening sentence's
# verb or preposition in front of an organisation (根据县委安排 names no 根据县).
_NOT_PLACES = re.compile(
    r"(?:示范|园|景|开发|保护|功能|试验|先行|城|辖|片|山|库|社)区$|^(?:城市|都市|超市|城乡|乡镇)$|政府|人民|党|委|会"
    r"|^(?:根据|按照|依照|依据|遵照|经过|对照|结合|围绕|通过|现将|为了|受|经|据|按|我|今)"  # not 全, 本, 从: 全椒县, 本溪市, 从化区
)
# A place opens its title or line, after a year, 中共 or 关于 at most.
_PLACE_LEAD_RE = re.compile(r"(?:(?:19|20)\d{2}\s*年度?)?(?:中共|中国共产党|关于)?")


class DocTypeFileError(ValueError):
    """The document-kind file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class DocType:
    """A document type and the ASCII code used in slugs."""

    name: str
    code: str


@dataclass(frozen=True)
class DocKind:
    """A kind of document and how its title and opening name it."""

    type: DocType
    title: re.Pattern[str]
    opening: re.Pattern[str] | None


def _compile(entry: dict, key: str, path: Path) -> re.Pattern[str] | None:
    if entry.get(key) is None:
        return None
    try:
        return re.compile(str(entry[key]))
    except re.error as exc:
        raise DocTypeFileError(f"{path}：类型“{entry.get('name')}”的 {key} 正则表达式有误：{exc}") from exc


@lru_cache(maxsize=None)
def load_doc_kinds(path: Path = DOCTYPES_FILE) -> tuple[tuple[DocKind, ...], DocType]:
    """The kinds of document in trial order, and the kind given when none matches."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = []
    for index, entry in enumerate(data.get("types") or []):
        if not isinstance(entry, dict) or not entry.get("name") or not re.fullmatch(r"[a-z]+", str(entry.get("code", ""))) or not entry.get("title"):
            raise DocTypeFileError(f"{path}：第 {index + 1} 个类型须有 name、code（小写字母）和 title")
        kinds.append(DocKind(DocType(str(entry["name"]), str(entry["code"])), _compile(entry, "title", path), _compile(entry, "opening", path)))
    fallback = data.get("fallback") or {}
    if not fallback.get("name") or not fallback.get("code"):
        raise DocTypeFileError(f"{path}：须有 fallback 的 name 和 code")
    return tuple(kinds), DocType(str(fallback["name"]), str(fallback["code"]))


def names_kind(line: str) -> bool:
    """Whether a line names a kind of document, as a title does."""
    kinds, _ = load_doc_kinds()
    return any(kind.title.search(line) for kind in kinds) or GENERIC_KIND_RE.search(line) is not None


def doc_type_of(title: str | None, text: str) -> DocType:
    """The document type named by the title, else in full by the report's opening lines."""
    kinds, fallback = load_doc_kinds()
    for kind in kinds:
        if title and kind.title.search(title):
            return kind.type
    opening = "\n".join(text.split("\n", OPENING_LINES)[:OPENING_LINES])
    for kind in kinds:
        if kind.opening is not None and kind.opening.search(opening):
            return kind.type
    return fallback


def type_by_name(name: str) -> DocType:
    """The DocType for a type name given in a sidecar."""
    kinds, fallback = load_doc_kinds()
    for kind in kinds:
        if kind.type.name == name:
            return kind.type
    return DocType(name, fallback.code)


_CN_VALUES = {c: max(0, i - 2) for i, c in enumerate(_CN_DIGIT)}  # 〇 ○ 零 are all 0


def _year_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(_CN_VALUES[c]) for c in text))


def date_line_year(text: str) -> int | None:
    """The year of the report's own date: a dated line among its first or last lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines[:OPENING_LINES] + lines[-3:][::-1]:
        match = DATE_IN_LINE_RE.search(line)
        if match and len(line) <= 60:
            return _year_number(match.group(1))
    return None


def year_of(title: str | None, text: str) -> int | None:
    """The year a report is about: its title's, else its date line's, else the latest it names.

    Years a plan aims at (到2030年, 2035年远景目标) are not the report's, and no year after its
    date line is.
    """
    match = YEAR_RE.search(title or "")
    if match:
        return int(match.group(1))
    dated = date_line_year(text)
    if dated is not None:
        return dated
    targets = {int(y) for pair in TARGET_YEAR_RE.findall(text) for y in pair if y}
    years = [int(y) for y in YEAR_RE.findall(text)]
    named = [y for y in years if y not in targets] or years
    return max(named) if named else None


def place_of(lines: list[str]) -> str | None:
    """The place a report is from, as its title or first lines name it: 绿水镇, ××县××镇, 四川省."""
    for line in lines:
        lead = _PLACE_LEAD_RE.match(line)
        at = lead.end() if lead else 0
        found = [m for m in _PLACE_RE.finditer(line, at) if not _NOT_PLACES.search(m.group(0))]
        if not found or found[0].start() != at:
            continue
        # Places written one after another (四川省××县××镇) are one place.
        start, end = found[0].start(), found[0].end()
        for match in found[1:]:
            if match.start() != end:
                break
            end = match.end()
        return line[start:end]
    return None


def fallback_title(doc_type: DocType, stem: str) -> str:
    """A title for a report whose file has none."""
    return f"{doc_type.name}（{stem}）"


def slug_token(stem: str) -> str:
    """An ASCII, URL-safe token from a source file's stem.

    A stem with other characters (a Chinese file name) adds a short hash of itself: its ASCII
    part alone, often empty or a year, would give many files one token, and the counter that
    then tells them apart would depend on which files are present, so two maintainers adding
    reports at the same time would hand out the same address.
    """
    token = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:12].strip("-")
    if stem.isascii():
        return token or "report"
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{token}-{digest}" if token else digest


def make_slug(doc_type: DocType, year: int | None, stem: str) -> str:
    """A readable ASCII slug, e.g. ``shuzhi-2023-002-6b2443f0``."""
    token = slug_token(stem)
    # A file named for its year (2024年自查报告) would say the year twice: zicha-2024-2024-….
    parts = token.split("-")
    if year is not None and str(year) in parts and len(parts) > 1:
        parts.remove(str(year))
        token = "-".join(parts)
    return f"{doc_type.code}-{year or 'nd'}-{token}"
