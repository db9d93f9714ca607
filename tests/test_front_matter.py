"""Front matter written directly must be exactly what PyYAML's dumper writes."""

from __future__ import annotations

import dataclasses
import random

import pytest
import yaml

from kb.model import ReportMeta
from kb.reportfile import FRONT_MATTER_KEYS, ReportFormatError, meta_from_dict, render_front_matter, split_front_matter

BASE = ReportMeta(
    title="金竹乡党委领导班子2016年度民主生活会对照检查材料",
    slug="duizhao-2016-synth-00132",
    source="synth_00132.txt",
    source_sha256="9099fdcbd6196968bbd573ab30cc8a8e4eef0a6fad6405499eedf86465c500bf",
    doc_type="民主生活会对照检查材料",
)

TRICKY_STRINGS = [
    "工作报告（synth_00132）",
    "2016",
    "0123",
    "1.5",
    "1_000",
    "2016-01-01",
    "yes",
    "No",
    "null",
    "~",
    "true",
    "on",
    ".inf",
    "a: b",
    "a #b",
    "#x",
    "-x",
    "- x",
    "---x",
    "...x",
    "x.",
    " leading",
    "trailing ",
    "",
    "'quoted'",
    '"quoted"',
    "a\nb",
    "tab\there",
    "镇党委《关于2023年度的报告》",
    "乡镇\u3000党委",
    "feff\ufeffin",
    "x" * 130,
    "004_52ae3a3a70d46959.txt",
    "0x1f",
    "1e3",
    "=",
    "<<",
    "***乡党委自查报告",
    "××镇领导班子述职报告",
    "2022年××镇自查报告",
    "关于**镇的报告",
    "*",
    "-",
    "-abc",
    "-1",
    ".abc",
    "a*b",
    "——总结",
    "\u00a0x",
    "x\u2028y",
    "x\x85y",
]


def _dumper_text(meta: ReportMeta) -> str:
    data = {}
    for key in FRONT_MATTER_KEYS:
        value = getattr(meta, key)
        data[key] = list(value) if isinstance(value, tuple) else dict(sorted(value.items())) if isinstance(value, dict) else value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


@pytest.mark.parametrize("text", TRICKY_STRINGS)
@pytest.mark.parametrize("field", ["title", "source", "doc_type", "place", "cleaning-key", "retired"])
def test_front_matter_matches_the_yaml_dumper(text: str, field: str) -> None:
    if field == "cleaning-key":
        meta = dataclasses.replace(BASE, cleaning={text: 2, "page-number": 1})
    elif field == "retired":
        meta = dataclasses.replace(BASE, retired_ids=("p-1a2b3c", text))
    else:
        meta = dataclasses.replace(BASE, **{field: text})
    assert render_front_matter(meta) == _dumper_text(meta)


@pytest.mark.parametrize(
    "meta",
    [
        BASE,
        dataclasses.replace(BASE, year=2016, place="金竹乡", passage_count=11, sidecar_sha256="ab" * 32),
        dataclasses.replace(BASE, cleaning={"watermark": 3, "page-number": 12}, retired_ids=("p-1a2b3c", "s-0f9e8d")),
        dataclasses.replace(BASE, year=0, passage_count=-1),
    ],
)
def test_front_matter_round_trips(meta: ReportMeta) -> None:
    text = render_front_matter(meta)
    assert text == _dumper_text(meta)
    data, _ = split_front_matter(f"---\n{text}---\n", "page.md")
    assert meta_from_dict(data, "page.md") == meta


@pytest.mark.parametrize(
    "alphabet",
    [
        # every kind of character the fast path must either write exactly or leave to the dumper
        "aZ09_.-*:#'\"!&|>%@`?,[]{}~= \t\n镇党委（）《》、，。×—“”…·\u00a0\u3000\u2028\x85\ufeff\U00020000",
        # characters it writes itself, in the orders that spell numbers, booleans, nulls and dates
        "aeEnNoOyYtTfFlLsSuUx0123456789_.-*:+~<=镇×（—\u00a0\U00020000",
    ],
)
def test_front_matter_matches_the_dumper_on_random_titles(alphabet: str) -> None:
    rng = random.Random(5)
    for _ in range(3000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        meta = dataclasses.replace(BASE, title=title, cleaning={title: 1}, retired_ids=(title,))
        assert render_front_matter(meta) == _dumper_text(meta), title


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("# 标题\n", "读取页面“reports/a.md”出错：开头没有前置信息"),
        ("---\ntitle: x\n", "读取页面“reports/a.md”出错：前置信息没有以 --- 结束"),
        ("---\ntitle: x\n  bad: y\n---\n", "读取页面“reports/a.md”的前置信息出错：第 3 行不是有效的 YAML"),
    ],
    ids=["no front matter", "front matter not closed", "front matter not yaml"],
)
def test_a_broken_page_is_named_and_the_maintainer_told_to_regenerate_it(text: str, says: str) -> None:
    with pytest.raises(ReportFormatError) as refused:
        split_front_matter(text, "reports/a.md")
    assert str(refused.value).startswith(says) and "python3 scripts/normalize.py" in str(refused.value)


def test_a_hand_edited_year_is_refused_in_chinese() -> None:
    data = {**yaml.safe_load(render_front_matter(BASE)), "year": "二〇一六"}
    with pytest.raises(ReportFormatError, match="读取页面“reports/a.md”的前置信息出错：year（年份）应是数字，而不是 '二〇一六'"):
        meta_from_dict(data, "reports/a.md")
