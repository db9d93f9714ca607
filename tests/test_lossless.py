"""No sentence of a seed is ever lost: each appears in its report's passages, in order."""

from __future__ import annotations

import re

import pytest

from helpers import SEEDS
from kb.model import BlockType
from kb.normalize.clean import clean_text, load_rules
from kb.normalize.decode import decode_source
from kb.normalize.placeholders import to_spans
from kb.normalize.pipeline import normalize_tree
from kb.reportfile import parse_report
from kb.text import split_sentences

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def folded(text: str) -> str:
    """Text as passages show it: placeholders as one blank, no whitespace."""
    plain = "".join("□" if s.placeholder else s.text for s in to_spans(text))
    return re.sub(r"\s+", "", plain)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lossless")
    result = normalize_tree(SEEDS, tmp / "docs", tmp / "lock.json")
    assert not result.refusals
    return {
        (r := parse_report(p.read_text(encoding="utf-8"), str(p))).meta.source: r for p in (tmp / "docs" / "reports").glob("*.md")
    }


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name for p in SEED_FILES])
def test_every_sentence_appears_in_order(seed, pages):
    report = pages[seed.name]
    text, _ = decode_source(seed.read_bytes())
    kept, _ = clean_text(text, load_rules())
    passages = "".join(folded(b.text) for b in report.blocks if b.type is BlockType.PASSAGE)
    other = {folded(b.number + b.text) for b in report.blocks if b.type is not BlockType.PASSAGE} | {folded(report.meta.title)}
    pos, checked = 0, 0
    for _, line in kept:
        for sentence in split_sentences(line):
            wanted = folded(sentence)
            if any(wanted.rstrip("。") in o or o in wanted for o in other if o) and wanted.rstrip("。") not in passages[pos:]:
                continue  # a title, heading, salutation or omission line
            found = passages.find(wanted, pos)
            if found < 0 and "）" in wanted or found < 0 and "是" in wanted[:3]:
                found = passages.find(re.sub(r"^.*?[。]", "", wanted, count=1), pos)  # a run-in heading's body
            assert found >= 0, f"{seed.name}: sentence lost or out of order: {sentence}"
            pos, checked = found, checked + 1
    assert checked > 10


def test_seed_000_blanks_are_not_bold(pages):
    report = pages["000_e9d13279cb2953d4.txt"]
    member = next(b for b in report.blocks if "成员" in b.text and b.type is BlockType.PASSAGE)
    assert "成员□人，其中书记□人" in member.text


@pytest.mark.parametrize(
    "kept_body, blocks_text, lost",
    [
        ("组织学习二十大精神。", "组织学习二十大精神", False),  # only punctuation dropped: fine
        ("组织学习二十大精神。", "组织学习二十精神", True),  # a character lost
        ("组织学习。二十大精神", "二十大精神组织学习", True),  # reordered
        ("学习学习精神", "学习精神", True),  # a repeated clause lost
    ],
)
def test_a_lost_or_reordered_character_stops_the_normalizer(kept_body, blocks_text, lost):
    from kb.model import Block, Span
    from kb.normalize.report import check_lossless

    kept = [(1, "镇党委自查报告"), (2, ""), (3, kept_body)]
    blocks = [Block(BlockType.PASSAGE, (Span(blocks_text),))]
    if not lost:
        check_lossless("x.txt", kept, "镇党委自查报告", blocks)
    else:
        with pytest.raises(AssertionError, match="x.txt: normalizer lost text"):
            check_lossless("x.txt", kept, "镇党委自查报告", blocks)
