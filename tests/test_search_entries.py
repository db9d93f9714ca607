"""Report pages are indexed for search from the report itself, exactly as Material would parse them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_project, hostile_report, make_project, meta, passage, ph, plain_report

from kb.model import Block, BlockType, Report, SectionKind, Span, TableRows, table_spans
from kb.site import searchentries

SPACES_SLUG = "zicha-2024-spaces"


def table_block(*rows: tuple[tuple[Span, ...], ...]) -> Block:
    table: TableRows = tuple(rows)
    return Block(BlockType.TABLE, table_spans(table), rows=table)


def spaces_report() -> Report:
    """Whitespace where the search parser collapses it: between tooltips and between placeholders."""
    blocks = (
        Block(BlockType.HEADING, (Span("学习"), ph(), Span("\u3000制度")), id="s-5a0001", level=1, number="一、"),
        passage(SectionKind.PRACTICE, "p-5a0001", "坚持三会一课\u3000一岗双责，落实四议两公开一监督  三会一课。"),
        passage(SectionKind.PRACTICE, "p-5a0002", ph(), "  ", ph("XX"), "\u00a0", ph("××"), "人参加。"),
        passage(SectionKind.PROBLEM, "p-5a0003", "一岗双责\u00a0\u00a0两学一做 \t 三会一课"),
        passage(SectionKind.MEASURE, "p-5a0004", ph()),
        # A table: empty cells, a cell of spaces, placeholders, markup-like text, a ragged row.
        table_block(((Span("姓名"),), (), (Span("  "),), (Span("<b>职务</b>"),)), ((Span("张"), ph()), (Span("书记 & 镇长"),)), ((ph("XX"),),)),
        Block(BlockType.SIGNOFF, (Span("中共"), ph(), Span("  镇委员会"))),
    )
    count = sum(b.type is BlockType.PASSAGE for b in blocks)
    return Report(meta(SPACES_SLUG, "关于三会一课\u3000落实情况的自查报告", "spaces.txt", count), blocks)


def built_index(root: Path) -> str:
    return (build_project(root) / "search" / "search_index.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The search index of one project built three ways: ours with the segmenting worker, ours
    segmenting in the build process, and Material parsing every page."""
    reports = [plain_report(), hostile_report(), spaces_report()]
    project = make_project(tmp_path_factory.mktemp("project"), reports)
    # The seed reports too: real headings, placeholders and tooltips.
    for path in (ROOT / "docs" / "reports").glob("*.md"):
        shutil.copy(path, project / "docs" / "reports" / path.name)
    started: list[bool] = []
    start = searchentries.DeferredSegmenter.start
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        # Other tests may leave threads running (a local web server); this build must use the worker.
        patch.setattr(searchentries.threading, "active_count", lambda: 1)
        patch.setattr(searchentries.DeferredSegmenter, "start", lambda self, index: started.append(start(self, index)) or started[-1])
        out["worker"] = built_index(project)
    assert started and all(started), "the segmenting worker did not run"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchentries.DeferredSegmenter, "start", lambda self, index: False)
        out["in process"] = built_index(project)
    with pytest.MonkeyPatch.context() as patch:
        # The hook imports install() when MkDocs loads it, so this build keeps Material's own handler.
        patch.setattr(searchentries, "install", lambda *args, **kwargs: None)
        out["material"] = built_index(project)
    return out


@pytest.mark.parametrize("way", ["worker", "in process"])
def test_report_sections_give_the_index_material_would_build(indexes: dict[str, str], way: str) -> None:
    assert indexes[way] == indexes["material"]


def test_report_passages_are_in_the_index(indexes: dict[str, str]) -> None:
    docs = json.loads(indexes["worker"])["docs"]
    spaces = [d for d in docs if d["location"].startswith(f"reports/{SPACES_SLUG}/")]
    # The title section and the heading's section, the heading under its own anchor.
    assert [d["location"] for d in spaces] == [f"reports/{SPACES_SLUG}/", f"reports/{SPACES_SLUG}/#s-5a0001"]
    # jieba marks its word breaks with U+200B; readers' text is what remains without them.
    text = spaces[1]["text"].replace("\u200b", "")
    assert "□ □ □人参加" in text and "坚持三会一课 一岗双责" in text
    hostile = " ".join(d["text"] for d in docs if "hostile" in d["location"])
    assert "&lt;script&gt;" in hostile and "<script>" not in hostile
    # Chips and relation lines stay out of the index.
    assert "复制链接" not in " ".join(d["text"] for d in docs)


def test_install_refuses_a_search_plugin_it_cannot_find() -> None:
    class Plugins:
        events = {"page_context": [lambda *a, **k: None]}
        _event_origins: dict = {}

    with pytest.raises(searchentries.SearchHookError, match="on_page_context is not registered"):
        searchentries.install(Plugins(), "material/search", searchentries.SearchFastPath(object(), lambda page: None))
