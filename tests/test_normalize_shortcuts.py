"""The normalizer's shortcuts give exactly what the plain way of doing the same gives."""

from __future__ import annotations

from kb.normalize.pipeline import SeenTexts
from kb.normalize.report import content_chars


def test_seen_texts_names_the_first_source_with_the_same_content():
    seen = SeenTexts()
    texts = {
        "a.txt": "镇党委的工作报告。一是学习。",
        "b.txt": "镇党委的工作报告，一是学习",  # same content characters as a.txt
        "c.txt": "镇党委的工作总结。一是学习。",  # same counts of the counted characters, other content
        "d.txt": "镇党委的工作总结；一是学习！",  # repeats c.txt
        "e.txt": "完全不同的一份报告。",
        "f.txt": "No Chinese at all.",
        "g.txt": "no chinese, at all",  # same letters as f.txt but in other case: not the same
        "h.txt": "No-Chinese at_all!",  # "_" is not content, like the punctuation
    }
    found = {name: seen.original_of(name, text) for name, text in texts.items()}
    assert found == {
        "a.txt": None,
        "b.txt": "a.txt",
        "c.txt": None,
        "d.txt": "c.txt",
        "e.txt": None,
        "f.txt": None,
        "g.txt": None,
        "h.txt": "f.txt",
    }


def test_seen_texts_agrees_with_comparing_content_directly():
    import random

    rng = random.Random(5)
    pool = "的是一在和镇党委，。 A1_"
    seen, by_content = SeenTexts(), {}
    for n in range(3000):
        name, text = f"{n}.txt", "".join(rng.choice(pool) for _ in range(rng.randrange(1, 7)))
        key = content_chars(text)
        expected = by_content.get(key)
        if expected is None:
            by_content[key] = name
        assert seen.original_of(name, text) == expected, text


def test_problem_turn_regex_matches_its_plain_reading():
    # PROBLEM_TURN_RE is written out for speed; it must find exactly what this plain form finds.
    import random
    import re

    from kb.normalize.classify import PROBLEM_TURN_RE

    plain = re.compile(r"(?:但|仍|依然|还|尚|也)[^。；]{0,12}存在[^。；]{0,30}(?:问题|不足|差距|短板|薄弱)|(?:问题|不足|差距)[^。；]{0,8}表现在")
    words = ["但", "仍", "依然", "依", "还", "尚", "也", "存在", "问题", "不足", "差距", "短板", "薄弱", "表现在", "镇", "，", "。", "；"]
    rng = random.Random(8)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        match = PROBLEM_TURN_RE.search(text)
        expected = plain.search(text)
        assert (match and match.span()) == (expected and expected.span()), text
        found += match is not None
    assert found > 1000


def test_separator_regexes_match_their_plain_reading():
    # Written "[…][…]*" for speed; they must split and strip exactly like "[…]+".
    import random
    import re

    from kb.normalize.ids import _CLAUSE_SPLIT, _SEPARATOR
    from kb.normalize.report import _NOT_CONTENT

    clause_plain = re.compile(_SEPARATOR + "+")
    content_plain = re.compile(r"[\W_]+")
    pool = list("镇党委，。；、：！？,.;:!?“”\"'‘’（）()《》〈〉【】[]—…·_ \t\u3000a1")
    rng = random.Random(9)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert _CLAUSE_SPLIT.split(text) == clause_plain.split(text), text
        assert _NOT_CONTENT.sub("", text) == content_plain.sub("", text), text


def test_fresh_ids_are_what_giving_ids_one_at_a_time_gives():
    import random

    from kb.normalize.ids import _fresh_ids, _new_id_of

    def one_at_a_time(prints: list[str], taken: set[str]) -> list[str]:
        taken, ids = set(taken), []
        for print_ in prints:
            ids.append(_new_id_of("p", print_, taken))
            taken.add(ids[-1])
        return ids

    rng = random.Random(7)
    for _ in range(300):
        # Small alphabets repeat texts often, so collisions and their fallback are exercised.
        prints = ["".join(rng.choice("学习落实") for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(0, 30))]
        taken = set(rng.sample(one_at_a_time(prints, set()), k=min(2, len(prints)))) if prints and rng.random() < 0.3 else set()
        assert _fresh_ids("p", prints, taken) == one_at_a_time(prints, taken)
