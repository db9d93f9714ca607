"""相似表述 worked out in a worker process gives the links the build process would give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_project, make_project
from test_similar import labelled_corpus

from kb.site import similarjob
from kb.site.similar import find_similar
from kb.site.similarjob import SimilarJob


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str]]:
    _, texts, groups = labelled_corpus()
    return texts, groups


def test_worker_gives_the_links_of_the_build_process(corpus) -> None:
    texts, groups = corpus
    job = SimilarJob(texts, groups, background=True)
    assert job.in_background
    links = job.result()
    assert links == find_similar(texts, groups)
    assert sum(map(len, links)) > 20, "the labelled corpus has links to compare"


def test_a_worker_that_fails_is_replaced_by_the_build_process(corpus, monkeypatch, capfd) -> None:
    texts, groups = corpus
    # A Python that cannot import the worker module: it exits with an error and sends nothing.
    monkeypatch.setattr(similarjob, "_ROOT", "/nonexistent")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("PYTHONSAFEPATH", "1")
    monkeypatch.chdir("/")
    job = SimilarJob(texts, groups, background=True)
    assert job.in_background
    assert job.result() == find_similar(texts, groups)
    assert "kb.site.similarjob" in capfd.readouterr().err, "the worker's own error stays visible"


def test_a_stopped_job_still_answers(corpus) -> None:
    texts, groups = corpus
    job = SimilarJob(texts, groups, background=True)
    job.close()  # what a build that failed early does
    assert not job.in_background
    assert job.result() == find_similar(texts, groups)


def test_small_builds_work_the_links_out_in_process(corpus) -> None:
    texts, groups = corpus
    assert len(texts) < similarjob.BACKGROUND_MIN_TEXTS
    assert not SimilarJob(texts, groups).in_background


def test_site_built_with_the_worker_equals_the_site_built_without(seed_site: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(similarjob, "BACKGROUND_MIN_TEXTS", 0)
    started = []
    real_start = SimilarJob._start
    monkeypatch.setattr(SimilarJob, "_start", lambda self: (started.append(1), real_start(self)))
    make_project(tmp_path, [])
    shutil.rmtree(tmp_path / "docs" / "reports")
    shutil.copytree(ROOT / "docs" / "reports", tmp_path / "docs" / "reports")
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "data", tmp_path / "data", dirs_exist_ok=True)
    site = build_project(tmp_path)
    assert started, "the build used the worker"
    pages = sorted(p.relative_to(seed_site) for d in ("reports", "compare") for p in (seed_site / d).rglob("*.html"))
    assert len(pages) > 10
    differ = [str(p) for p in pages if (site / p).read_bytes() != (seed_site / p).read_bytes()]
    assert not differ
    assert '<span class="kb-rel-label">相似表述</span>' in (site / "reports" / "zicha-2022-004-52ae3a3a" / "index.html").read_text(encoding="utf-8")
