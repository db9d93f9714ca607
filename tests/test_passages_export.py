"""site/data/passages.json: one record per passage, links that land on the passage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from conftest import HOSTILE_SLUG, PLAIN_SLUG, ROOT, build_project, make_project, plain_report
from htmlscan import read_page

from kb.model import SectionKind
from kb.site.export import RECORD_FIELDS


def load_records(site: Path) -> list[dict]:
    """The exported records of a built site."""
    return json.loads((site / "data" / "passages.json").read_text(encoding="utf-8"))


def test_records_follow_the_schema(fixture_site: Path) -> None:
    records = load_records(fixture_site)
    assert len(records) == 10
    kinds = {k.value for k in SectionKind}
    for record in records:
        assert tuple(record) == RECORD_FIELDS
        assert record["section"] in kinds
        assert isinstance(record["headings"], list) and all(isinstance(h, str) for h in record["headings"])
        assert record["url"] == f"reports/{record['report']}/#{record['id']}"


def test_records_are_in_slug_then_reading_order(fixture_site: Path) -> None:
    records = load_records(fixture_site)
    assert [r["report"] for r in records] == [HOSTILE_SLUG] * 8 + [PLAIN_SLUG] * 2
    assert [r["id"] for r in records[:3]] == ["p-000001", "p-000002", "p-000003"]


def test_record_text_and_headings(fixture_site: Path) -> None:
    first, *_ = load_records(fixture_site)
    assert first["text"] == "我镇共有党政领导班子成员□人，其中书记□人，镇长□人。"
    assert first["headings"] == ["做法<em>及</em>经验", "# 班子 *结构* 与 _分工_"]
    assert first["source"] == "hostile.txt" and first["section"] == "practice"


def test_every_url_lands_on_its_passage(fixture_site: Path) -> None:
    pages: dict[str, object] = {}
    for record in load_records(fixture_site):
        path, _, anchor = record["url"].partition("#")
        page = pages.setdefault(path, read_page((fixture_site / path / "index.html").read_text(encoding="utf-8")))
        assert page.find("p", cls="passage", id=anchor), record["url"]


def test_export_is_one_record_per_line_in_plain_utf8(fixture_site: Path) -> None:
    text = (fixture_site / "data" / "passages.json").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "[" and lines[-2] == "]" and lines[-1] == ""
    # Chinese stays readable in the file (no \\u escapes), one passage per line for diffs.
    assert "\\u" not in text
    plain = [line for line in lines if f'"report":"{PLAIN_SLUG}"' in line]
    assert plain[0] == (
        '{"id":"p-100001","report":"zicha-2022-plain","source":"plain.txt","section":"practice",'
        '"headings":["工作开展情况"],"text":"组织全体机关干部系统学习。",'
        '"url":"reports/zicha-2022-plain/#p-100001","themes":["study"]},'
    )


def test_urls_follow_use_directory_urls(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nuse_directory_urls: false\n"
    site = build_project(make_project(tmp_path, [plain_report()], mkdocs_yml=config))
    records = load_records(site)
    assert [r["url"] for r in records] == [f"reports/{PLAIN_SLUG}.html#p-100001", f"reports/{PLAIN_SLUG}.html#p-100002"]
    page = read_page((site / "reports" / f"{PLAIN_SLUG}.html").read_text(encoding="utf-8"))
    assert page.find("p", id="p-100001")


def test_empty_site_exports_an_empty_array(tmp_path: Path) -> None:
    site = build_project(make_project(tmp_path, []))
    assert load_records(site) == []


def test_a_page_whose_slug_differs_from_its_file_name_fails_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_project(tmp_path, [plain_report()])
    (root / "docs" / "reports" / f"{PLAIN_SLUG}.md").rename(root / "docs" / "reports" / "other.md")
    with pytest.raises(Abort):
        build_project(root)
    assert "reports/other.md，slug（地址）：“zicha-2022-plain”与文件名“other.md”不一致" in caplog.text
    assert "python3 scripts/normalize.py" in caplog.text  # what to do: regenerate the page
