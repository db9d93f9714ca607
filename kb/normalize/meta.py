"""Front matter facts read from a report: title, document type, year, slug."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# (type, slug code, pattern); searched in the title first, then in the opening text.
DOC_TYPES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("民主生活会对照检查材料", "duizhao", re.compile(r"对照检查|民主生活会.{0,6}(?:材料|发言)")),
    ("届中分析研判", "jiezhong", re.compile(r"届中")),
    ("自查报告", "zicha", re.compile(r"自查")),
    ("述职报告", "shuzhi", re.compile(r"述职")),
    ("思想政治建设情况报告", "sixiang", re.compile(r"思想政治建设情况")),
)
FALLBACK_TYPE = ("工作报告", "baogao")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
OPENING_CHARS = 400


@dataclass(frozen=True)
class DocType:
    """A document type and the ASCII code used in slugs."""

    name: str
    code: str


def doc_type_of(title: str | None, text: str) -> DocType:
    """The document type named by the title, else by the opening of the text."""
    for haystack in (title or "", text[:OPENING_CHARS], text):
        for name, code, pattern in DOC_TYPES:
            if pattern.search(haystack):
                return DocType(name, code)
    return DocType(*FALLBACK_TYPE)


def type_by_name(name: str) -> DocType:
    """The DocType for a type name given in a sidecar."""
    for known, code, _ in DOC_TYPES:
        if known == name:
            return DocType(known, code)
    return DocType(name, FALLBACK_TYPE[1])


def year_of(title: str | None, text: str) -> int | None:
    """The year a report is about: stated in its title, else the latest year its text names."""
    match = YEAR_RE.search(title or "")
    if match:
        return int(match.group(1))
    years = [int(y) for y in YEAR_RE.findall(text)]
    return max(years) if years else None


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
    return f"{doc_type.code}-{year or 'nd'}-{slug_token(stem)}"
