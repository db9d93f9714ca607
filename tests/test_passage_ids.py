"""Passage links never break: ids survive re-runs, neighbours changing and small corrections."""

from __future__ import annotations

import re

from helpers import normalize
from kb.model import BlockType

REPORT = """镇党委自查报告
一、工作开展情况
组织全体机关干部系统学习了党的二十大精神，牢固树立科学发展观。
深入开展党的群众路线教育实践活动，切实加强干部思想政治建设。
完善了机关干部出勤和行踪公示制度等日常管理制度**个。
二、存在的问题
领导干部上党课少，指导党建工作少，组织生活流于形式。
"""


def ids_by_text(text: str, locked=None) -> tuple[dict[str, str], object]:
    done = normalize(text, locked=locked)
    return {b.text: b.id for b in done.report.blocks if b.type is BlockType.PASSAGE}, done


def test_ids_are_ascii_and_not_positional():
    ids, _ = ids_by_text(REPORT)
    assert all(re.fullmatch(r"p-[0-9a-f]{6,}", i) for i in ids.values())
    assert len(set(ids.values())) == 4


def test_rerun_gives_the_same_ids():
    first, done = ids_by_text(REPORT)
    again, _ = ids_by_text(REPORT, locked=done.lock)
    assert first == again


def test_inserting_and_removing_other_passages_keeps_ids():
    first, done = ids_by_text(REPORT)
    edited = REPORT.replace("深入开展党的群众路线教育实践活动，切实加强干部思想政治建设。\n", "").replace(
        "一、工作开展情况\n", "一、工作开展情况\n新增一段：换届选举工作有序开展，圆满完成。\n"
    )
    after, _ = ids_by_text(edited, locked=done.lock)
    for text in ["组织全体机关干部系统学习了党的二十大精神，牢固树立科学发展观。", "领导干部上党课少，指导党建工作少，组织生活流于形式。"]:
        assert after[text] == first[text]


def test_small_corrections_keep_the_id():
    first, done = ids_by_text(REPORT)
    corrections = {
        "typo": ("科学发展观", "科学发展观念"),
        "punctuation": ("上党课少，指导", "上党课少、指导"),
        "placeholder filled in": ("制度**个", "制度10个"),
    }
    for label, (old, new) in corrections.items():
        after, _ = ids_by_text(REPORT.replace(old, new), locked=done.lock)
        shown_old = old.replace("**", "□")
        original = next(t for t in first if shown_old in t)
        assert after[original.replace(shown_old, new)] == first[original], label


def test_reordered_passages_keep_their_ids():
    first, done = ids_by_text(REPORT)
    lines = REPORT.split("\n")
    lines[2], lines[3] = lines[3], lines[2]
    after, _ = ids_by_text("\n".join(lines), locked=done.lock)
    assert after == first


def test_removed_passage_id_is_retired_and_never_given_to_other_text():
    first, done = ids_by_text(REPORT)
    gone = "完善了机关干部出勤和行踪公示制度等日常管理制度□个。"
    after, done2 = ids_by_text(REPORT.replace("完善了机关干部出勤和行踪公示制度等日常管理制度**个。\n", ""), locked=done.lock)
    assert first[gone] in done2.report.meta.retired_ids
    assert first[gone] not in after.values()
    back, done3 = ids_by_text(REPORT, locked=done2.lock)
    assert back[gone] == first[gone]
    assert first[gone] not in done3.report.meta.retired_ids


def test_headings_keep_ids_when_renumbered_text_is_unchanged():
    done = normalize(REPORT)
    again = normalize(REPORT.replace("二、存在的问题", "二、存在的问题与不足"), locked=done.lock)
    old = [b.id for b in done.report.blocks if b.type is BlockType.HEADING]
    new = [b.id for b in again.report.blocks if b.type is BlockType.HEADING]
    assert old[0] == new[0]
    assert all(re.fullmatch(r"s-[0-9a-f]{6,}", i) for i in new)


def test_many_identical_passages_each_get_their_own_id_and_keep_it():
    # A checklist repeats the same answer line; once the hex digits of its hash run out
    # (a sha1 digest has 40), each further copy still needs an id of its own.
    report = "镇党委自查报告\n一、存在的问题\n" + "此项工作已按要求落实到位。\n" * 45
    done = normalize(report)
    ids = [b.id for b in done.report.blocks if b.type is BlockType.PASSAGE]
    assert len(ids) == 45 and len(set(ids)) == 45
    again = normalize(report, locked=done.lock)
    assert [b.id for b in again.report.blocks if b.type is BlockType.PASSAGE] == ids


def test_a_passage_split_into_parts_keeps_its_id_on_the_first_part():
    # The source is reformatted, or the normalizer learns to cut a list into points: links to
    # the whole passage must still reach where its text begins.
    parts = [
        "组织全体机关干部系统学习了党的二十大精神，牢固树立科学发展观。",
        "深入开展党的群众路线教育实践活动，切实加强干部思想政治建设。",
        "完善了机关干部出勤和行踪公示制度等日常管理制度**个。",
    ]
    whole = "".join(parts).replace("**", "□")
    first, done = ids_by_text(REPORT.replace("\n".join(parts), "".join(parts)))
    assert whole in first
    after, done2 = ids_by_text(REPORT, locked=done.lock)
    head = parts[0]
    assert after[head] == first[whole]
    assert not set(after[p.replace("**", "□")] for p in parts[1:]) & set(first.values())
    assert first[whole] not in done2.report.meta.retired_ids
    others = [t for t in first if t != whole]
    assert all(after[t] == first[t] for t in others)
