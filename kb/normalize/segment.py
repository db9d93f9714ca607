"""Step 5: find the title, salutation, sign-off and the Chinese heading hierarchy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model import BlockType, TableRows
from kb.normalize.classify import heading_kind

# Marker styles in the order Chinese official documents nest them; a document may skip
# or reorder levels, so depth comes from the order styles first appear (see heading_level).
MARKER_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 第一部分 主要工作完成情况, 第二章, 第三篇: the outermost parts of a long report.
    ("part", re.compile(r"^(第[一二三四五六七八九十]{1,3}(?:部分|章|篇)[：:、]?)(?=[\s　]*[^\s　])")),
    # 一、 as the standard writes it, and as it is often typed: 一．, 一., 一 、
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3} ?[、．.](?![.．]))")),
    ("paren-cn", re.compile(r"^([（(][一二三四五六七八九十]{1,3}[）)])")),
    ("arabic", re.compile(r"^(\d{1,2}(?:、|．|\.(?!\d)))")),
    ("paren-arabic", re.compile(r"^([（(]\d{1,2}[）)])")),
    ("half-paren-arabic", re.compile(r"^(\d{1,2}[）)])(?=\S)")),  # 1）, as it is often typed
    ("circled", re.compile(r"^([①-⑳])")),
    ("lead", re.compile(r"^([一二三四五六七八九十]{1,3}是)(?=\S)")),
)
TITLE_MAX = 40
LONG_TITLE_MAX = 80
LONG_TITLE_END_RE = re.compile(r"(?:报告|材料|研判|总结|汇报|发言|提纲)[)）]?$")
RUN_IN_MAX = 40  # a run-in heading longer than this is a numbered paragraph, not a heading
LEAD_MAX = 30
HEADING_LINE_MAX = 60
_RUN_IN_END = re.compile("[。！？!?]")
_CLAUSE_PUNCT = re.compile(r"[。！？；!?;]")
SALUTATION_RE = re.compile(r"^(?:尊敬的.{1,40}|各位领导.{0,20}|同志们)[：:，,]?$")
# A report's addressee, the organisation it is sent to, on a line of its own before the body:
# 县纪委：, 县委组织部：, 市委第三巡察组：, 中共××县纪律检查委员会：. Only as the first body line.
ADDRESSEE_RE = re.compile(r"^[^。！？；，、\s：:]{1,30}(?:委员会|委|监委|政府|部|组|局|办公室|办|人大|政协|领导小组)[：:]$")
# An address to the audience on a line of its own, anywhere in a speech: "各位代表！".
ADDRESS_RE = re.compile(r"^(?:各位代表|各位委员|各位领导|各位同志|同志们|同事们)[！!：:，,]?$")
# Lines under a speech's title: "——2026年1月27日在……会议上" and the speaker, "县长 王某某".
SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--)[^。！？；]{2,60}$|^[^。！？；，\s]{0,16}(?:省长|市长|县长|区长|镇长|乡长|书记|主任|主席)[ 　]+[\u4e00-\u9fff·]{2,4}$")
_SENTENCE_CLOSE_RE = re.compile("[。！？!?][”’」』）)]*$")
DATE_RE = re.compile(r"^(?:\d{4}|[一二三四五六七八九〇○零]{4})\s*年\s*[\d一二三四五六七八九十〇○]{1,3}\s*月(?:\s*[\d一二三四五六七八九十〇○]{1,3}\s*日)?$")
# An organisation that signs a report: 中共××镇委员会, ××镇人民政府, ××村党支部, ××镇纪委.
ORGANISATION_RE = re.compile(r"(?:委员会|党委|人民政府|政府|党支部|党总支|纪委)$")
OMISSION_RE = re.compile(r"^[…\.。·]{2,}$")
# Elements of an official document around its signature (附件说明, 联系人, 抄送, 印发): each
# starts its own line.
OFFICIAL_ELEMENT_RE = re.compile(r"^(?:附件|联系人|联系电话|联系方式|抄送|抄报|主送|报送|签发人|承办人|印发)\s*[：:]")


@dataclass(frozen=True)
class Segment:
    """A line's role in the document, before passages are cut and classified."""

    type: BlockType
    text: str
    line: int
    number: str = ""
    style: str = ""
    level: int = 0
    # The whole line, for a heading that is a complete sentence: if no text follows it, it
    # is a numbered passage, not a heading with an empty body.
    sentence: str = ""
    rows: TableRows = ()  # tables only


def marker_of(line: str) -> tuple[str, str] | None:
    """The (style, marker) a line starts with, if it starts like a heading."""
    for style, pattern in MARKER_STYLES:
        match = pattern.match(line)
        if match:
            return style, match.group(1)
    return None


def is_title(line: str) -> bool:
    """Whether a first line reads as a document title.

    Longer than ``TITLE_MAX`` it must end by naming its document type: a line that long is
    otherwise the first line of a paragraph broken where a PDF's line ended.
    """
    if not line or line[-1] in "。！？；：:，,、" or marker_of(line) is not None or SALUTATION_RE.match(line):
        return False
    return len(line) <= TITLE_MAX or (len(line) <= LONG_TITLE_MAX and LONG_TITLE_END_RE.search(line) is not None)


def split_heading(line: str, style: str, number: str) -> tuple[str, str] | None:
    """(heading, run-in body) for a marked line, or None when it is a numbered paragraph."""
    rest = line[len(number) :].strip()
    limit = LEAD_MAX if style == "lead" else RUN_IN_MAX
    found = _RUN_IN_END.search(rest)
    end = found.start() if found else None
    if end is None:
        if len(rest) > HEADING_LINE_MAX or _CLAUSE_PUNCT.search(rest) or (style == "lead" and len(rest) > limit):
            return None
        return rest, ""
    head, body = rest[:end], rest[end + 1 :].lstrip("”’」』）)")
    if not head or len(head) > limit or _CLAUSE_PUNCT.search(head):
        return None
    following = marker_of(body.strip())
    if following is not None and following[0] == style:
        return None  # "一是……。二是……。": points of one list on one line, not a heading and its text
    # Keep closing quotes that belonged to the heading's sentence with the heading.
    closing = rest[end + 1 : len(rest) - len(body)]
    return head + closing, body.strip()


def find_signoff(lines: list[tuple[int, str]]) -> int:
    """Index where trailing sign-off lines (organisation, name, date) begin.

    They end with a date, or, undated, are one or two organisations' names. An official
    document's elements around the signature go with them: 附件：1.…  2.… above it, and
    （联系人：…）, 抄送：… below the date.
    """
    nonblank = [i for i, (_, text) in enumerate(lines) if text]
    while nonblank and _is_element(lines[nonblank[-1]][1]):
        nonblank.pop()
    if not nonblank:
        return _with_attachments(lines, len(lines))
    if not DATE_RE.match(lines[nonblank[-1]][1]):
        start = nonblank[-1] + 1  # after the body: any elements popped above are sign-off
        for i in reversed(nonblank[-2:]):
            if not is_organisation(lines[i][1]):
                break
            start = i
        return _with_attachments(lines, start)
    start = nonblank[-1]
    for i in reversed(nonblank[:-1][-2:]):
        if _is_signoff_line(lines[i][1]):
            start = i
        else:
            break
    return _with_attachments(lines, start)


def _is_element(text: str) -> bool:
    return OFFICIAL_ELEMENT_RE.match(text.lstrip("（(")) is not None


_LIST_ITEM_RE = re.compile(r"^\d{1,2}[.、．]")


def _with_attachments(lines: list[tuple[int, str]], start: int) -> int:
    """``start``, or where an 附件： list right above the sign-off begins."""
    i = start
    while i > 0 and (not lines[i - 1][1] or _LIST_ITEM_RE.match(lines[i - 1][1])):
        i -= 1
    if i > 0 and _is_element(lines[i - 1][1]):
        return i - 1
    return start


def _is_signoff_line(text: str) -> bool:
    return len(text) <= 25 and not _CLAUSE_PUNCT.search(text) and marker_of(text) is None and text[-1] not in "，,：:"


def is_organisation(text: str) -> bool:
    """Whether a line is only an organisation's name, as a sign-off writes it: 中共××镇委员会."""
    return _is_signoff_line(text) and "，" not in text and ORGANISATION_RE.search(text) is not None


def segment_lines(
    lines: list[tuple[int, str]], title_known: bool = False, marked: dict[int, int] | None = None, tables: dict[int, TableRows] | None = None
) -> tuple[str | None, list[Segment]]:
    """Title (if the first line is one) and the document's segments in order.

    ``marked`` maps line numbers the file's format marks as headings (a Word heading style) to
    their level; such a line is a heading whatever it looks like. ``tables`` maps the lines
    that hold a table's cells to its rows; such a line is a table.
    """
    marked = marked or {}
    tables = tables or {}
    body = lines
    first = next((i for i, (_, t) in enumerate(body) if t), None)
    title = None
    if first is not None and not title_known and is_title(body[first][1]):
        title = body[first][1]
        body = body[first + 1 :]
    cut = find_signoff(body)
    segments: list[Segment] = []
    open_styles: list[str] = []
    for i, (number, text) in enumerate(body[:cut]):
        if text and number in tables:
            segments.append(Segment(BlockType.TABLE, text, number, rows=tables[number]))
        elif text and number in marked:
            _marked_heading(number, text, marked[number], open_styles, segments)
        elif text:
            _segment_line(number, text, i < 8, open_styles, segments)
    segments += [Segment(BlockType.SIGNOFF, t, n) for n, t in body[cut:] if t]
    return title, sentences_without_body(unnumbered_headings(segments))


# A line that can head a part without a number: short, with no punctuation at all.
_BARE_HEADING_MAX = 25
_ANY_PUNCT = re.compile(r"[，。；：！？、,.;:!?…“”\"（）()]")


def _bare(seg: Segment) -> bool:
    return seg.type is BlockType.PASSAGE and len(seg.text) <= _BARE_HEADING_MAX and not _ANY_PUNCT.search(seg.text) and not seg.text.isdigit()


def unnumbered_headings(segments: list[Segment]) -> list[Segment]:
    """Short unpunctuated lines that stand before a paragraph are headings, as a web page's
    bold headings read once copied as text.

    Under a numbered heading, one sits a level below it. In a text with no numbered heading,
    one that names a section kind (存在的问题, 下一步打算, 主要工作开展情况) opens a part, and the
    others (强化理论武装) are headings inside the part above them.
    """
    out = list(segments)
    numbered: int | None = None  # level of the numbered heading above
    in_part = False
    for i, seg in enumerate(out):
        if seg.type is BlockType.HEADING:
            numbered = seg.level
            continue
        if not _bare(seg):
            continue
        following = next((s for s in out[i + 1 :] if not _bare(s)), None)
        if following is None or following.type is not BlockType.PASSAGE:
            continue
        if numbered is not None:
            level = min(numbered + 1, 5)
        else:
            opens_part = heading_kind(seg.text) is not None
            in_part = in_part or opens_part
            level = 1 if opens_part or not in_part else 2
        out[i] = Segment(BlockType.HEADING, seg.text, seg.line, "", "bare", level)
    return out


def sentences_without_body(segments: list[Segment]) -> list[Segment]:
    """Numbered sentences that head nothing become passages: a list of numbered problems.

    A numbered line that is a whole sentence (ends in 。) heads the text after it when some
    follows before the next heading at its level; with none, it is an item of a list, and as
    a heading it would be on no theme page.
    """
    out = list(segments)
    following: Segment | None = None  # the next segment as segmented, addresses aside, walking back
    for i in range(len(out) - 1, -1, -1):
        seg = out[i]
        if seg.type is BlockType.HEADING and seg.sentence:
            if following is None or following.type is BlockType.SIGNOFF or (following.type is BlockType.HEADING and following.level <= seg.level):
                out[i] = Segment(BlockType.PASSAGE, seg.sentence, seg.line)
        if seg.type is not BlockType.SALUTATION:
            following = seg
    return out


def _segment_line(number: int, text: str, near_top: bool, open_styles: list[str], out: list[Segment]) -> None:
    under_title = (near_top and not out) or (out and out[-1].type is BlockType.SUBTITLE)
    if under_title and SUBTITLE_RE.match(text):
        out.append(Segment(BlockType.SUBTITLE, text, number))
        return
    first_body_line = near_top and all(seg.type is BlockType.SUBTITLE for seg in out)
    if (near_top and SALUTATION_RE.match(text)) or ADDRESS_RE.match(text) or (first_body_line and ADDRESSEE_RE.match(text)):
        out.append(Segment(BlockType.SALUTATION, text, number))
        return
    if OMISSION_RE.match(text):
        out.append(Segment(BlockType.OMISSION, text, number))
        return
    marker = marker_of(text)
    if marker:
        style, mark = marker
        split = split_heading(text, style, mark)
        if split:
            head, run_in = split
            sentence = text if not run_in and _SENTENCE_CLOSE_RE.search(text) else ""
            out.append(Segment(BlockType.HEADING, head, number, mark, style, heading_level(open_styles, style), sentence))
            if run_in:
                out.append(Segment(BlockType.PASSAGE, run_in, number))
            return
    out.append(Segment(BlockType.PASSAGE, text, number))


def _marked_heading(number: int, text: str, level: int, open_styles: list[str], out: list[Segment]) -> None:
    marker = marker_of(text)
    style, mark = marker if marker else ("", "")
    if style:
        heading_level(open_styles, style)  # so unmarked headings after it nest the same way
    out.append(Segment(BlockType.HEADING, text[len(mark) :].strip(), number, mark, style, min(max(level, 1), 5)))


def heading_level(open_styles: list[str], style: str) -> int:
    """A heading's depth from the order marker styles nest in this document so far.

    ``open_styles`` holds the styles of the headings the next one sits under, outermost
    first; it is updated for the heading given.
    """
    if style in open_styles:
        del open_styles[open_styles.index(style) + 1 :]
    else:
        open_styles.append(style)
    return min(len(open_styles), 5)
