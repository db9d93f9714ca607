"""Plain `mkdocs build` after editing sources/: an up-to-date site, or an error naming the stale file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, build_project, make_project
from htmlscan import read_page
from mkdocs.exceptions import Abort

from kb.model import ReportMeta
from kb.reportfile import render_front_matter
from kb.site.freshness import NORMALIZE_COMMAND, FreshnessError, refresh_reports, stale_by_front_matter

REPORT = "镇党委自查报告\n\n一、工作开展情况\n（一）坚持理论学习。组织全体机关干部系统学习。\n二、存在的问题\n学习流于形式。\n"


@dataclass
class FakeRefusal:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}：已拒绝：{self.reason}"


@dataclass
class FakeResult:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refusals: list[FakeRefusal] = field(default_factory=list)
    removals: dict[str, list] = field(default_factory=dict)
    sidecar_problems: list = field(default_factory=list)


class FakeNormalizer:
    """Stands in for kb.normalize.pipeline: reports fixed staleness, records calls."""

    def __init__(self, stale: list[list[str]], result: FakeResult | None = None, error: Exception | None = None) -> None:
        self.stale, self.result, self.error, self.calls = stale, result or FakeResult(), error, 0

    def find_stale(self, sources: Path, docs: Path) -> list[str]:
        return self.stale.pop(0)

    def normalize_tree(self, sources: Path, docs: Path, lock: Path | None = None) -> FakeResult:
        self.calls += 1
        if self.error:
            raise self.error
        return self.result


def write_page(docs: Path, source: str, sha: str) -> None:
    """A report page stub: front matter only matters for staleness."""
    (docs / "reports").mkdir(parents=True, exist_ok=True)
    meta = ReportMeta(title="甲", slug="zicha-nd-a", source=source, source_sha256=sha, doc_type="自查报告")
    (docs / "reports" / f"{source}.md").write_text(f"---\n{render_front_matter(meta)}---\n", encoding="utf-8")


def test_fresh_pages_are_left_alone(tmp_path: Path) -> None:
    fake = FakeNormalizer([[]])
    assert refresh_reports(tmp_path, tmp_path, fake).written == []
    assert fake.calls == 0


def test_stale_pages_are_renormalized(tmp_path: Path) -> None:
    fake = FakeNormalizer([["a.txt: changed"], []], FakeResult(written=["a.md"]))
    refresh = refresh_reports(tmp_path, tmp_path, fake)
    assert fake.calls == 1
    assert refresh.stale == ["a.txt: changed"] and refresh.written == ["a.md"] and refresh.still_stale == []


def test_refusals_are_reported_once(tmp_path: Path) -> None:
    fake = FakeNormalizer([["bad.txt: no page"], ["bad.txt: no page", "odd.txt: changed"]], FakeResult(refusals=[FakeRefusal("bad.txt", "empty file")]))
    refresh = refresh_reports(tmp_path, tmp_path, fake)
    assert refresh.refusals == ["bad.txt：已拒绝：empty file"]
    assert refresh.still_stale == ["odd.txt: changed"]


def test_a_failing_normalizer_names_stale_files_and_the_command(tmp_path: Path) -> None:
    fake = FakeNormalizer([["a.txt: changed since reports/a.md was written"]], error=RuntimeError("boom"))
    with pytest.raises(FreshnessError) as info:
        refresh_reports(tmp_path, tmp_path, fake)
    assert "a.txt: changed since reports/a.md was written" in str(info.value)
    assert NORMALIZE_COMMAND in str(info.value) and "boom" in str(info.value)


def test_without_the_normalizer_stale_pages_fail_by_name(tmp_path: Path) -> None:
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    sources.mkdir()
    (sources / "a.txt").write_text("甲", encoding="utf-8")
    (sources / "b.txt").write_text("乙", encoding="utf-8")
    (sources / "b.yml").write_text("title: 乙\n", encoding="utf-8")
    write_page(docs, "a.txt", hashlib.sha256("甲".encode()).hexdigest())
    write_page(docs, "gone.txt", "0" * 64)
    assert stale_by_front_matter(sources, docs) == ["sources/b.txt：尚无报告页", "sources/gone.txt：源文件已删除，报告页仍在"]
    with pytest.raises(FreshnessError, match=NORMALIZE_COMMAND):
        refresh_reports(sources, docs, None, ImportError("no module"))
    (sources / "b.txt").unlink()
    (docs / "reports" / "gone.txt.md").unlink()
    assert refresh_reports(sources, docs, None, ImportError("no module")).stale == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one real source and no report pages yet."""
    root = make_project(tmp_path, [])
    (root / "sources").mkdir()
    (root / "sources" / "001_a.txt").write_text(REPORT, encoding="utf-8")
    return root


def report_texts(site: Path) -> str:
    """All text of all built report pages."""
    return "".join(read_page(p.read_text(encoding="utf-8")).text() for p in sorted((site / "reports").glob("*/index.html")))


def test_plain_build_refreshes_new_changed_and_deleted_sources(project: Path) -> None:
    site = build_project(project)
    assert "组织全体机关干部系统学习。" in report_texts(site)
    (project / "sources" / "001_a.txt").write_text(REPORT.replace("系统学习", "认真学习"), encoding="utf-8")
    site = build_project(project)
    assert "组织全体机关干部认真学习。" in report_texts(site) and "系统学习" not in report_texts(site)
    (project / "sources" / "001_a.txt").unlink()
    site = build_project(project)
    assert list((project / "docs" / "reports").glob("*.md")) == []
    # A removed report may leave a tombstone page behind, but never its passages.
    assert "组织全体机关干部认真学习。" not in report_texts(site)


def errors_and_warnings(caplog: pytest.LogCaptureFixture) -> tuple[list[str], list[str]]:
    """Messages logged at ERROR and at WARNING."""
    return ([r.getMessage() for r in caplog.records if r.levelname == "ERROR"], [r.getMessage() for r in caplog.records if r.levelname == "WARNING"])


def test_refused_source_fails_strict_build_with_its_name_after_building_the_rest(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project / "sources" / "002_empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(Abort):
        build_project(project)
    errors, _ = errors_and_warnings(caplog)
    assert errors and "002_empty.txt" in errors[-1] and "文件是空的" in errors[-1], errors
    # Every good report is in the site the failed build leaves behind.
    assert "组织全体机关干部系统学习。" in report_texts(project / "site")


def test_refused_source_is_a_warning_in_a_build_that_is_not_strict(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project / "sources" / "002_empty.txt").write_text("  \n", encoding="utf-8")
    site = build_project(project, strict=False)
    _, warnings = errors_and_warnings(caplog)
    assert any("002_empty.txt" in w and "文件是空的" in w for w in warnings), warnings
    assert "组织全体机关干部系统学习。" in report_texts(site)


def test_reports_in_a_folder_fail_strict_build_naming_the_folder(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Files in a subfolder are not read; said quietly, a maintainer would never know.
    (project / "sources" / "2024年").mkdir()
    (project / "sources" / "2024年" / "003_b.txt").write_text(REPORT.replace("自查", "述职"), encoding="utf-8")
    with pytest.raises(Abort):
        build_project(project)
    errors, warnings = errors_and_warnings(caplog)
    assert errors and "2024年/" in errors[-1] and "请把报告直接移到 sources/ 下" in errors[-1], errors
    assert errors[-1].count("2024年/") == 1 and not [w for w in warnings if "仍然过期" in w], (errors, warnings)  # once, as a refusal


def quiet_build(project: Path, *options: str) -> subprocess.CompletedProcess:
    """`mkdocs build` of ``project`` in a new process, as a maintainer types it."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "HOME": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, "-f", str(project / "mkdocs.yml")],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=project,
    )


def test_strict_quiet_build_with_a_refused_source_fails_naming_it(project: Path) -> None:
    # MkDocs 1.6's --quiet hides warnings from its strict counter (mkdocs/mkdocs#4126).
    (project / "sources" / "002_empty.txt").write_text("  \n", encoding="utf-8")
    result = quiet_build(project, "--strict", "-q")
    assert result.returncode != 0, result.stderr
    assert "002_empty.txt" in result.stderr and "文件是空的" in result.stderr, result.stderr


def test_build_logs_only_info_lines(project: Path) -> None:
    result = quiet_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() and all(line.startswith("INFO") for line in result.stderr.splitlines()), result.stderr


PAGE_NUMBER = "\n- 2 -\n"


def test_plain_build_after_a_source_edit_updates_the_cleaning_log(project: Path) -> None:
    source = project / "sources" / "001_a.txt"
    source.write_text(REPORT.replace("二、存在的问题", PAGE_NUMBER + "二、存在的问题"), encoding="utf-8")
    build_project(project)
    log = project / "build" / "cleaning-log.tsv"
    assert "001_a.txt\t6\tpage-number\t- 2 -" in log.read_text(encoding="utf-8")
    source.write_text(REPORT, encoding="utf-8")
    build_project(project)
    assert log.read_text(encoding="utf-8") == "file\tline\trule\tremoved\n"


def test_a_mistyped_sidecar_fails_a_strict_build_but_keeps_its_report_on_the_site(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    build_project(project)
    (project / "sources" / "001_a.yml").write_text("title: 青山镇自查报告\nyaer: 2023\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_project(project)
    errors, _ = errors_and_warnings(caplog)
    assert errors and "001_a.yml" in errors[-1] and "第 2 行" in errors[-1] and "yaer" in errors[-1], errors
    assert "组织全体机关干部系统学习。" in report_texts(project / "site")  # the report stays published
    caplog.clear()
    with pytest.raises(Abort):  # and the next build says it again, until the sidecar is fixed
        build_project(project)
    (project / "sources" / "001_a.yml").write_text("title: 青山镇自查报告\nyear: 2023\n", encoding="utf-8")
    site = build_project(project)
    assert "青山镇自查报告" in "".join(p.read_text(encoding="utf-8") for p in (site / "reports").glob("*/index.html"))
