"""Normalizing in several processes writes exactly what one process writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.normalize import jobs, pipeline
from kb.normalize.decode import decode_source

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic reports and the seeds, with a duplicate, an empty file and two files sharing a stem."""
    folder = tmp_path_factory.mktemp("parallel") / "sources"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--reports", "40", "--out", str(folder)], check=True, capture_output=True)
    for path in (ROOT / "sources").iterdir():
        shutil.copy(path, folder / path.name)
    first, _ = decode_source((folder / "synth_00001.txt").read_bytes())
    (folder / "synth_00002-copy.txt").write_bytes((folder / "synth_00002.txt").read_bytes())
    (folder / "synth_00003.txt").write_bytes(b"  \n")
    # Same stem, same type and year, other text: the second must get the slug with "-2".
    (folder / "synth_00001.md").write_text(first.rstrip("\n") + "\n以上报告如有不妥，请批评指正。\n", encoding="utf-8")
    return folder


def run(sources: Path, out: Path, workers: int) -> tuple[pipeline.NormalizeResult, dict[str, bytes]]:
    result = pipeline.normalize_tree(sources, out / "docs", out / "lock.json", workers=workers)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return result, files


def test_two_processes_write_what_one_writes(sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small corpus would run in one process; lower the bar so the pool really runs.
    monkeypatch.setattr(jobs, "PARALLEL_MIN_FILES", 1)
    one, one_files = run(sources, tmp_path / "one", 1)
    two, two_files = run(sources, tmp_path / "two", 2)
    assert two_files == one_files
    assert (two.written, two.unchanged, two.removed, two.refusals, two.removals) == (one.written, one.unchanged, one.removed, one.refusals, one.removals)
    # The cases that depend on file order really happened.
    # "-copy" sorts before ".txt": the copy is read first, so the original is the duplicate.
    assert [r.name for r in one.refusals] == ["synth_00002.txt", "synth_00003.txt"]
    slugs = [name for name in one.written if "synth-00001" in name]
    assert len(slugs) == 2 and any(name.endswith("-2.md") for name in slugs)


def test_a_second_run_on_the_lock_agrees_too(sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "PARALLEL_MIN_FILES", 1)
    for workers in (1, 2):
        run(sources, tmp_path / str(workers), 1)
    changed = tmp_path / "sources"
    shutil.copytree(sources, changed)
    (changed / "synth_00004.txt").unlink()
    (changed / "synth_00005.txt").rename(changed / "synth_00005-renamed.txt")
    one, one_files = run(changed, tmp_path / "1", 1)
    two, two_files = run(changed, tmp_path / "2", 2)
    assert two_files == one_files
    assert one.removed and (two.written, two.unchanged, two.removed) == (one.written, one.unchanged, one.removed)
