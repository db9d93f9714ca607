"""Step 8: give every passage a section kind, cutting paragraphs where the kind turns."""

from __future__ import annotations

import re

from kb.model import SectionKind
from kb.text import sentence_pieces

# A heading or label that opens the plans, in words other than 整改 alone.
PLANS_RE = re.compile(r"下一步|下步|对策|措施|打算|努力方向|今后|建议|计划|思路和打算|工作安排|重点工作|重点任务|(?:主要|目标)任务|今年(?:的)?工作|工作部署|展望")
RECTIFY_RE = re.compile(r"整改")

# Cues in section headings. The earliest cue in a heading decides; the outermost heading
# with any cue decides for everything under it, because sub-headings inside a problems
# section often name duties ("履职") and would otherwise read as practice.
HEADING_CUES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (SectionKind.OVERVIEW, re.compile(r"基本情况|总体情况|概况|基本概况")),
    (SectionKind.PROBLEM, re.compile(r"存在的?(?:主要)?问题|主要问题|问题(?:与|和|及)不足|不足|困难|差距|短板|问题$")),
    (SectionKind.CAUSE, re.compile(r"原因|根源|症结")),
    # A government work report's plans (2026年工作安排, 重点工作, 主要目标任务) and a
    # rectification report's next steps.
    (SectionKind.MEASURE, PLANS_RE),
    # 整改 alone: what will be rectified (a 对照检查材料's 整改措施), unless the report has a
    # part of its own for the plans; then it is what was rectified (see ``heading_kind``).
    (SectionKind.MEASURE, RECTIFY_RE),
    # A work report's review (工作回顾, 发展成就) and a rectification report's account of
    # what was rectified (整改落实情况), which must win over the 整改 of the plans above.
    (SectionKind.PRACTICE, re.compile(r"做法|经验|情况|成效|履职|工作开展|成绩|亮点|主要工作|回顾|成就|进展|整改(?:落实|推进|工作)?(?:情况|成效|进展)")),
)

# A sentence that turns a paragraph from achievements to shortcomings, e.g. seed 002's
# "……但仍存在一些不容忽视的差距和问题，集中表现在：", or a work report's turn to its problems:
# "我们也清醒地认识到……", "……困难和问题".
PROBLEM_TURN_RE = re.compile(
    r"(?:但|仍|依然|还|尚|也)[^。；]{0,12}存在[^。；]{0,30}(?:问题|不足|差距|短板|薄弱)"
    r"|(?:问题|不足|差距)[^。；]{0,8}表现在"
    r"|清醒(?:地)?(?:看到|认识到)|困难和问题|困难和挑战|问题和不足"
)
# A sentence that opens the plans, e.g. "今后，我们将……".
MEASURE_TURN_RE = re.compile(r"^(?:今后|下一步|下步|下阶段|明年|新的一年|我们将|今后一个时期)")
CAUSE_TURN_RE = re.compile(r"^(?:究其原因|分析原因|原因(?:主要)?(?:是|有)|产生(?:这些)?问题的原因)")
# "一是……二是……" inside one paragraph: each point becomes its own passage, when it opens the
# paragraph or follows a sentence or clause end.
_POINT_START = r"(?:^|(?<=[。；：！？;:”]))"
ENUM_RE = re.compile(_POINT_START + r"([一二三四五六七八九十])是")
_CN_DIGITS = "一二三四五六七八九十"
# "第一，" "第二、" … in the same places; "第一书记" is no point, for the numeral must be
# followed by a comma or colon.
ORDINAL_RE = re.compile(_POINT_START + r"第([一二三四五六七八九十])[，、,：:]")
SEQUENCE_RE = re.compile(_POINT_START + r"(首先|其次|再次|然后|最后)[，,：:]")


# A label opening a passage, as rectification reports and 对照检查材料 write them: "整改情况：",
# "问题表现：", "原因分析：". It names the passage's kind as a heading would.
# Only a label noun ends a label: "二是整改不彻底：" is a statement of a problem.
RUN_IN_LABEL_RE = re.compile(r"^((?![一二三四五六七八九十]是|第[一二三四五六七八九十])[^，。；：:、\s]{0,6}(?:情况|措施|成效|进展|表现|问题|原因|分析|打算|计划|做法|举措|方向))[：:]")


def heading_kind(heading: str, plans_elsewhere: bool = False) -> SectionKind | None:
    """Section kind a heading names, if any.

    ``plans_elsewhere``: the report has another top-level part for its plans (三、下一步工作打算),
    so a heading that names only 整改 (一、扛牢整改责任, 二、逐项整改落实) tells what was rectified.
    """
    best: tuple[int, int, SectionKind] | None = None
    for kind, pattern in HEADING_CUES:
        match = pattern.search(heading)
        if match and (best is None or (match.start(), -len(match.group(0))) < best[:2]):
            if pattern is RECTIFY_RE and plans_elsewhere and not PLANS_RE.search(heading):
                kind = SectionKind.PRACTICE
            best = (match.start(), -len(match.group(0)), kind)
    return best[2] if best else None


def names_plans(heading: str) -> bool:
    """Whether a heading opens the report's plans in words other than 整改 alone."""
    return heading_kind(heading) is SectionKind.MEASURE and PLANS_RE.search(heading) is not None


def label_kind(passage: str, plans_elsewhere: bool = False) -> SectionKind | None:
    """The kind a passage's opening label names: 整改情况：…, 存在问题：…."""
    match = RUN_IN_LABEL_RE.match(passage)
    return heading_kind(match.group(1), plans_elsewhere) if match else None


# The first sentence of a part whose heading names no kind (a speech's rhetorical heading,
# "一张蓝图绘到底……"), when it opens the year's plans: "2026年是……开局之年", "今年要……".
PLANS_OPENING_RE = re.compile(r"我们将|(?:主要)?预期目标|开局之年|今年(?!以来|上半年|前|[0-9一二三四五六七八九十])[^。]{0,6}(?:要|将)|(?:必须|要)(?:坚持|着力|重点)")


def opening_kind(passage: str) -> SectionKind | None:
    """The kind a top-level part without a cue in its heading takes from its first sentence."""
    first = sentence_pieces(passage)[:1]
    return SectionKind.MEASURE if first and PLANS_OPENING_RE.search(first[0]) else None


def kind_under(headings: list[str]) -> SectionKind:
    """Section kind for body text under the given heading path (outermost first)."""
    return kind_under_cues([heading_kind(h) for h in headings])


def kind_under_cues(cues: list[SectionKind | None]) -> SectionKind:
    """``kind_under`` for a heading path already read by ``heading_kind``, outermost first."""
    if not cues:
        return SectionKind.OVERVIEW
    return next((kind for kind in cues if kind is not None), SectionKind.PRACTICE)


def sentence_turn(sentence: str, current: SectionKind) -> SectionKind | None:
    """The kind a sentence turns the paragraph to, if it turns it."""
    if current is not SectionKind.MEASURE and MEASURE_TURN_RE.search(sentence):
        return SectionKind.MEASURE
    if current in (SectionKind.PRACTICE, SectionKind.OVERVIEW) and PROBLEM_TURN_RE.search(sentence):
        return SectionKind.PROBLEM
    if current is SectionKind.PROBLEM and CAUSE_TURN_RE.search(sentence):
        return SectionKind.CAUSE
    return None


def split_by_turns(paragraph: str, base: SectionKind) -> list[tuple[str, SectionKind]]:
    """Cut a paragraph where its sentences turn to another section kind."""
    parts: list[tuple[str, SectionKind]] = []
    current, buffer = base, ""
    for sentence in sentence_pieces(paragraph):
        turn = sentence_turn(sentence, current)
        if turn is not None and turn is not current:
            if buffer:
                parts.append((buffer, current))
            current, buffer = turn, ""
        buffer += sentence
    if buffer:
        parts.append((buffer, current))
    return parts


def split_enumeration(paragraph: str) -> list[str]:
    """Cut numbered points into separate passages: "一是……二是……", "第一，……第二，……" or
    "首先，……其次，……最后，……", when they count up from the first."""
    starts = _point_starts(paragraph)
    if len(starts) < 2:
        return [paragraph]
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(paragraph)]
    return [paragraph[a:b] for a, b in zip(bounds, bounds[1:]) if paragraph[a:b].strip()]


def _point_starts(paragraph: str) -> list[int]:
    for pattern in (ENUM_RE, ORDINAL_RE):
        starts = _counted_starts(pattern, paragraph)
        if len(starts) >= 2:
            return starts
    return _sequence_starts(paragraph)


def _counted_starts(pattern: re.Pattern[str], paragraph: str) -> list[int]:
    """Where points numbered 一, 二, 三 … in order begin; a numeral out of turn is not a point."""
    starts: list[int] = []
    expected = 0
    for match in pattern.finditer(paragraph):
        if _CN_DIGITS.index(match.group(1)) == expected:
            starts.append(match.start())
            expected += 1
    return starts


def _sequence_starts(paragraph: str) -> list[int]:
    """Where 首先, then 其次/再次/然后 and a closing 最后 begin; 首先 alone is no list."""
    starts: list[int] = []
    for match in SEQUENCE_RE.finditer(paragraph):
        word = match.group(1)
        if (word == "首先") == (not starts) and (not starts or paragraph[starts[-1] : starts[-1] + 2] != "最后"):
            starts.append(match.start())
    return starts if len(starts) >= 2 else []


def passages_of(paragraph: str, base: SectionKind) -> list[tuple[str, SectionKind]]:
    """The passages a paragraph becomes, each with its section kind."""
    return [(piece, kind) for part, kind in split_by_turns(paragraph, base) for piece in split_enumeration(part)]
