"""Scale: a raw UTF-8 search index that tokenizes as Material's did, and a nav without reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import HOSTILE_SLUG, PLAIN_SLUG
from htmlscan import read_page

from kb.model import BlockType
from kb.reportfile import parse_report
from kb.site.nav import site_nav
from kb.site.search_index import ZWSP, compact_search_index, redundant_zwsp, separator_class

ROOT = Path(__file__).resolve().parents[1]
ZH_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"  # Material's default for `zh`
JSON_ESCAPE = re.compile(r"(?<!\\)\\u[0-9a-fA-F]{4}")


def worker_tokens(text: str, separator: str) -> list[str]:
    """Tokens as Material's search worker makes them: split at < and >, then on the separator."""
    sep = re.compile(separator)  # Python's \s and JS's differ only in characters absent here
    return [t for chunk in re.split(r"[<>]", text) for t in sep.split(chunk) if t]


def load_index(site: Path) -> tuple[str, dict]:
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    return raw, json.loads(raw)


def report_passages(docs: Path) -> dict[str, list[str]]:
    """Passage texts of every report page, by the page's URL."""
    out = {}
    for path in sorted((docs / "reports").glob("*.md")):
        report = parse_report(path.read_text(encoding="utf-8"), f"reports/{path.name}")
        out[f"reports/{report.meta.slug}/"] = [p.text for p in report.passages()]
    return out


# ------------------------------------------------------------------ index compaction


@pytest.mark.parametrize(
    ("text", "slim"),
    [
        (f"{ZWSP}班子{ZWSP}建设{ZWSP}", f"班子{ZWSP}建设"),  # ends of a field
        (f"学习{ZWSP}，{ZWSP}制度", "学习，制度"),  # beside a separator
        (f"<p>{ZWSP}理论{ZWSP}学习{ZWSP}</p>", f"<p>理论{ZWSP}学习</p>"),  # beside a tag
        (f"三会{ZWSP}{ZWSP}一课", f"三会{ZWSP}一课"),  # a doubled one still separates
        (f"2023{ZWSP}年度", f"2023{ZWSP}年度"),  # digits and Han stay apart
        ("<p>甲</p> <p>乙</p> <code>丙</code> <code>丁</code>", "<p>甲</p><p>乙</p> <code>丙</code> <code>丁</code>"),
    ],
    ids=["field-ends", "separator", "tag", "doubled", "digits", "between-blocks"],
)
def test_only_idle_zero_width_spaces_are_dropped(text: str, slim: str) -> None:
    index = json.dumps({"config": {"separator": ZH_SEPARATOR}, "docs": [{"location": "a/", "title": text, "text": text}]})
    entry = json.loads(compact_search_index(index))["docs"][0]
    assert entry["text"] == entry["title"] == slim
    assert worker_tokens(slim, ZH_SEPARATOR) == worker_tokens(text, ZH_SEPARATOR)


@pytest.mark.parametrize("separator", [r"[\w]+", r"[^\s]+", r"\s+|-", r"[\d\s]+"])
def test_separators_python_cannot_mirror_keep_every_zero_width_space(separator: str) -> None:
    assert separator_class(separator) is None and redundant_zwsp(separator) is None
    index = json.dumps({"config": {"separator": separator}, "docs": [{"location": "", "text": f"{ZWSP}学习{ZWSP}，"}]})
    assert json.loads(compact_search_index(index))["docs"][0]["text"] == f"{ZWSP}学习{ZWSP}，"


def test_material_segmented_text_keeps_its_tokens() -> None:
    jieba = pytest.importorskip("jieba")
    from material.plugins.search.plugin import SearchIndex

    separator = _site_separator()
    text = "".join(p for ps in report_passages(ROOT / "docs").values() for p in ps)[:4000]
    segmented = SearchIndex()._segment_chinese(f"<p>{text}</p>")
    assert jieba and ZWSP in segmented
    index = json.dumps({"config": {"separator": separator}, "docs": [{"location": "", "title": "", "text": segmented}]})
    slim = json.loads(compact_search_index(index))["docs"][0]["text"]
    assert worker_tokens(slim, separator) == worker_tokens(segmented, separator)
    assert len(slim.encode()) < len(segmented.encode())


def _site_separator() -> str:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config["plugins"]
    if isinstance(plugins, list):  # mkdocs.yml may list plugins or map them
        plugins = {k: v for p in plugins if isinstance(p, dict) for k, v in p.items()}
    return (plugins.get("search") or {}).get("separator", ZH_SEPARATOR)


# ------------------------------------------------------------------ the built index


def test_search_index_is_raw_utf8(fixture_site: Path) -> None:
    raw, index = load_index(fixture_site)
    assert not JSON_ESCAPE.search(raw), "search_index.json still has \\uXXXX escapes"
    assert re.search("[\u4e00-\u9fff]", raw)
    assert index["config"]["separator"] == _site_separator()


def test_every_passage_title_and_heading_stays_searchable(seed_site: Path) -> None:
    _, index = load_index(seed_site)
    by_page: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    for path in sorted((seed_site.parent / "docs" / "reports").glob("*.md")):
        report = parse_report(path.read_text(encoding="utf-8"), f"reports/{path.name}")
        entries = by_page[f"reports/{report.meta.slug}/"]
        text = "".join(e["text"] for e in entries).replace(ZWSP, "")
        for passage in report.passages():
            assert passage.text in text, f"{path.name}: passage {passage.id} not indexed"
        titles = [e["title"].replace(ZWSP, "") for e in entries]
        assert titles[0] == report.meta.title
        for block in report.blocks:
            if block.type is BlockType.HEADING:
                assert block.number + block.text in titles, f"{path.name}: heading {block.id} not indexed"


def test_aggregate_pages_hold_no_report_text_in_the_index(seed_site: Path) -> None:
    _, index = load_index(seed_site)
    passages = report_passages(seed_site.parent / "docs")
    report_urls = set(passages)
    samples = [p for ps in passages.values() for p in ps if len(p) >= 12]
    for entry in index["docs"]:
        if entry["location"].split("#")[0] in report_urls:
            continue
        text = entry["text"].replace(ZWSP, "")
        copied = [p[:20] for p in samples if p in text]
        assert not copied, f"{entry['location']} repeats report text in the search index: {copied[:2]}"


# ------------------------------------------------------------------ navigation


def primary_nav(html: str) -> str:
    """The HTML of Material's primary (left) navigation."""
    return html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-content"')]


def test_report_pages_do_not_list_every_report(fixture_site: Path) -> None:
    for page in ("index.html", f"reports/{PLAIN_SLUG}/index.html", f"reports/{HOSTILE_SLUG}/index.html"):
        nav = primary_nav((fixture_site / page).read_text(encoding="utf-8"))
        assert PLAIN_SLUG not in nav and HOSTILE_SLUG not in nav, f"{page} lists report pages in its nav"
        assert "首页" in nav


def test_nav_orders_entry_points_and_keeps_unknown_pages() -> None:
    uris = ["index.md", "maintainers/benchmarks.md", "reports/index.md", "themes/index.md", "themes/study.md", "about.md", "extra/x.md"]
    assert site_nav(uris) == [
        {"首页": "index.md"},
        {"报告目录": "reports/index.md"},
        {"主题": ["themes/index.md", "themes/study.md"]},
        {"维护说明": "maintainers/benchmarks.md"},
        "about.md",
        {"Extra": ["extra/x.md"]},
    ]
    assert site_nav([]) == []
