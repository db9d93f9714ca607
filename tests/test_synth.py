"""Tests for scripts/synth.py, the synthetic benchmark corpus generator."""

from __future__ import annotations

import codecs
import importlib.util
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_SIZE = 50

WATERMARK_RE = re.compile(r"【[^】\n]*哒[^】\n]*文库[^】\n]*】")
PAGE_LINE_RE = re.compile(r"^(?:- \d+ -|第 ?\d+ ?页(?: 共 \d+ 页)?|—\d+—)$", re.M)
PLACEHOLDER_RE = re.compile(r"\*\*|XX|××|__")
TOP_HEADING_RE = re.compile(r"^\s*一、\S", re.M)
SECOND_HEADING_RE = re.compile(r"^\s*二、\S", re.M)


def _load_synth() -> ModuleType:
    # scripts/ is not a package; load the file under its own name so dataclasses can find it.
    spec = importlib.util.spec_from_file_location("synth", REPO_ROOT / "scripts" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def sniff_decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes by BOM, then strict UTF-8, then GB18030; LF line ends."""
    if data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE):
        codec = "utf-16"
    else:
        try:
            data.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            codec = "gb18030"
    return data.decode(codec).replace("\r\n", "\n"), codec


def is_hard_wrapped(text: str) -> bool:
    """True when nearly all lines are cut to PDF width (about 30-40 characters)."""
    lines = [line for line in text.splitlines() if line.strip()]
    short = sum(1 for line in lines if len(line) <= 44)
    mid = sum(1 for line in lines if 30 <= len(line) <= 44)
    return short >= 0.9 * len(lines) and mid >= 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("synth")
    reports = synth.write_corpus(CORPUS_SIZE, out)
    return out, reports


@pytest.fixture(scope="module")
def decoded(corpus: tuple[Path, list]) -> dict[str, tuple[str, str]]:
    out, _ = corpus
    return {p.name: sniff_decode(p.read_bytes()) for p in sorted(out.glob("*.txt"))}


def test_count_and_names(corpus: tuple[Path, list]) -> None:
    out, reports = corpus
    names = sorted(p.name for p in out.iterdir())
    assert len(reports) == CORPUS_SIZE
    assert names == [f"synth_{i:05d}.txt" for i in range(1, CORPUS_SIZE + 1)]
    assert [r.filename for r in reports] == names


def test_runs_in_processes_with_other_hash_seeds_write_the_same_bytes(corpus: tuple[Path, list], tmp_path: Path) -> None:
    out, _ = corpus
    runs = []
    for seed in ("1", "4242"):
        dest = tmp_path / seed
        command = [sys.executable, str(REPO_ROOT / "scripts" / "synth.py"), "--reports", str(CORPUS_SIZE), "--out", str(dest)]
        subprocess.run(command, check=True, capture_output=True, env=os.environ | {"PYTHONHASHSEED": seed})
        runs.append({p.name: p.read_bytes() for p in sorted(dest.iterdir())})
    assert runs[0] == runs[1]
    assert runs[0] == {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_smaller_corpus_is_prefix_of_larger(corpus: tuple[Path, list]) -> None:
    _, reports = corpus
    small = synth.generate_corpus(12)
    assert [r.to_bytes() for r in small] == [r.to_bytes() for r in reports[:12]]


def test_rewrite_removes_stale_files(tmp_path: Path) -> None:
    synth.write_corpus(4, tmp_path)
    synth.write_corpus(2, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synth_00001.txt", "synth_00002.txt"]


def test_other_seed_gives_other_corpus() -> None:
    a = synth.generate_corpus(3)
    b = synth.generate_corpus(3, base_seed=synth.BASE_SEED + 1)
    assert [r.text for r in a] != [r.text for r in b]


def test_decoded_texts_are_unique(decoded: dict[str, tuple[str, str]]) -> None:
    texts = [text for text, _ in decoded.values()]
    assert len(set(texts)) == len(texts) == CORPUS_SIZE


def test_encodings_vary_and_decode_to_the_generated_text(
    corpus: tuple[Path, list], decoded: dict[str, tuple[str, str]]
) -> None:
    _, reports = corpus
    codecs_used = Counter(codec for _, codec in decoded.values())
    assert set(codecs_used) == {"utf-8", "utf-8-sig", "gb18030", "utf-16"}
    assert codecs_used["utf-8"] > CORPUS_SIZE // 2
    for report in reports:
        text, codec = decoded[report.filename]
        assert text == report.text
        assert codec == report.encoding


def test_gb18030_files_are_not_utf8(corpus: tuple[Path, list]) -> None:
    out, reports = corpus
    gb = [r for r in reports if r.encoding == "gb18030"]
    assert gb
    for report in gb:
        with pytest.raises(UnicodeDecodeError):
            (out / report.filename).read_bytes().decode("utf-8")


def test_line_ends_vary(corpus: tuple[Path, list], decoded: dict[str, tuple[str, str]]) -> None:
    out, _ = corpus
    raw_codec = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "gb18030": "gb18030", "utf-16": "utf-16-le"}
    crlf = [name for name, (_, codec) in decoded.items() if "\r\n".encode(raw_codec[codec]) in (out / name).read_bytes()]
    assert 0 < len(crlf) < CORPUS_SIZE
    assert any(decoded[name][1] != "utf-8" for name in crlf)


def test_every_text_encodes_in_gb18030(corpus: tuple[Path, list]) -> None:
    _, reports = corpus
    for report in reports:
        assert report.text.encode("gb18030").decode("gb18030") == report.text


def test_sizes(decoded: dict[str, tuple[str, str]]) -> None:
    sizes = [len(text.encode("utf-8")) for text, _ in decoded.values()]
    assert all(4_000 <= s <= 20_480 for s in sizes), (min(sizes), max(sizes))
    assert 6_000 <= statistics.mean(sizes) <= 10_500


def test_every_report_has_chinese_section_headings(decoded: dict[str, tuple[str, str]]) -> None:
    for name, (text, _) in decoded.items():
        assert TOP_HEADING_RE.search(text), name
        assert SECOND_HEADING_RE.search(text), name


def test_quirks_present_somewhere(decoded: dict[str, tuple[str, str]]) -> None:
    texts = [text for text, _ in decoded.values()]
    assert any(WATERMARK_RE.search(t) for t in texts)
    assert any(PAGE_LINE_RE.search(t) for t in texts)
    assert any("本文来源于网络" in t or "文章来源于网络" in t for t in texts)
    assert any(re.search(r"^……$", t, re.M) for t in texts)
    paid = [t for t in texts if synth.PAID_BEGIN in t]
    assert paid
    for t in paid:
        # The begin marker sits inside a sentence and the end marker closes the file.
        assert re.search(r"[^\s，。；：]##paidbegin##[^\s，。；：]", t)
        assert t.rstrip("\n").endswith(synth.PAID_END)
    with_placeholders = sum(1 for t in texts if PLACEHOLDER_RE.search(t))
    assert with_placeholders > CORPUS_SIZE // 2


def test_quirks_are_not_everywhere(decoded: dict[str, tuple[str, str]]) -> None:
    texts = [text for text, _ in decoded.values()]
    assert sum(1 for t in texts if WATERMARK_RE.search(t)) < CORPUS_SIZE // 2
    assert sum(1 for t in texts if is_hard_wrapped(t)) < CORPUS_SIZE // 2


def test_hard_wrapped_files_match_generator(corpus: tuple[Path, list], decoded: dict[str, tuple[str, str]]) -> None:
    _, reports = corpus
    wrapped = [r.filename for r in reports if is_hard_wrapped(decoded[r.filename][0])]
    assert wrapped
    assert wrapped == [r.filename for r in reports if "wrap" in r.quirks]


def test_problem_and_measure_sentences_keep_their_section_kind() -> None:
    pools = synth.load_seed_pools()
    problem = "个别班子成员对党建工作认识模糊，有应付现象。"
    measure = "坚持干部会前学纪学法、党委中心组学习制度。"
    assert problem in pools.sentences["problems"]
    assert problem not in pools.sentences["practice"]
    assert measure in pools.sentences["measures"]
    assert measure not in pools.sentences["problems"]


def test_split_sentences_keeps_end_punctuation() -> None:
    parts = synth.split_sentences("问题表现在：一是学习不够。二是作风不实；三是“四风”问题仍存在！")
    assert parts == ["问题表现在：", "一是学习不够。", "二是作风不实；", "三是“四风”问题仍存在！"]


def test_cli_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth.main(["--reports", "3", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    total = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert len(lines) == 1
    assert "3 reports" in lines[0] and f"{total} bytes" in lines[0]
