"""End to end on real government work reports copied from web pages (../shared/corpus).

They are received data, not ours: read from where they lie, never copied into the project.
The always-run suite has small fixtures of our own with the same quirks (golden/clean.yml,
golden/meta.yml).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from kb.model import BlockType
from kb.normalize.clean import is_body_paragraph
from kb.normalize.pipeline import normalize_tree
from kb.text import content_chars
from kb.reportfile import parse_report

# Beside the checkout; .ci/run, which tests a copy of the checkout elsewhere, says where it is.
CORPUS = Path(os.environ.get("KB_WEB_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus" / "web-gov-reports")
# Page chrome the issue found published as passages; none may be a passage or start one.
CHROME = re.compile(r"(?:下载|打印|全屏|收藏|【字号：|加大|还原|减小|】|相关报道：)|(?:来源|时间|责任编辑|分享)：.*|扫一扫.*")

# Skipped only where nobody said where the corpus is: a run that names it (.ci/run) must find it.
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir() and not os.environ.get("KB_WEB_CORPUS"), reason=f"{CORPUS} is not here (it is in CI and beside the project checkout)"
)


@pytest.fixture(scope="module")
def normalized(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("web")
    sources = root / "sources"
    sources.mkdir()
    assert len(list(CORPUS.glob("*.txt"))) >= 8, f"{CORPUS} holds fewer than the 8 web reports these tests read"
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, sources / path.name)
    result = normalize_tree(sources, root / "docs", lock=root / "lock.json")
    reports = {}
    for page in sorted((root / "docs" / "reports").glob("*.md")):
        report = parse_report(page.read_text(encoding="utf-8"), str(page))
        reports[report.meta.source] = report
    return result, reports


def test_every_web_report_is_read(normalized):
    result, reports = normalized
    assert result.refusals == [] and len(reports) == len(list(CORPUS.glob("*.txt")))


def test_title_year_type_and_place_are_the_reports_own(normalized):
    _, reports = normalized
    for name, report in reports.items():
        meta = report.meta
        assert re.fullmatch(r"2026年\S{2,8}(?:省|市|自治区)政府工作报告", meta.title), (name, meta.title)
        assert (meta.year, meta.doc_type) == (2026, "政府工作报告"), name
        assert meta.place and meta.place in meta.title, (name, meta.place)


def test_no_page_chrome_is_a_passage(normalized):
    _, reports = normalized
    chrome = [(name, p.text) for name, r in reports.items() for p in r.passages() if CHROME.fullmatch(p.text)]
    assert chrome == []


def test_every_sentence_is_kept_and_only_page_furniture_is_removed(normalized):
    result, reports = normalized
    for name, report in reports.items():
        page = content_chars("".join([report.meta.title] + [b.number + "".join(s.text for s in b.spans) for b in report.blocks]))
        removed = {r.line: r.rule for r in result.removals[name]}
        lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            if number in removed:  # a photo caption is a sentence, but not the report's
                assert not is_body_paragraph(line) or removed[number] == "photo-caption", (name, number, line)
            elif content_chars(line):
                assert content_chars(line) in page, (name, number, line[:40])


def test_review_and_plans_get_the_kinds_a_reader_expects(normalized):
    _, reports = normalized
    for name, report in reports.items():
        kinds = [(p.headings[0] if p.headings else "", p.section.value) for p in report.passages()]
        review = [k for h, k in kinds if re.search(r"回顾|成就|成效", h)]
        plans = [k for h, k in kinds if re.search(r"工作安排|重点工作", h) and "回顾" not in h]
        # "……我们将加大工作力度" after the review's problems is rightly a measure.
        assert review and review.count("practice") + review.count("problem") >= 0.9 * len(review), name
        assert not plans or plans.count("measure") == len(plans), name
        assert any(k == "problem" for _, k in kinds), name  # 清醒看到……的困难和问题
    assert sum(1 for r in reports.values() for b in r.blocks if b.type is BlockType.SALUTATION) >= len(reports)
