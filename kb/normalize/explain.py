"""Why one source came out as it did: each normalizer step and what it changed, in Chinese.

Runs the same steps as a normal run (``normalize_text`` with a trace) on one file, without
writing anything, so a maintainer can see which rule removed a line, which lines were re-joined,
which were taken for headings and of what level, and what kind each passage got.
"""

from __future__ import annotations

from pathlib import Path

from kb.normalize.clean import load_rules
from kb.normalize.pipeline import read_or_refuse
from kb.normalize.report import Refused, normalize_text
from kb.normalize.sidecar import Sidecar, SidecarError, read_sidecar, sidecar_path, sidecar_sha256
from kb.sources import sha256_of


def explain_source(source: Path) -> list[str]:
    """Lines describing each step's changes to ``source``; a refusal ends them with its reason."""
    data = source.read_bytes()
    out = [f"{source.name}："]
    try:
        sidecar, sidecar_hash = read_sidecar(sidecar_path(source)), sidecar_sha256(source)
    except SidecarError as exc:
        out.append(f"附注文件有错，按没有附注文件处理：{exc}")
        sidecar, sidecar_hash = Sidecar(), None
    trace: list[tuple[str, list[str]]] = []
    try:
        marks = read_or_refuse(source.name, data)
        trace.append(("读取", [f"按 {marks.format} 读取，{len(marks.text.splitlines())} 行，格式标出的标题 {len(marks.headings)} 个、表格 {len(marks.tables)} 个"]))
        normalize_text(source.name, marks.text, sha256_of(data), sidecar, sidecar_hash, load_rules(), None, set(), marks, trace)
    except Refused as exc:
        trace.append(("拒绝", [str(exc)]))
    for name, changes in trace:
        out.append(f"【{name}】")
        out.extend(f"  {change}" for change in changes)
    return out
