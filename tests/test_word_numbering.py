"""Word's automatic numbering rendered as Word shows it: golden cases over plain level data."""

from __future__ import annotations

import pytest

from helpers import case_ids, golden
from kb.normalize.readers.wordnumbering import Level, Numbering, NumberingInstance, render_numbers

NUMBERING = golden("word-numbering.yml")


def numbering_of(case: dict) -> Numbering:
    abstracts = {a: {int(i): Level(*lvl) for i, lvl in levels.items()} for a, levels in case["abstracts"].items()}
    instances = {
        n: NumberingInstance(spec[0], {int(k): v for k, v in (spec[1] if len(spec) > 1 else {}).items()}) for n, spec in case["instances"].items()
    }
    return Numbering(abstracts, instances)


@pytest.mark.parametrize("case", NUMBERING, ids=case_ids(NUMBERING))
def test_word_numbering(case):
    paragraphs = [tuple(p) if p is not None else None for p in case["paragraphs"]]
    assert render_numbers(numbering_of(case), paragraphs) == case["numbers"]
