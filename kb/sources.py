"""Which files in sources/ are reports: one rule for the normalizer and the freshness check."""

from __future__ import annotations

import hashlib
from pathlib import Path

SIDECAR_SUFFIXES = (".yml", ".yaml")


def is_sidecar(path: Path) -> bool:
    """Whether a file in sources/ is a sidecar rather than a report."""
    return path.suffix.lower() in SIDECAR_SUFFIXES


def source_files(sources: Path) -> list[Path]:
    """Report files in a sources folder, sorted; hidden files and sidecars are not reports."""
    return sorted(p for p in sources.iterdir() if p.is_file() and not p.name.startswith(".") and not is_sidecar(p))


def folders(sources: Path) -> list[Path]:
    """Folders in a sources folder, sorted: the normalizer reads no file inside them."""
    return sorted(p for p in sources.iterdir() if p.is_dir() and not p.name.startswith("."))


FOLDER_REASON = "这是文件夹，文件夹里的文件不会被读取；请把报告直接移到 sources/ 下"


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes: how a page records the source it was made from."""
    return hashlib.sha256(data).hexdigest()
