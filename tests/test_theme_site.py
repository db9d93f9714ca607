"""Theme pages, chips and copy-link controls, and links that never break, on real builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import HOSTILE_SLUG, ROOT, build_project, hostile_report, make_project, plain_report
from htmlscan import read_page
from searchfiles import search_entries
from mkdocs.exceptions import Abort

from kb.normalize.lock import load_lock
from kb.themes import load_taxonomy

THEME_IDS = [t.id for t in load_taxonomy(ROOT / "data" / "themes.yml").themes]
SITE_URL = "https://kb.example.gov.cn/"


def page_at(site: Path, url: str):
    """The parsed HTML page a site-relative directory URL serves."""
    return read_page((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(from_url: str, href: str) -> tuple[str, str]:
    """Site-relative directory URL and fragment that a relative href on ``from_url`` points to."""
    path, _, fragment = href.partition("#")
    parts = [p for p in from_url.split("/") if p]
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + "/", fragment


def test_every_theme_page_links_each_passage_to_its_id_on_the_report_page(seed_site: Path) -> None:
    seen = 0
    for theme in THEME_IDS:
        url = f"themes/{theme}/"
        for link in page_at(seed_site, url).find("a", cls="kb-source"):
            target, fragment = resolve(url, link.attrs["href"])
            assert target.startswith("reports/") and fragment.startswith("p-")
            assert page_at(seed_site, target).find("p", cls="passage", id=fragment), (theme, link.attrs["href"])
            seen += 1
    assert seen > 100


def test_a_known_passage_is_on_its_theme_pages(seed_site: Path) -> None:
    # 民主型班子: "建立并规范了《党委决策议事制度》，重大事项均由集体研究决定"
    page = page_at(seed_site, "themes/democracy/")
    hrefs = [a.attrs["href"] for a in page.find("a", cls="kb-source")]
    assert "../../reports/sixiang-nd-000-e9d13279/#p-ae3ba3" in hrefs
    text = page.text()
    assert "民主集中制和集体决策" in text and "做法成效" in text and "镇领导班子思想政治建设情况报告" in text
    assert "p-ae3ba3" not in {e.attrs.get("id") for e in page.elements}  # excerpts are not passages
    assert not page.find("p", cls="passage")


def test_themes_index_lists_every_theme_with_counts(seed_site: Path) -> None:
    page = page_at(seed_site, "themes/")
    links = {a.attrs["href"] for a in page.find("a") if a.attrs.get("href", "").rstrip("/") in THEME_IDS}
    assert links == {f"{t}/" for t in THEME_IDS}
    text = page.text()
    for label in ("做法成效", "存在问题", "原因分析", "下一步措施", "学习", "廉政", "民主决策", "产业"):
        assert label in text


def test_report_passages_carry_chips_and_a_copy_button(seed_site: Path) -> None:
    url = "reports/zicha-2022-004-52ae3a3a/"
    page = page_at(seed_site, url)
    passages = page.find("p", cls="passage")
    chips = page.find("p", cls="kb-chips")
    assert [c.attrs["data-for"] for c in chips] == [p.attrs["id"] for p in passages]
    assert not [c for c in chips if "passage" in c.classes or "id" in c.attrs]
    buttons = page.find("button", cls="kb-copy")
    assert len(buttons) == len(passages)
    chip_links = page.find("a", cls="kb-chip")
    assert chip_links and all(a.attrs["title"].startswith("判定依据：") for a in chip_links)
    for a in chip_links:
        target, _ = resolve(url, a.attrs["href"])
        assert target.removeprefix("themes/").rstrip("/") in THEME_IDS
    study = next(a for a in chip_links if a.attrs["href"] == "../../themes/study/")
    assert "理论学习" in study.attrs["title"] or "学习制度" in study.attrs["title"]


def test_copy_button_citation_names_title_heading_and_absolute_link(seed_site: Path) -> None:
    page = page_at(seed_site, "reports/zicha-2022-004-52ae3a3a/")
    button = next(b for b in page.find("button", cls="kb-copy") if b.attrs["data-citation"].endswith("#p-3f5b52"))
    lines = button.attrs["data-citation"].split("\n")
    assert lines[0] == "《镇党委自查报告》"
    assert lines[1] == "工作开展情况 › 坚持理论学习，始终保持干部队伍先进性"
    assert lines[2] == f"{SITE_URL}reports/zicha-2022-004-52ae3a3a/#p-3f5b52"
    assert button.attrs["type"] == "button"


def test_citation_of_hostile_text_stays_literal(fixture_site: Path) -> None:
    page = page_at(fixture_site, f"reports/{HOSTILE_SLUG}/")
    cite = page.find("button", cls="kb-copy")
    assert cite[0].attrs["data-citation"].startswith("《**镇<b>领导班子</b>述职报告》\n做法<em>及</em>经验 › # 班子 *结构* 与 _分工_\n")
    assert not page.find("b") and not [e for e in page.find("script") if "article" in e.ancestors]


def test_theme_pages_are_search_results_for_their_name_only(seed_site: Path) -> None:
    # A theme page lists passages already indexed on their reports: indexed by its name and
    # description alone, so a search does not list every passage twice.
    entries = search_entries(seed_site)
    locations = {link.split("#")[0] for link, _ in entries}
    assert {f"themes/{t}/" for t in THEME_IDS} <= locations
    assert all(len(text) < 300 for link, text in entries if link.startswith("themes/"))
    assert "reports/zicha-2022-004-52ae3a3a/" in locations


def test_passages_json_lists_themes_on_every_record(seed_site: Path) -> None:
    records = json.loads((seed_site / "data" / "passages.json").read_text(encoding="utf-8"))
    assert all(isinstance(r["themes"], list) and set(r["themes"]) <= set(THEME_IDS) for r in records)
    by_id = {r["id"]: r["themes"] for r in records}
    assert by_id["p-ae3ba3"] == ["democracy"] and by_id["p-0f79b0"] == []


@pytest.mark.parametrize(
    ("yaml_text", "entry"),
    [
        ("themes:\n  - id: study\n    name: 学习\n    description: 学习。\n    terms: {}\n", "theme 'study': 'terms' must be a non-empty mapping"),
        ("themes:\n  - id: study\n    name: 学习\n    description: 学习。\n    term: {学习: 1}\n", "theme 'study': unknown key(s) ['term']"),
    ],
    ids=["empty terms", "unknown key"],
)
def test_bad_taxonomy_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, yaml_text: str, entry: str) -> None:
    root = make_project(tmp_path / "bad", [plain_report()])
    (root / "data" / "themes.yml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(Abort):
        build_project(root)
    assert f"Error reading taxonomy '{root / 'data' / 'themes.yml'}': {entry}" in caplog.text


# ---------------------------------------------------------------- links that never break


def seed_project(root: Path) -> Path:
    """A project with the seed sources, pages and id lock, safe to change."""
    make_project(root, [])
    shutil.rmtree(root / "docs" / "reports")
    shutil.copytree(ROOT / "docs" / "reports", root / "docs" / "reports")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "data", root / "data", dirs_exist_ok=True)
    return root


def test_removed_report_leaves_a_tombstone_and_other_links_keep_working(tmp_path: Path) -> None:
    root = seed_project(tmp_path / "removed")
    gone = "004_52ae3a3a70d46959.txt"
    slug = load_lock(root / "data" / "passage-ids.lock.json")[gone].slug
    (root / "sources" / gone).unlink()
    site = build_project(root)  # the freshness hook re-normalizes: page removed, lock says removed
    assert load_lock(root / "data" / "passage-ids.lock.json")[gone].removed
    tomb = page_at(site, f"reports/{slug}/")
    assert "该报告已从知识库中移除" in tomb.text()
    assert any(a.attrs.get("href") == "../.." or a.attrs.get("href") == "../../" for a in tomb.find("a"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"reports/{slug}/" not in home  # not in the navigation
    # Links into the other reports still land on their passages.
    assert page_at(site, "reports/sixiang-nd-000-e9d13279/").find("p", cls="passage", id="p-ae3ba3")
    assert "p-3f5b52" not in (site / "themes" / "study" / "index.html").read_text(encoding="utf-8")


def test_corrected_passage_keeps_its_link_on_theme_and_report_pages(tmp_path: Path) -> None:
    root = seed_project(tmp_path / "corrected")
    source = root / "sources" / "004_52ae3a3a70d46959.txt"
    text = source.read_text(encoding="utf-8")
    fixed = text.replace("始终坚持把学习和领会", "始终坚持把学习、领会")  # punctuation-level correction
    assert fixed != text
    source.write_text(fixed, encoding="utf-8")
    site = build_project(root)
    report = page_at(site, "reports/zicha-2022-004-52ae3a3a/")
    assert "学习、领会" in next(p for p in report.texts if "学习、领会" in p.text).text
    assert report.find("p", cls="passage", id="p-e0b43e")
    hrefs = [a.attrs["href"] for a in page_at(site, "themes/study/").find("a", cls="kb-source")]
    assert "../../reports/zicha-2022-004-52ae3a3a/#p-e0b43e" in hrefs


def test_reordered_and_added_reports_keep_ids(tmp_path: Path) -> None:
    root = seed_project(tmp_path / "added")
    before = json.loads((ROOT / "data" / "passage-ids.lock.json").read_text(encoding="utf-8"))
    (root / "sources" / "005_new.txt").write_text(
        "镇党委述职报告\n一、工作开展情况\n坚持党委理论学习中心组学习制度，全年集中学习12次。\n", encoding="utf-8"
    )
    site = build_project(root)
    records = json.loads((site / "data" / "passages.json").read_text(encoding="utf-8"))
    ids = {(r["source"], r["id"]) for r in records}
    for name, rep in before["reports"].items():
        for entry in rep["passages"]:
            assert (name, entry[0]) in ids
    assert any(r["source"] == "005_new.txt" and r["themes"] == ["study"] for r in records)


def test_retired_ids_are_marked_for_the_notice(fixture_site: Path) -> None:
    page = page_at(fixture_site, f"reports/{HOSTILE_SLUG}/")
    (marker,) = page.find("div", id="kb-retired")
    assert hostile_report().meta.retired_ids[0] in marker.attrs["data-ids"].split()
