"""The built report pages as readers get them: ids, placeholders, hostile text, navigation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import HOSTILE_SLUG, PLAIN_SLUG, RETIRED_ID
from htmlscan import Page, read_page
from searchfiles import search_entries

from kb.model import SECTION_LABELS

EMPHASIS = {"strong", "em", "b", "i"}
ROOT = Path(__file__).resolve().parents[1]


def report_page(site: Path, slug: str) -> Page:
    """A built report page."""
    return read_page((site / "reports" / slug / "index.html").read_text(encoding="utf-8"))


def article_elements(page: Page) -> list:
    """Elements inside the page's article (the report body)."""
    return [e for e in page.elements if "article" in e.ancestors]


def test_headings_keep_their_explicit_ids(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    headings = [e for e in article_elements(page) if re.fullmatch(r"h[1-6]", e.tag)]
    assert [h.attrs.get("id") for h in headings] == ["report-title", "s-a1b2c3", "s-d4e5f6", "s-0a0b0c", "s-0d0e0f"]
    toc_targets = [e.attrs["href"] for e in page.find("a", cls="md-nav__link") if e.attrs.get("href", "").startswith("#")]
    assert toc_targets and all(re.fullmatch(r"#s-[a-z0-9]+", t) for t in toc_targets), toc_targets


def test_heading_levels_follow_the_report(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    assert page.find("h2", id="s-a1b2c3") and page.find("h3", id="s-d4e5f6")
    assert [e for e in page.find("span", cls="hn") if "h2" in e.ancestors]


def test_placeholders_are_plain_blanks_with_the_original_as_tooltip(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    blanks = page.find("span", cls="ph")
    assert len(blanks) == 4
    assert {b.attrs["title"] for b in blanks} == {"隐去：**", "隐去：XX"}
    assert all(not EMPHASIS & set(b.ancestors) for b in blanks)
    runs = [t for t in page.texts if "其中书记" in t.text]
    assert runs and all(not EMPHASIS & set(t.ancestors) for t in runs), "text between placeholders became bold"
    assert page.text_of("p-000001") == "我镇共有党政领导班子成员□人，其中书记□人，镇长□人。"


def test_hostile_text_is_shown_as_text(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    body = article_elements(page)
    text = page.text()
    assert page.text_of("p-000002") == "<script>alert(1)</script>学习制度落实到位。"
    assert not [e for e in body if e.tag == "script"]
    assert not [e for e in page.elements if e.tag == "a" and e.attrs.get("href", "").startswith("http")]
    assert not [e for e in body if e.tag in {"blockquote", "ol", "ul", "table", "code", "img", "em", "strong", "b"}]
    for shown in ("# 不是标题，详见[t](http://x)", "> 不是引用", "| a | b |", "1. 不是列表，`代码`也不是 **加粗**", "- 不是列表项 &amp; 实体"):
        assert shown in text


def test_report_title_from_front_matter_is_escaped_everywhere(fixture_site: Path) -> None:
    # Report pages are not in the nav: the title shows on its own page (heading, <title>) and
    # on generated pages that list reports. No page may turn the title's markup into elements.
    for path in sorted(fixture_site.rglob("*.html")):
        page = read_page(path.read_text(encoding="utf-8"))
        assert not [e for e in page.elements if e.tag == "b"], f"raw title markup in {path}"
    page = read_page((fixture_site / "reports" / HOSTILE_SLUG / "index.html").read_text(encoding="utf-8"))
    assert "**镇<b>领导班子</b>述职报告" in page.text()


def test_passages_carry_kind_and_id(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    passages = page.find("p", cls="passage")
    assert [(p.attrs["id"], p.attrs["data-kind"]) for p in passages][:3] == [
        ("p-000001", "practice"), ("p-000002", "practice"), ("p-000003", "overview"),
    ]
    assert page.find("p", cls="salutation") and page.find("p", cls="signoff") and page.find("p", cls="omission")


def test_report_pages_list_retired_ids_for_the_notice_script(fixture_site: Path) -> None:
    hostile = report_page(fixture_site, HOSTILE_SLUG).find("div", id="kb-retired")
    plain = report_page(fixture_site, PLAIN_SLUG).find("div", id="kb-retired")
    home = read_page((fixture_site / "index.html").read_text(encoding="utf-8")).find("div", id="kb-retired")
    assert [d.attrs["data-ids"] for d in hostile] == [RETIRED_ID]
    assert [d.attrs["data-ids"] for d in plain] == [""]
    assert home == []


def test_nav_has_chinese_entry_points_and_no_report_list(fixture_site: Path) -> None:
    # With thousands of reports a nav listing them all made every page carry the corpus
    # (issue 5): reports are reached through the catalogue, theme pages and search instead.
    html = (fixture_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-content"')]
    assert re.search(r">\s*首页\s*<", nav)
    assert "Reports" not in nav
    assert "领导班子" not in nav and "镇党委自查报告" not in nav


def test_site_assets_are_linked_locally(fixture_site: Path) -> None:
    page = report_page(fixture_site, HOSTILE_SLUG)
    assert page.find("link", href="../../stylesheets/kb.css")
    assert page.find("script", src="../../javascripts/kb.js")


def test_css_labels_match_the_section_kinds() -> None:
    css = (ROOT / "docs" / "stylesheets" / "kb.css").read_text(encoding="utf-8")
    for kind, label in SECTION_LABELS.items():
        assert f'p.passage[data-kind="{kind.value}"]::before {{ content: "{label}"; }}' in css


def test_seed_reports_build_strict(seed_site: Path) -> None:
    pages = sorted((seed_site / "reports").glob("*/index.html"))
    assert len(pages) == len(list((ROOT / "docs" / "reports").glob("*.md")))
    for path in pages:
        page = read_page(path.read_text(encoding="utf-8"))
        assert page.find("h1", id="report-title") and page.find("p", cls="passage")
        assert not [e for e in page.find("span", cls="ph") if EMPHASIS & set(e.ancestors)]


def test_maintainer_pages_are_built_but_left_out_of_readers_nav_and_search(fixture_site: Path) -> None:
    # The benchmark tables mean nothing to a cadre looking for a 做法; a search for 构建 or a
    # nav entry 维护说明 sent readers there (issue: pages a cadre can read).
    assert (fixture_site / "maintainers" / "benchmarks" / "index.html").is_file(), "维护说明页不应被删掉"
    hits = sorted({link for link, _ in search_entries(fixture_site) if link.startswith("maintainers/")})
    assert hits == [], f"读者的搜索里出现了维护说明页：{hits}"
    for page in ("index.html", "reports/index.html"):
        html = (fixture_site / page).read_text(encoding="utf-8")
        nav = html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-content"')]
        assert "维护说明" not in nav and "maintainers/" not in nav, f"{page} 的导航栏里有维护说明页"
