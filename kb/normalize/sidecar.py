"""Sidecars: the facts a maintainer states about a source in sources/<name>.yml, validated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.normalize.decode import line_of
from kb.schema import MetadataError, key_lines, load_mapping, sidecar_values
from kb.sources import SIDECAR_SUFFIXES, sha256_of


@dataclass(frozen=True)
class Sidecar:
    """What a maintainer states about a source: the ``ReportMeta`` fields a sidecar may set (see ``kb.schema``)."""

    title: str | None = None
    slug: str | None = None
    year: int | None = None
    doc_type: str | None = None  # written ``type`` in the sidecar
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


class SidecarError(MetadataError):
    """A sidecar a maintainer mistyped: the file, its line, the key, what is wrong and what to do."""


# What to do about any mistake in a sidecar; the problem itself says which one.
FIX_HINT = "请改正后重新构建；每行写一个“键: 值”，如“year: 2023”"


def read_sidecar(path: Path | None, data: bytes | None = None) -> Sidecar:
    """Validate and read a sidecar (its bytes, when the caller has them); raises SidecarError."""
    if path is None:
        return Sidecar()
    raw = data if data is not None else path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SidecarError(path.name, None, "不是 UTF-8 编码的文本", "请用 UTF-8 编码另存这个文件", line_of(raw, exc.start)) from exc
    values = load_mapping(text, path.name, FIX_HINT, error=SidecarError)
    return Sidecar(**sidecar_values(values, path.name, key_lines(text), FIX_HINT, SidecarError))


@dataclass(frozen=True)
class SidecarProblem:
    """A mistyped sidecar: its report is still built, without the sidecar's values."""

    error: SidecarError
    source: str

    def __str__(self) -> str:
        return f"{self.error}（在改正之前，{self.source} 的报告页照常生成，但不用这个附注文件中的任何设置）"
