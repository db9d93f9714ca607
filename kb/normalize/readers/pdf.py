"""PDF reader: a text-layer PDF to one paragraph per line, by the geometry of its lines.

A PDF holds positioned glyphs, not paragraphs. Lines broken by the page width are re-joined
when a line reaches the right margin and the next starts at the left text edge in the same
style; a ~2-character indent, a wider gap, a short line or a change of font ends a paragraph.
Running headers and footers are dropped by where they sit (the top and bottom band of a page)
and by repeating on most pages, not by a list of words.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from kb.normalize.readers import Extracted, Unreadable
from kb.normalize.segment import marker_of
from kb.text import SENTENCE_END

# pdfminer warns on stderr about every font it finds odd (Chromium's Type 3 fonts have no
# FontBBox); the text is still right, and a maintainer cannot act on those warnings.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

OCR_NEEDED = "扫描件，需先做文字识别（OCR）：{why}；请用 OCR 软件（如 WPS、Adobe Acrobat 的“文字识别”）转成带文字的 PDF 或 Word 后再放入，或另存为 .txt"
_PARAGRAPH_END = tuple(SENTENCE_END + "：:”")  # a finished sentence or a lead-in
BAND = 0.12  # share of the page height at the top and bottom where running headers and footers sit
BAD_GLYPHS = 0.2  # share of unreadable glyphs beyond which the text layer is of no use
CID = re.compile(r"\(cid:\d+\)")

# Noto/Source Han CJK fonts map some ideographs to the same glyph as a radical, and Chromium's
# and Word's PDF text then holds the radical (⻘ U+2ED8 for 青). Kangxi radicals (U+2F00-2FDF) have
# NFKC forms; these CJK Radicals Supplement forms do not. Table found by rendering every radical
# and every unified ideograph in Noto Sans CJK SC and matching identical glyphs.
RADICALS = {
    0x2E82: "乛", 0x2E83: "乚", 0x2E85: "亻", 0x2E89: "刂", 0x2E8B: "㔾", 0x2E8F: "尣", 0x2E90: "尢",
    0x2E92: "巳", 0x2E93: "幺", 0x2E94: "彑", 0x2E95: "彐", 0x2E96: "忄", 0x2E98: "扌", 0x2E99: "攵",
    0x2E9B: "旡", 0x2E9E: "歺", 0x2E9F: "母", 0x2EA0: "民", 0x2EA1: "氵", 0x2EA3: "灬", 0x2EA4: "爫",
    0x2EA6: "丬", 0x2EA8: "犭", 0x2EAD: "礻", 0x2EAF: "糹", 0x2EB0: "纟", 0x2EB1: "罓", 0x2EB3: "㓁",
    0x2EB9: "耂", 0x2EBA: "肀", 0x2EBE: "艹", 0x2EC2: "衤", 0x2EC5: "见", 0x2EC6: "角", 0x2EC8: "讠",
    0x2EC9: "贝", 0x2ECB: "车", 0x2ECC: "辶", 0x2ED0: "钅", 0x2ED1: "長", 0x2ED2: "镸", 0x2ED3: "长",
    0x2ED4: "门", 0x2ED6: "阝", 0x2ED8: "青", 0x2ED9: "韦", 0x2EDA: "页", 0x2EDB: "风", 0x2EDC: "飞",
    0x2EDD: "食", 0x2EDF: "飠", 0x2EE0: "饣", 0x2EE2: "马", 0x2EE3: "骨", 0x2EE4: "鬼", 0x2EE5: "鱼",
    0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾", 0x2EEB: "斉", 0x2EEC: "齐",
    0x2EEE: "齿", 0x2EEF: "竜", 0x2EF0: "龙", 0x2EF1: "龜", 0x2EF2: "亀", 0x2EF3: "龟",
}  # fmt: skip

# Shapes of what a page's margin holds besides text: page numbers, a browser's print date, an address.
FURNITURE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"[-–—－_·•<〈（(\[]*\d{1,4}[-–—－_·•>〉）)\]]*",  # 3, - 3 -, —3—, (3)
        r"第\d+页(?:[,，/]?共\d+页)?|共\d+页[,，/]?第\d+页|\d+/\d+",  # 第1页共3页, 第 1 页, 1/2
        r"(?:page|p\.)\d+(?:of\d+)?",
        r"\d{2,4}[/\-.年]\d{1,2}[/\-.月]\d{1,2}日?[,，]?(?:上午|下午)?(?:\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m)?)?",
        r"(?:https?|file)://\S+|www\.\S+",
    )
)
BOLD = re.compile(r"bold|black|heavy|semibold|demi|simhei|黑体", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One printed line: its text and where and how it is set."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    segments: tuple[str, ...]  # the text split where a wide blank separates pieces (date | title)
    first_unit: float  # width of what would have to fit at the end of the line before: a word or a character


@dataclass(frozen=True)
class Layout:
    """The page measures the body text is set to."""

    em: float
    left: float
    right: float
    pitch: float


@dataclass(frozen=True)
class PdfReading:
    """What read_pdf took out, and what it did: lines dropped from the margins, line breaks removed."""

    extracted: Extracted
    dropped: tuple[str, ...]
    joined: int


def read_pdf(data: bytes) -> Extracted:
    """The text of a PDF with a text layer, one paragraph per line; raises Unreadable otherwise."""
    return read_pdf_explained(data).extracted


def read_pdf_explained(data: bytes) -> PdfReading:
    """read_pdf, with the running headers and footers it dropped and how many lines it joined."""
    pages = _open(data)
    _refuse_without_text(pages)
    lines = [line for number, (size, chars, _) in enumerate(pages) for line in _lines(number, chars)]
    body, dropped = _drop_furniture(lines, [size for size, _, _ in pages])
    if not body:
        raise Unreadable("PDF 里只有页眉、页脚和页码，没有正文；请确认文件是否完整")
    layout = _layout(body)
    paragraphs = _paragraphs(body, layout)
    spaced = _spaces_latin(body)
    texts = [_join(group, spaced) for group in paragraphs]
    title = texts[0] if _is_title(paragraphs[0], layout) else None
    headings = tuple(_headings(paragraphs, layout, skip_first=title is not None))
    extracted = Extracted("\n".join(texts), title=title, headings=headings, wrapped=False, format="pdf")
    return PdfReading(extracted, tuple(line.text for line in dropped), len(body) - len(paragraphs))


# Opening and refusing


def _open(data: bytes) -> list[tuple[tuple[float, float], list[dict], float]]:
    """Per page: (width, height), its upright characters, and the share of it covered by images."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [((p.width, p.height), [c for c in p.chars if c.get("upright", True)], _image_cover(p)) for p in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds of error on damaged files; all mean the same to a user
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise Unreadable("PDF 文件设置了打开密码（已加密），无法读取文字；请用密码打开后另存为不加密的 PDF，或另存为 .txt") from exc
        raise Unreadable(f"PDF 文件无法打开（文件已损坏或只下载了一部分：{type(cause).__name__}）；请重新获取原文件") from exc


def _image_cover(page) -> float:
    """The share of the page's area that its images cover (a scanned page is one image)."""
    area = sum(max(0.0, float(i["x1"]) - float(i["x0"])) * max(0.0, float(i["bottom"]) - float(i["top"])) for i in page.images)
    return min(1.0, area / (page.width * page.height)) if page.width and page.height else 0.0


def _refuse_without_text(pages: list[tuple[tuple[float, float], list[dict], float]]) -> None:
    """Raise Unreadable for a PDF whose pages are pictures or whose glyphs have no Unicode meaning."""
    glyphs = [c["text"] for _, chars, _ in pages for c in chars if not c["text"].isspace()]
    if not glyphs:
        why = "每一页都只有图像，没有文字层" if any(cover for _, _, cover in pages) else "文件里没有可提取的文字"
        raise Unreadable(OCR_NEEDED.format(why=why))
    bad = sum(1 for g in glyphs if is_unreadable_glyph(g))
    if bad / len(glyphs) > BAD_GLYPHS:
        raise Unreadable(OCR_NEEDED.format(why=f"文字层是无法识别的字形编码（{bad} 个字形没有对应的汉字，如 (cid:123)）"))
    pictures = [str(n + 1) for n, (_, chars, cover) in enumerate(pages) if cover > 0.5 and not any(not c["text"].isspace() for c in chars)]
    if pictures:
        raise Unreadable(OCR_NEEDED.format(why=f"第 {'、'.join(pictures)} 页是图像，没有文字层，读出的文字会缺这几页"))


def is_unreadable_glyph(text: str) -> bool:
    """Whether an extracted character is a glyph number or a private-use code: no real character."""
    return bool(CID.fullmatch(text)) or any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)


# Characters to lines


def _lines(page: int, chars: list[dict]) -> list[Line]:
    """The page's characters grouped into lines by baseline, top to bottom."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (_baseline(c), c["x0"])):
        if rows and abs(_baseline(char) - _baseline(rows[-1][0])) <= 0.35 * min(char["size"], rows[-1][0]["size"]):
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = [_line(page, sorted(row, key=lambda c: c["x0"])) for row in rows]
    return [line for line in lines if line.text]


def _baseline(char: dict) -> float:
    """Distance of the character's baseline from the top of the page: the same for a CJK and a Latin font
    on one line, where their tops and bottoms differ."""
    matrix = char.get("matrix")
    if matrix is None:
        return float(char["bottom"])
    # top is measured from the top of the page and y1 from the bottom, so top + y1 is the page height
    return float(char["top"]) + float(char["y1"]) - float(matrix[5])


def _line(page: int, chars: list[dict]) -> Line:
    """A line from its characters, left to right."""
    glyphs = [c for c in chars if not c["text"].isspace()]
    if not glyphs:
        return Line(page, "", 0, 0, 0, 0, 0, 0, False, (), 0)
    size = statistics.median(c["size"] for c in glyphs)
    pieces: list[list[dict]] = [[]]
    for prev, char in zip([None, *chars], chars):
        if prev is not None and char["x0"] - prev["x1"] > 2.5 * size and not char["text"].isspace():
            pieces.append([])
        pieces[-1].append(char)
    segments = tuple(t for t in (_text(p) for p in pieces) if t)
    return Line(
        page=page,
        text=" ".join(segments),
        x0=float(glyphs[0]["x0"]),
        x1=float(glyphs[-1]["x1"]),
        top=float(min(c["top"] for c in glyphs)),
        bottom=float(max(c["bottom"] for c in glyphs)),
        baseline=_baseline(glyphs[0]),
        size=float(size),
        bold=all(BOLD.search(c["fontname"]) for c in glyphs if _is_word_char(_fix(c["text"]))) and any(_is_word_char(c["text"]) for c in glyphs),
        segments=segments,
        first_unit=_first_unit(glyphs),
    )


def _first_unit(glyphs: list[dict]) -> float:
    """Width of the line's first word (Latin letters and digits) or first character with its punctuation."""
    end = 1
    if _is_ascii_word(glyphs[0]["text"]):
        while end < len(glyphs) and _is_ascii_word(glyphs[end]["text"]) and glyphs[end]["x0"] - glyphs[end - 1]["x1"] < 0.2 * glyphs[0]["size"]:
            end += 1
    elif end < len(glyphs) and unicodedata.category(glyphs[end]["text"][0]).startswith("P"):
        end += 1  # a line may not start with a comma, so the character before it came down too
    return float(glyphs[end - 1]["x1"] - glyphs[0]["x0"])


def _text(chars: list[dict]) -> str:
    """The characters' text: spaces kept only where the PDF has them or Latin words stand apart."""
    out: list[str] = []
    pending_space = False
    prev = None
    for char in chars:
        text = _fix(char["text"])
        if text.isspace():
            pending_space = prev is not None
            continue
        if prev is not None:
            gap = char["x0"] - prev["x1"]
            latin_gap = _is_ascii_word(out[-1][-1]) and _is_ascii_word(text[0]) and gap > 0.2 * char["size"]
            if (pending_space and not (_is_wide(out[-1][-1]) and _is_wide(text[0]))) or latin_gap:
                out.append(" ")
        out.append(text)
        prev, pending_space = char, False
    return "".join(out).strip()


def _fix(text: str) -> str:
    """A character as the text means it: radicals that stand for ideographs replaced by them."""
    # Kangxi radicals and Latin ligatures (ﬁ) have NFKC forms; NFKC on the whole text would turn full-width
    # Chinese punctuation into ASCII.
    return "".join(RADICALS.get(ord(ch)) or (unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF or 0xFB00 <= ord(ch) <= 0xFB06 else ch) for ch in text)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%,-")


def _is_word_char(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# Running headers and footers


def _drop_furniture(lines: list[Line], sizes: list[tuple[float, float]]) -> tuple[list[Line], list[Line]]:
    """The lines without page furniture, and the lines dropped as furniture."""
    in_band = [_in_band(line, sizes[line.page][1]) for line in lines]
    repeated = _repeated(lines, sizes, in_band)
    keep, drop = [], []
    for line, band in zip(lines, in_band):
        furniture = band and (id(line) in repeated or any(_is_furniture(s) for s in line.segments))
        (drop if furniture else keep).append(line)
    return keep, drop


def _in_band(line: Line, height: float) -> bool:
    return line.bottom < BAND * height or line.top > (1 - BAND) * height


def _is_furniture(segment: str) -> bool:
    """Whether a piece of a margin line has the shape of a page number, a print date or an address."""
    compact = re.sub(r"\s+", "", segment)
    return any(p.fullmatch(compact) for p in FURNITURE)


def _repeated(lines: list[Line], sizes: list[tuple[float, float]], in_band: list[bool]) -> set[int]:
    """Ids of margin lines whose text (numbers aside) recurs at the same place on most pages."""
    pages = len(sizes)
    if pages < 2:
        return set()
    places: dict[str, list[tuple[int, float]]] = {}
    for line, band in zip(lines, in_band):
        if band:
            places.setdefault(_repeat_key(line), []).append((line.page, _place(line, sizes[line.page][1])))
    out = set()
    for line, band in zip(lines, in_band):
        if not band:
            continue
        here = _place(line, sizes[line.page][1])
        on = {page for page, place in places[_repeat_key(line)] if abs(place - here) <= max(3.0, 0.5 * line.size)}
        if len(on) >= max(2, (pages + 1) // 2):
            out.add(id(line))
    return out


def _repeat_key(line: Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _place(line: Line, height: float) -> float:
    """Distance from the page edge the line is nearest to: a footer keeps it when page heights differ."""
    return line.top if line.top < height / 2 else height - line.bottom


# Lines to paragraphs


def _layout(body: list[Line]) -> Layout:
    """The body text's size, left and right edges and line pitch, from the lines most of the text is in."""
    em = Counter(round(line.size, 1) for line in body for _ in line.text).most_common(1)[0][0]
    main = [line for line in body if abs(line.size - em) <= 0.1 * em] or body
    left = Counter(round(line.x0) for line in main).most_common(1)[0][0]
    right = sorted(line.x1 for line in main)[int(0.9 * (len(main) - 1))]
    steps = [b.baseline - a.baseline for a, b in zip(main, main[1:]) if a.page == b.page and 0 < b.baseline - a.baseline < 3 * em]
    return Layout(em=em, left=float(left), right=float(right), pitch=statistics.median(steps) if steps else 1.5 * em)


def _paragraphs(body: list[Line], layout: Layout) -> list[list[Line]]:
    """The lines grouped into paragraphs, in reading order."""
    groups = [[body[0]]]
    for prev, line in zip(body, body[1:]):
        if _continues(prev, line, layout):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _continues(prev: Line, line: Line, layout: Layout) -> bool:
    """Whether ``line`` carries on the paragraph ``prev`` is in, rather than starting a new one."""
    if abs(prev.size - line.size) > 0.1 * layout.em or prev.bold != line.bold:
        return False
    if line.page == prev.page and line.baseline - prev.baseline > 1.3 * max(layout.pitch, 1.2 * line.size):
        return False
    if _centred(prev, layout) and _centred(line, layout) and line.size > 1.15 * layout.em:
        return True  # a title set over two lines
    if prev.text.rstrip().endswith(_PARAGRAPH_END) and marker_of(line.text.lstrip()) is not None:
        # A numbered part after a finished sentence starts afresh, even where the paragraph
        # gap cannot show it: at the top of a page, or in a document without paragraph spacing.
        return False
    starts_at_edge = abs(line.x0 - layout.left) <= 0.5 * layout.em
    return starts_at_edge and prev.x1 + line.first_unit + layout.em >= layout.right


def _centred(line: Line, layout: Layout) -> bool:
    return line.x0 > layout.left + layout.em and abs((line.x0 + line.x1) / 2 - (layout.left + layout.right) / 2) <= layout.em


def _spaces_latin(body: list[Line]) -> bool:
    """Whether the text mostly puts a space between Chinese and Latin letters or digits ("GDP 增长 6.5%")."""
    text = "\n".join(line.text for line in body)
    spaced = len(re.findall(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z%] [\u4e00-\u9fff]", text))
    tight = len(re.findall(r"[\u4e00-\u9fff][0-9A-Za-z]|[0-9A-Za-z%][\u4e00-\u9fff]", text))
    return spaced > tight


def _join(lines: list[Line], spaced: bool) -> str:
    """A paragraph's text: its lines joined; a space where the line break swallowed one between words.

    The browser or Word drops the space a line was broken at, so between two Latin words one is put
    back, and between Chinese and Latin only when the text spaces them elsewhere."""
    text = lines[0].text
    for line in lines[1:]:
        a, b = text[-1], line.text[0]
        latin = _is_ascii_word(a) and _is_ascii_word(b) and a.isalnum() and b.isalnum()
        mixed = spaced and ((_is_wide(a) and b.isascii() and b.isalnum()) or ((a.isascii() and a.isalnum() or a == "%") and _is_wide(b) and b.isalnum()))
        text += (" " if latin or mixed else "") + line.text
    return text


def _is_title(paragraph: list[Line], layout: Layout) -> bool:
    """Whether the first paragraph is a title: centred on the first page in a clearly larger font."""
    first = paragraph[0]
    return first.page == 0 and all(_centred(line, layout) for line in paragraph) and first.size >= 1.2 * layout.em


def _headings(paragraphs: list[list[Line]], layout: Layout, skip_first: bool) -> list[tuple[int, int]]:
    """(line, level) of one-line paragraphs set bold or larger than the body: larger fonts are outer levels."""
    found = []
    for number, paragraph in enumerate(paragraphs, 1):
        line = paragraph[0]
        if (number == 1 and skip_first) or len(paragraph) > 1 or line.x1 + layout.em >= layout.right:
            continue
        if line.size >= 1.15 * layout.em or line.bold:
            found.append((number, round(line.size, 1)))
    levels = {size: level for level, size in enumerate(sorted({size for _, size in found}, reverse=True), 1)}
    return [(number, min(levels[size], 3)) for number, size in found]
