"""Same sources, same bytes: in any process, and equal to what is committed.

Determinism is checked across two processes with different ``PYTHONHASHSEED`` values: two
runs in one process share a hash seed, so set and dict orders that depend on it would agree
there and still differ between a maintainer's build and the next.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from wordfiles import official_report

from kb.normalize.pipeline import normalize_tree

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# Fixtures of each reader besides plain text: a web page, a PDF with a text layer, a Word file.
READER_FIXTURES = (FIXTURES / "html" / "gov-report.html", FIXTURES / "html" / "gov-gbk.html", FIXTURES / "pdf" / "report.pdf")
HASH_SEEDS = ("1", "4242")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def _env(seed: str) -> dict[str, str]:
    # One build date for both builds: the sitemap writes it, and a test run may cross midnight.
    return os.environ | {"PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1"}


def test_normalizing_in_two_processes_writes_the_same_pages_lock_and_log(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    for fixture in READER_FIXTURES:
        shutil.copy(fixture, sources / fixture.name)
    (sources / "qingshan.docx").write_bytes(official_report())
    outputs = []
    for seed in HASH_SEEDS:
        out = tmp_path / f"run-{seed}"
        command = [sys.executable, str(ROOT / "scripts" / "normalize.py"), "--sources", str(sources), "--docs", str(out / "docs"),
                   "--lock", str(out / "lock.json"), "--log", str(out / "cleaning-log.tsv")]
        done = subprocess.run(command, capture_output=True, text=True, env=_env(seed), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        outputs.append(_files(out))
    pages = [name for name in outputs[0] if name.startswith("docs/reports/")]
    # Every source became a page: the five seeds, two web pages, the PDF and the Word file.
    assert len(pages) == len(list((ROOT / "sources").glob("*.txt"))) + len(READER_FIXTURES) + 1, pages
    assert {"lock.json", "cleaning-log.tsv"} <= set(outputs[0])
    assert not _differing(*outputs), f"两个进程（PYTHONHASHSEED={' 和 '.join(HASH_SEEDS)}）写出的文件不同：{_differing(*outputs)}"


def _seed_project(dest: Path) -> Path:
    dest.mkdir()
    for part in ("hooks", "kb", "docs", "data", "sources", "mkdocs.yml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, dest / part)
    return dest


def test_building_the_site_in_two_processes_writes_the_same_files(tmp_path: Path) -> None:
    project = _seed_project(tmp_path / "project")
    sites = []
    for seed in HASH_SEEDS:
        site = tmp_path / f"site-{seed}"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
        done = subprocess.run(command, capture_output=True, text=True, env=_env(seed), cwd=project)
        assert done.returncode == 0, done.stderr
        sites.append(_files(site))
    assert "index.html" in sites[0] and "sitemap.xml.gz" in sites[0]
    assert sum(name.startswith("reports/") for name in sites[0]) >= 5
    assert not _differing(*sites), f"两个进程（PYTHONHASHSEED={' 和 '.join(HASH_SEEDS)}）构建的网站不同：{_differing(*sites)}"


def test_committed_report_pages_and_lock_are_a_fresh_normalize_of_the_committed_sources(tmp_path: Path) -> None:
    lock = tmp_path / "passage-ids.lock.json"
    shutil.copy(ROOT / "data" / "passage-ids.lock.json", lock)
    result = normalize_tree(ROOT / "sources", tmp_path / "docs", lock)
    assert not result.refusals and not result.sidecar_problems
    fresh = _files(tmp_path / "docs" / "reports")
    committed = _files(ROOT / "docs" / "reports")
    stale = _differing(committed, fresh)
    assert not stale, f"docs/reports/ 中这些报告页与重新规范化 sources/ 的结果不同：{stale}；请运行 python scripts/normalize.py 并提交结果"
    assert lock.read_bytes() == (ROOT / "data" / "passage-ids.lock.json").read_bytes(), (
        "重新规范化 sources/ 改动了 data/passage-ids.lock.json；请运行 python scripts/normalize.py 并提交结果"
    )
