"""Golden cases for the normalizer's text rules, each labelled with the quirk it covers."""

from __future__ import annotations

import pytest

from helpers import case_ids, describe, golden, normalize
from kb.normalize.clean import clean_line, load_rules
from kb.normalize.placeholders import to_spans
from kb.normalize.rejoin import rejoin_lines

CLEAN = golden("clean.yml")
PLACEHOLDERS = golden("placeholders.yml")
SEGMENT = golden("segment.yml")
REJOIN = golden("rejoin.yml")


@pytest.mark.parametrize("case", CLEAN, ids=case_ids(CLEAN))
def test_cleaning_rules(case):
    line, removals = clean_line(case["input"], 7, load_rules(), case.get("region", "body"))
    assert (line.strip() if line is not None else None) == case["output"]
    assert [r.rule for r in removals] == case["rules"]
    assert all(r.line == 7 and r.text for r in removals)


@pytest.mark.parametrize("case", PLACEHOLDERS, ids=case_ids(PLACEHOLDERS))
def test_placeholder_runs(case):
    spans = to_spans(case["input"])
    assert [s.text for s in spans if s.placeholder] == case["blanks"]
    assert "".join(s.text for s in spans) == case["input"]


@pytest.mark.parametrize("case", REJOIN, ids=case_ids(REJOIN))
def test_rejoin_hard_wraps(case):
    lines = list(enumerate(case["input"], start=1))
    assert [t for _, t in rejoin_lines(lines)] == case["output"]


@pytest.mark.parametrize("case", SEGMENT, ids=case_ids(SEGMENT))
def test_segment_and_classify(case):
    report = normalize(case["input"]).report
    assert [describe(b) for b in report.blocks] == case["blocks"]


@pytest.mark.parametrize(
    "first_line",
    [
        "中共XX县XX镇委员会关于2022年度领导班子思想政治建设和党风廉政建设情况的报告",
        "XX镇党委领导班子2023年度学习贯彻习近平新时代中国特色社会主义思想主题教育专题民主生活会对照检查材料",
    ],
)
def test_a_long_title_naming_its_document_type_is_the_title(first_line):
    assert len(first_line) > 40
    done = normalize(first_line + "\n一、基本情况\n镇党委班子成员共**人。\n")
    assert done.report.meta.title == first_line
    assert first_line not in [b.text for b in done.report.blocks]


def test_a_long_first_line_of_a_wrapped_paragraph_is_not_a_title():
    # Text copied from a PDF breaks lines mid-sentence, with no punctuation at the break.
    first = "今年以来在县委县政府的坚强领导下我镇党委班子团结带领全镇广大干部群众凝心聚力真抓实干攻坚克难"
    done = normalize(first + "\n取得了显著成效。\n")
    assert done.report.meta.title != first and first in done.report.blocks[0].text


META = golden("meta.yml")


@pytest.mark.parametrize("case", META, ids=case_ids(META))
def test_title_year_type_and_place(case):
    done = normalize(case["input"])
    meta = done.report.meta
    assert (meta.title, meta.year, meta.doc_type, meta.place) == (case["title"], case["year"], case["type"], case["place"])
    assert case["title"] not in [b.text for b in done.report.blocks]  # the title is not also a passage


@pytest.mark.parametrize(
    "name, slug_start",
    [
        ("2024年自查报告.txt", "zicha-2024-"),  # a Chinese name that starts with its year
        ("zicha-2024.txt", "zicha-2024-zicha"),  # an ASCII name holding the year
    ],
)
def test_a_report_address_names_its_year_once(name, slug_start):
    done = normalize("2024年镇党委自查报告\n一、基本情况\n镇党委班子成员共7人，分工明确。\n", name=name)
    slug = done.report.meta.slug
    assert slug.startswith(slug_start) and slug.count("2024") == 1, slug


def test_a_sites_name_above_the_title_is_removed_and_logged():
    done = normalize("绿水县人民政府门户网站\n2026年绿水县政府工作报告\n各位代表：现在，我代表县人民政府向大会报告工作，请予审议，并请各位政协委员提出意见。\n")
    assert [b.text for b in done.report.blocks if "网站" in b.text] == []
    assert [(r.rule, r.text) for r in done.removals] == [("site-name", "绿水县人民政府门户网站")]


def test_a_heading_the_format_marks_is_never_rejoined_to_its_text():
    lines = [(1, "坚持党建引领推动乡村振兴取得新成效明显"), (2, "全年新建蔬菜大棚一百二十座，带动农户增收。")]
    assert len(rejoin_lines(lines)) == 1  # unmarked, a long line without a full stop reads as wrapped
    assert rejoin_lines(lines, alone={1}) == lines


def test_paragraphs_collapsed_onto_one_line_are_split_at_their_indents():
    from kb.normalize.read import read_source

    line = "　　根据县委安排，现将本人履职情况报告如下。　　一、主要做法　　全年召开党委会议24次。　　二、存在问题　　班子成员下村调研不够。"
    text = read_source("copied.txt", ("镇党委述职报告\n" + line + "\n述职人：　　张某某\n").encode("utf-8")).text
    assert text.rstrip("\n").split("\n") == [
        "镇党委述职报告", "　　根据县委安排，现将本人履职情况报告如下。", "一、主要做法", "全年召开党委会议24次。", "二、存在问题", "班子成员下村调研不够。",
        "述职人：　　张某某",  # one gap is spacing inside a line
    ]
