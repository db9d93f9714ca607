"""Shared helpers for normalizer tests: run the real pipeline on small texts."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.model import Block, BlockType
from kb.normalize.clean import load_rules
from kb.normalize.report import normalize_text
from kb.normalize.sidecar import Sidecar

GOLDEN = Path(__file__).parent / "golden"
SEEDS = Path(__file__).resolve().parents[1] / "sources"


def golden(name: str) -> list[dict]:
    """Cases from a golden file."""
    return yaml.safe_load((GOLDEN / name).read_text(encoding="utf-8"))


def case_ids(cases: list[dict]) -> list[str]:
    """Readable pytest ids: each case's label."""
    return [c["label"] for c in cases]


def normalize(text: str, name: str = "t.txt", sidecar: Sidecar = Sidecar(), locked=None, marks=None):
    """Run the whole per-file normalizer on text (and what a reader marked in it)."""
    return normalize_text(name, text, "0" * 64, sidecar, None, load_rules(), locked, set(), marks)


def describe(block: Block) -> str:
    """A block as the golden files write it."""
    if block.type is BlockType.HEADING:
        return f"heading|{block.level}|{block.number}|{block.text}"
    if block.type is BlockType.PASSAGE:
        return f"passage|{block.kind.value}|{block.text}"
    return f"{block.type.value}|{block.text}"
