"""The built seed site: every internal link resolves, aggregate pages stay out of search."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from htmlscan import read_page
from searchfiles import search_entries

ROOT = Path(__file__).resolve().parents[1]


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal href points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    # 404.html links from the site root (site_url's path is "/"); other pages link relatively.
    base = site.as_posix() if path.startswith("/") else page.parent.as_posix()
    resolved = Path(posixpath.normpath(posixpath.join(base, path.lstrip("/"))))
    if path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(seed_site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    broken = []
    pages = sorted(seed_site.rglob("*.html"))
    parsed = {p: read_page(p.read_text(encoding="utf-8")) for p in pages}
    for page, doc in parsed.items():
        for element in doc.find("a"):
            href = element.attrs.get("href", "")
            target = _target(seed_site, page, href) if href else None
            if target is None:
                continue
            file, fragment = target
            if not file.exists():
                broken.append(f"{page.relative_to(seed_site)}: {href} (no file)")
            elif fragment and file.suffix == ".html":
                if file not in ids:
                    ids[file] = (parsed.get(file) or read_page(file.read_text(encoding="utf-8"))).ids()
                if fragment not in ids[file]:
                    broken.append(f"{page.relative_to(seed_site)}: {href} (no #{fragment})")
    assert len(pages) > 30 and not broken, "\n".join(broken[:20])


def test_aggregate_pages_stay_out_of_the_search_index(seed_site: Path) -> None:
    entries = search_entries(seed_site)
    locations = {link.split("#")[0] for link, _ in entries}
    # 提法 pages are results for their own term; comparison pages and the catalogue never are.
    assert not [loc for loc in locations if loc.startswith("compare/") or loc in ("reports/", "")]
    assert any(loc.startswith("reports/shuzhi-2020-003") for loc in locations)
    # The relation lines under passages carry other reports' titles: not indexed either.
    assert not any("相似表述" in text or "对应措施" in text for _, text in entries)


def test_generated_pages_exist_with_their_parts(seed_site: Path) -> None:
    catalogue = read_page((seed_site / "reports" / "index.html").read_text(encoding="utf-8"))
    assert len(catalogue.find("a", href="../reports/shuzhi-2020-003-d03c365c/") or catalogue.find("a", href="shuzhi-2020-003-d03c365c/")) == 1
    assert catalogue.find("input", cls="kb-filter") and "主题" in catalogue.text()
    compare = read_page((seed_site / "compare" / "integrity" / "index.html").read_text(encoding="utf-8"))
    assert len(compare.find("details", cls="kb-report")) >= 3 and compare.find("p", cls="kb-answer")
    terms = (seed_site / "terms" / "index.html").read_text(encoding="utf-8")
    for term in ("三会一课", "两学一做", "一岗双责", "四议两公开一监督", "三重一大", "四风"):
        assert f">{term}</a>" in terms, term


def test_report_pages_carry_tooltips_pairings_and_similar_links(seed_site: Path) -> None:
    page = read_page((seed_site / "reports" / "shuzhi-2020-003-d03c365c" / "index.html").read_text(encoding="utf-8"))
    tooltips = page.find("abbr", cls="kb-term")
    assert tooltips and all("p" in e.ancestors and not {"h1", "h2", "h3", "a"} & set(e.ancestors) for e in tooltips)
    rel = page.find("p", cls="kb-rel", data_for="p-f73160")
    assert rel, "problem （一） has its 对应措施 line"
    assert page.find("a", href="#p-06c09c")


def test_home_page_shows_counts_and_entry_points(seed_site: Path) -> None:
    home = read_page((seed_site / "index.html").read_text(encoding="utf-8"))
    text = home.text()
    assert "目前收录 5 份报告" in text and "<!-- kb:overview -->" not in (seed_site / "index.html").read_text(encoding="utf-8")
    hrefs = {e.attrs.get("href") for e in home.find("a")}
    assert {"themes/", "compare/", "terms/", "reports/"} <= hrefs


def test_csv_export_matches_the_json_export(seed_site: Path) -> None:
    raw = (seed_site / "data" / "passages.csv").read_bytes()
    records = json.loads((seed_site / "data" / "passages.json").read_text(encoding="utf-8"))
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "id,report,source,section,headings,text,url,themes,terms"
    assert len([line for line in lines[1:] if line.startswith("p-")]) == len(records)


def test_seed_report_page_links_the_same_matter_in_other_reports(seed_site: Path) -> None:
    html = (seed_site / "reports" / "zicha-2022-004-52ae3a3a" / "index.html").read_text(encoding="utf-8")
    page = read_page(html)
    assert page.find("p", cls="kb-rel", data_for="p-500059"), "民主集中制 (p-500059) has a relations line"
    # The other seed report that quotes 集体领导、民主集中、个别酝酿、会议决定 is linked, and the
    # link text says which report, how similar and which key words the two share.
    assert page.find("a", href="../sixiang-nd-000-e9d13279/#p-ae3ba3")
    line = html[html.index('<p class="kb-rel" data-for="p-500059"') :].split("</p>", 1)[0]
    assert '<span class="kb-rel-label">相似表述</span>' in line
    assert "镇领导班子思想政治建设情况报告（" in line and "相近，共同关键词：" in line
    assert "民主集中" in line.split("共同关键词：", 1)[1]
    compare = read_page((seed_site / "compare" / "democracy" / "index.html").read_text(encoding="utf-8"))
    assert compare.find("details", cls="kb-matter"), "the 民主决策 comparison groups the same matter across reports"
