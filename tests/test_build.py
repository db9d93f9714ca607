"""One build's data never leaks into the next build in the same process (as under `mkdocs serve`)."""

from __future__ import annotations

from pathlib import Path

from conftest import HOSTILE_SLUG, PLAIN_SLUG, build_project, hostile_report, make_project, plain_report


def test_a_rebuild_after_removing_a_report_no_longer_shows_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", [plain_report(), hostile_report()])
    site = build_project(root)
    catalogue = (site / "reports" / "index.html").read_text(encoding="utf-8")
    assert HOSTILE_SLUG in catalogue and PLAIN_SLUG in catalogue

    (root / "docs" / "reports" / f"{HOSTILE_SLUG}.md").unlink()
    site = build_project(root)

    catalogue = (site / "reports" / "index.html").read_text(encoding="utf-8")
    assert PLAIN_SLUG in catalogue
    assert HOSTILE_SLUG not in catalogue
    assert HOSTILE_SLUG not in (site / "data" / "passages.json").read_text(encoding="utf-8")
    searched = "".join(p.read_text(encoding="utf-8") for p in (site / "search").rglob("*") if p.is_file())
    assert HOSTILE_SLUG not in searched
    assert "学习流于形式" in searched
