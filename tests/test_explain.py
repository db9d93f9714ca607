"""`scripts/normalize.py --explain FILE` tells a maintainer what each step did to one file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("normalize_cli", ROOT / "scripts" / "normalize.py")
normalize_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(normalize_cli)

REPORT = (
    "【更多#素~材尽在哒&哒文库】\n"
    "某镇党委2024年度述职报告\n"
    "各位领导：\n"
    "一、主要工作\n"
    "全镇上下认真学习党的二十大精神，组织班子成员开展集中学\n"
    "习十二次。\n"
    "二、存在问题\n"
    "一是理论学习不够深入。\n"
)


def explain(path: Path, capsys) -> tuple[int, str]:
    code = normalize_cli.main(["--explain", str(path)])
    return code, capsys.readouterr().out


def test_explain_names_each_step_and_what_it_changed(tmp_path: Path, capsys) -> None:
    source = tmp_path / "sources" / "a.txt"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    code, out = explain(source, capsys)
    assert code == 0
    assert "第 1 行，规则 watermark：删去“【更多#素~材尽在哒&哒文库】”" in out
    assert "第 2 行：某镇党委2024年度述职报告" in out
    assert "第 6 行接到上一行后面" in out  # the hard-wrapped "习十二次。"
    assert "第 7 行：标题（第 1 级，编号“二、”）：存在问题" in out
    assert "存在问题：一是理论学习不够深入。" in out
    assert "年份：2024" in out and "类型：述职报告" in out
    # Explaining writes nothing: no report page, no lock, no cleaning log.
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "sources"]


def test_explain_ends_with_the_refusal_reason(tmp_path: Path, capsys) -> None:
    source = tmp_path / "b.txt"
    source.write_text("【更多#素~材尽在哒&哒文库】\n", encoding="utf-8")
    code, out = explain(source, capsys)
    assert code == 0
    assert "【拒绝】" in out and "没有剩下报告正文" in out
