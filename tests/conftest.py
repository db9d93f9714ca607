"""Build real sites in tmp_path from the repository's mkdocs.yml, hooks and docs assets."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from kb.model import Block, BlockType, Report, ReportMeta, SectionKind, Span
from kb.reportfile import render_report

ROOT = Path(__file__).resolve().parents[1]
SITE_URL_HOST = "kb.example.gov.cn"

HOSTILE_SLUG = "shuzhi-2023-hostile"
PLAIN_SLUG = "zicha-2022-plain"
RETIRED_ID = "p-dead01"


def ph(original: str = "**") -> Span:
    """A redaction placeholder span."""
    return Span(original, placeholder=True)


def heading(level: int, number: str, text: str, id_: str) -> Block:
    """A heading block."""
    return Block(BlockType.HEADING, (Span(text),), id=id_, level=level, number=number)


def passage(kind: SectionKind, id_: str, *spans: Span | str) -> Block:
    """A passage block from plain strings and spans."""
    return Block(BlockType.PASSAGE, tuple(Span(s) if isinstance(s, str) else s for s in spans), id=id_, kind=kind)


def line(block_type: BlockType, text: str) -> Block:
    """A salutation, sign-off or omission block."""
    return Block(block_type, (Span(text),))


def meta(slug: str, title: str, source: str, passages: int, retired: tuple[str, ...] = ()) -> ReportMeta:
    """Front matter for a fixture report."""
    return ReportMeta(
        title=title, slug=slug, source=source, source_sha256="0" * 64, doc_type="shuzhi",
        year=2023, passage_count=passages, retired_ids=retired,
    )


def hostile_report() -> Report:
    """A report whose text looks like Markdown and HTML, with placeholders and retired ids."""
    blocks = (
        line(BlockType.SALUTATION, "各位领导、同志们："),
        heading(1, "一、", "做法<em>及</em>经验", "s-a1b2c3"),
        heading(2, "（一）", "# 班子 *结构* 与 _分工_", "s-d4e5f6"),
        passage(SectionKind.PRACTICE, "p-000001", "我镇共有党政领导班子成员", ph(), "人，其中书记", ph(), "人，镇长", ph("XX"), "人。"),
        passage(SectionKind.PRACTICE, "p-000002", "<script>alert(1)</script>学习制度落实到位。"),
        passage(SectionKind.OVERVIEW, "p-000003", "# 不是标题，详见[t](http://x)和<a href=\"http://evil.example\">链接</a>"),
        heading(1, "二、", "存在问题", "s-0a0b0c"),
        passage(SectionKind.PROBLEM, "p-000004", "> 不是引用"),
        passage(SectionKind.PROBLEM, "p-000005", "| a | b |"),
        passage(SectionKind.CAUSE, "p-000006", "1. 不是列表，`代码`也不是 **加粗**"),
        line(BlockType.OMISSION, "……"),
        heading(1, "三、", "下一步措施", "s-0d0e0f"),
        passage(SectionKind.MEASURE, "p-000007", "- 不是列表项 &amp; 实体 ![图](http://x/i.png)"),
        passage(SectionKind.MEASURE, "p-000008", "编号" + "1234567890" * 12 + "，" + "ABCDEFGHIJ" * 8 + "。"),
        Block(BlockType.SIGNOFF, (Span("中共"), ph(), Span("镇委员会"))),
    )
    count = sum(b.type is BlockType.PASSAGE for b in blocks)
    return Report(meta(HOSTILE_SLUG, "**镇<b>领导班子</b>述职报告", "hostile.txt", count, (RETIRED_ID,)), blocks)


def plain_report() -> Report:
    """A short ordinary report; its slug sorts after the hostile one."""
    blocks = (
        heading(1, "一、", "工作开展情况", "s-111111"),
        passage(SectionKind.PRACTICE, "p-100001", "组织全体机关干部系统学习。"),
        heading(1, "二、", "存在的问题", "s-222222"),
        passage(SectionKind.PROBLEM, "p-100002", "学习流于形式。"),
    )
    return Report(meta(PLAIN_SLUG, "镇党委自查报告", "plain.txt", 2), blocks)


def make_project(dest: Path, reports: list[Report], mkdocs_yml: str | None = None) -> Path:
    """A project folder with the repository's site files and the given report pages."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(mkdocs_yml or (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("reports"))
    # data/ holds build inputs (e.g. search dictionaries); the id lock belongs to the real sources.
    shutil.copytree(ROOT / "data", dest / "data", ignore=shutil.ignore_patterns("passage-ids.lock.json"))
    reports_dir = dest / "docs" / "reports"
    reports_dir.mkdir()
    for report in reports:
        (reports_dir / f"{report.meta.slug}.md").write_text(render_report(report), encoding="utf-8")
    return dest


def build_project(root: Path, strict: bool = True) -> Path:
    """Run a real MkDocs build of ``root``; in strict mode any warning aborts it."""
    config = load_config(str(root / "mkdocs.yml"), strict=strict)
    # jieba logs its dictionary loading at DEBUG on the root logger; keep test output readable.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    build(config)
    return Path(config.site_dir)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the hostile and plain fixture reports."""
    root = make_project(tmp_path_factory.mktemp("fixture"), [plain_report(), hostile_report()])
    return build_project(root)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's seed sources, copied so the build cannot touch the repo."""
    root = tmp_path_factory.mktemp("seeds")
    make_project(root, [])
    shutil.rmtree(root / "docs" / "reports")
    shutil.copytree(ROOT / "docs" / "reports", root / "docs" / "reports")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "data", root / "data", dirs_exist_ok=True)
    return build_project(root)
