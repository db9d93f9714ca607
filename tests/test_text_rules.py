"""Golden cases for the normalizer's text rules, each labelled with the quirk it covers."""

from __future__ import annotations

import random
import re

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
    line, removals = clean_line(case["input"], 7, load_rules())
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


def test_placeholder_regex_matches_its_plain_reading():
    # PLACEHOLDER_RE is written for speed; it must find exactly what this plain form finds.
    from kb.normalize.placeholders import PLACEHOLDER_RE

    plain = re.compile(
        r"\*+"
        r"|(?<![A-Za-z])[Xx]+(?![A-Za-z])"
        r"|×+"
        r"|_{2,}|＿{2,}"
        r"|(?<![一二三四五六七八九〇零○])○{2,}(?![一二三四五六七八九〇零年])"
    )
    pool = "*Xx×_＿○〇一二零年aZ9 镇1"
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in PLACEHOLDER_RE.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert "".join(s.text for s in to_spans(text)) == text


def test_enumeration_regex_matches_its_plain_reading():
    # ENUM_RE is written for speed; it must find exactly what this plain form finds.
    from kb.normalize.classify import ENUM_RE

    plain = re.compile(r"(?:(?<=[。；：！？;:”])|^)([一二三四五六七八九十])是")
    pool = "一二三十是。；：！？;:”a镇"
    rng = random.Random(4)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        assert [(m.start(), m.group(0)) for m in ENUM_RE.finditer(text)] == [(m.start(), m.group(0)) for m in plain.finditer(text)], text
