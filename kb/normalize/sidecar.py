"""Sidecars: the facts a maintainer states about a source in sources/<name>.yml, validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.normalize.decode import line_of
from kb.sources import SIDECAR_SUFFIXES, sha256_of


SIDECAR_KEYS = {"title", "slug", "year", "type", "place"}


SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class Sidecar:
    """Facts a maintainer states about a source in ``sources/<name>.yml``."""

    title: str | None = None
    slug: str | None = None
    year: int | None = None
    type: str | None = None
    place: str | None = None


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
        raise SidecarError(f"不是 UTF-8 编码的文本（第 {line_of(data or b'', exc.start)} 行）；请用 UTF-8 另存") from exc
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


@dataclass(frozen=True)
class SidecarProblem:
    """A mistyped sidecar: its report is still built, without the sidecar's values."""

    sidecar: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sidecar}：{self.reason}。{self.source} 的报告页照常生成，但暂不使用这个附注文件中的设置；请改正后重新构建"
