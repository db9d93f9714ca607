"""The jieba term list and the query segmenter fix behind Chinese search."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from kb.site.search import SEGMENTER_FIXES, SegmenterPatchError, anchored, fix_query_segmenter, teach_terms

ROOT = Path(__file__).resolve().parents[1]
USER_DICT = ROOT / "data" / "jieba-user-dict.txt"


@pytest.fixture(scope="module")
def segmenter() -> jieba.Tokenizer:
    """A jieba tokenizer taught our term list, as the search plugin teaches the global one."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("认真落实三会一课制度", "三会一课"),
        ("严格落实一岗双责", "一岗双责"),
        ("深入开展两学一做学习教育", "两学一做"),
        ("推行四议两公开一监督工作法", "四议两公开一监督"),
        ("严格执行三重一大决策制度", "三重一大"),
        ("坚决反对四风", "四风"),
        ("发展软籽石榴产业", "软籽石榴"),
        ("加强党风廉政建设", "廉政"),
    ],
)
def test_terms_are_indexed_as_whole_words(segmenter: jieba.Tokenizer, sentence: str, word: str) -> None:
    words = list(segmenter.cut(sentence))
    assert word in words, f"搜索“{word}”找不到这句话：索引把它切成了 {'/'.join(words)}"


def test_user_dictionary_lines_are_entries_not_comments() -> None:
    for number, line in enumerate(USER_DICT.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        assert 1 <= len(fields) <= 3 and not line.startswith("#"), f"line {number} is not `word [freq] [tag]`: {line!r}"
        assert len(fields) < 2 or fields[1].isdigit(), f"line {number}: frequency must be a number: {line!r}"


def test_segmenter_fix_corrects_both_bounds() -> None:
    shipped = "x;".join(before for before, _ in SEGMENTER_FIXES)
    fixed = fix_query_segmenter(shipped)
    assert fixed == "x;".join(after for _, after in SEGMENTER_FIXES)


def test_segmenter_fix_refuses_unknown_worker() -> None:
    with pytest.raises(SegmenterPatchError):
        fix_query_segmenter("function fe(t,e){}")


def test_relative_dictionary_paths_are_anchored_at_the_config() -> None:
    assert anchored("data/d.txt", "/srv/kb") == "/srv/kb/data/d.txt"
    assert anchored("/abs/d.txt", "/srv/kb") == "/abs/d.txt"


def test_terms_found_in_passages_are_taught_whole() -> None:
    tokenizer = jieba.Tokenizer()
    added = teach_terms(["三深入三公开", "五化", "五化", "补"], lambda w, f: tokenizer.add_word(w, freq=f))
    assert added == ["三深入三公开", "五化"], "single characters must not be taught as words"
    assert "三深入三公开" in list(tokenizer.cut("坚持三深入三公开工作法")), "a found 提法 was not indexed as one word"
