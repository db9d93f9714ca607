"""Word .docx files: paragraphs and tables in reading order, headings from their styles.

A paragraph is one line. Its list number (Word's automatic numbering, which is not in the
run text) is rendered in front of it as Word shows it, so "一、" and "（一）" reach the
pipeline as the marker they are on paper. Heading levels come from the paragraph's style
(Heading 1 / 标题 1, or an outline level); a table becomes one line holding every cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from kb.normalize.readers import Extracted, Table, Unreadable
from kb.normalize.readers.wordnumbering import Level, Numberer, Numbering, NumberingInstance

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_HEADING_ID = re.compile(r"^(?:heading)?([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
# A table of contents repeats the headings with page numbers: the headings themselves follow.
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Elements whose text is not on the page: moved-away text, and the fallback copy of a text box.
_SKIPPED = {W + "moveFrom", W + "del", MC_FALLBACK, W + "instrText", W + "delText"}


@dataclass(frozen=True)
class _Style:
    """What a paragraph style says about headings and numbering."""

    style_id: str
    name: str
    based_on: str | None
    outline: int | None  # w:outlineLvl, 0 outermost
    num: tuple[str | None, int | None] | None  # (numId, ilvl) from the style's w:numPr


@dataclass
class _Document:
    """The parts of a .docx the reader consults while walking the body."""

    styles: dict[str, _Style]
    default_style: str | None
    numberer: Numberer
    style_levels: dict[tuple[str, str], int] = field(default_factory=dict)  # (abstract, style) -> ilvl


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _num_pr(ppr) -> tuple[str | None, int | None] | None:
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None
    return _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"))


def _read_styles(root) -> tuple[dict[str, _Style], str | None]:
    styles, default = {}, None
    for el in root.iter(W + "style") if root is not None else ():
        if el.get(W + "type") != "paragraph":
            continue
        style_id = el.get(W + "styleId") or ""
        ppr = el.find(W + "pPr")
        styles[style_id] = _Style(style_id, _val(el, "name") or "", _val(el, "basedOn"), _int(_val(ppr, "outlineLvl")), _num_pr(ppr))
        if el.get(W + "default") in ("1", "true", "on"):
            default = style_id
    return styles, default


def _read_level(el) -> Level:
    return Level(_val(el, "numFmt") or "decimal", _val(el, "lvlText") or "", _int(_val(el, "start")) or 0 if _val(el, "start") else 1)


def _read_numbering(root) -> tuple[Numbering, dict[tuple[str, str], int]]:
    """Level definitions and instances of ``numbering.xml``, and which style owns which level."""
    abstracts: dict[str, dict[int, Level]] = {}
    style_levels: dict[tuple[str, str], int] = {}
    instances: dict[str, NumberingInstance] = {}
    if root is None:
        return Numbering(), style_levels
    for el in root.iter(W + "abstractNum"):
        abstract_id = el.get(W + "abstractNumId") or ""
        levels = {}
        for lvl in el.iter(W + "lvl"):
            ilvl = _int(lvl.get(W + "ilvl")) or 0
            levels[ilvl] = _read_level(lvl)
            if _val(lvl, "pStyle"):
                style_levels[(abstract_id, _val(lvl, "pStyle"))] = ilvl
        abstracts[abstract_id] = levels
    for el in root.iter(W + "num"):
        starts, redefined = {}, {}
        for override in el.iter(W + "lvlOverride"):
            ilvl = _int(override.get(W + "ilvl")) or 0
            start = _int(_val(override, "startOverride"))
            if start is not None:
                starts[ilvl] = start
            lvl = override.find(W + "lvl")
            if lvl is not None:
                redefined[ilvl] = _read_level(lvl)
        instances[el.get(W + "numId") or ""] = NumberingInstance(_val(el, "abstractNumId") or "", starts, redefined)
    return Numbering(abstracts, instances), style_levels


def _style_chain(doc: _Document, style_id: str | None) -> list[_Style]:
    chain: list[_Style] = []
    current = style_id if style_id in doc.styles else doc.default_style
    while current in doc.styles and all(s.style_id != current for s in chain):
        chain.append(doc.styles[current])
        current = doc.styles[current].based_on
    return chain


def _heading_level(own_outline: int | None, chain: list[_Style]) -> int | None:
    """A paragraph's heading level (1 outermost) from its outline level or style; None for body text."""
    if own_outline is not None:
        return own_outline + 1 if own_outline < 9 else None
    for style in chain:
        named = _HEADING_NAME.match(style.name) or _HEADING_ID.match(style.style_id)
        if named:
            return int(named.group(1))
        if style.outline is not None:
            return style.outline + 1 if style.outline < 9 else None
    return None


def _paragraph_number(doc: _Document, ppr, chain: list[_Style]) -> str:
    own = _num_pr(ppr)
    num_id, ilvl = own if own else (None, None)
    from_style = next((s for s in chain if s.num is not None), None)
    if num_id is None and from_style is not None:
        num_id, style_ilvl = from_style.num
        if ilvl is None:
            ilvl = style_ilvl
    if num_id is None:
        return ""
    if ilvl is None:
        instance = doc.numberer.numbering.instances.get(num_id)
        owner = from_style.style_id if from_style else ""
        ilvl = doc.style_levels.get((instance.abstract, owner), 0) if instance else 0
    return doc.numberer.number(num_id, ilvl)


def _run_text(el, out: list[str]) -> None:
    """Append the visible text under an element, in order."""
    for child in el:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p" and out:
            out.append(" ")  # a paragraph of a text box inside this one
            _run_text(child, out)
        else:
            # Soft line breaks (w:br, w:cr) add nothing: a paragraph is one line.
            _run_text(child, out)


def _text_of(el) -> str:
    """The visible text of an element; a tab reads as a space."""
    return _text_with_tabs(el).replace("\t", " ")


def _text_with_tabs(el) -> str:
    out: list[str] = []
    _run_text(el, out)
    return _CONTROL.sub("", "".join(out)).strip()


# A typed table of contents: a title, a tab whose stop draws leader dots, and the page number.
_TAB_TO_PAGE = re.compile(r"^(.+?)\t+(\d{1,4})$")


def _leader_tabs(ppr, text: str) -> str:
    """The text as the page shows it when a tab stop of the paragraph draws leader dots to a page
    number (一、履职情况……1), so the table-of-contents cleaning rule knows it; other tabs are spaces."""
    leaders = ppr is not None and any(t.get(W + "leader") not in (None, "none") for t in ppr.iter(W + "tab"))
    match = _TAB_TO_PAGE.match(text) if leaders else None
    if match:
        return f"{match.group(1).replace(chr(9), ' ')}……{match.group(2)}"
    return text.replace("\t", " ")


def _join_number(number: str, text: str) -> str:
    if not number:
        return text
    # "一、" and "（一）" run straight into their text, as on paper; "1." and "A." take a space.
    return number + text if not number[-1].isascii() else f"{number} {text}"


@dataclass
class _Lines:
    """The lines being built, with the marks the pipeline reads."""

    lines: list[str] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    tables: list[tuple[int, Table]] = field(default_factory=list)
    title: str | None = None


def _paragraph(doc: _Document, p, out: _Lines | None) -> str:
    """A paragraph's line (number and text); recorded in ``out`` with its heading mark if given."""
    ppr = p.find(W + "pPr")
    chain = _style_chain(doc, _val(ppr, "pStyle"))
    number = _paragraph_number(doc, ppr, chain)
    text = _leader_tabs(ppr, _text_with_tabs(p))
    if not text or (chain and _TOC_NAME.match(chain[0].name)):
        return ""
    line = _join_number(number, text)
    if out is not None:
        out.lines.append(line)
        names = {s.name.lower() for s in chain[:1]}
        if out.title is None and names & _TITLE_NAMES and not number:
            out.title = line
        else:
            level = _heading_level(_int(_val(ppr, "outlineLvl")), chain)
            if level is not None:
                out.headings.append((len(out.lines), level))
    return line


def _cell_text(doc: _Document, tc) -> str:
    parts = []
    for child in _content(tc):
        if child.tag == W + "p":
            parts.append(_paragraph(doc, child, None))
        elif child.tag == W + "tbl":
            parts.append(_table_line(_table_rows(doc, child)))
    return " ".join(p for p in parts if p)


def _table_rows(doc: _Document, tbl) -> tuple[tuple[str, ...], ...]:
    rows = []
    for tr in _content(tbl):
        if tr.tag == W + "tr":
            rows.append(tuple(_cell_text(doc, tc) for tc in _content(tr) if tc.tag == W + "tc"))
    return tuple(rows)


def _table_line(rows: tuple[tuple[str, ...], ...]) -> str:
    return " ".join(cell for row in rows for cell in row if cell)


def _content(el):
    """Children, with content controls (w:sdt) and custom XML opened up to what they hold."""
    for child in el:
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _content(content)
        elif child.tag in (W + "customXml", W + "smartTag"):
            yield from _content(child)
        else:
            yield child


def _open(data: bytes):
    """The python-docx document, or Unreadable saying why the file is not a readable Word file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise Unreadable("文件已损坏（压缩包不完整或只下载了一部分），读不出内容；请重新获取原文件，或用 Word 打开后另存为 .docx") from exc
    if "word/document.xml" not in names:
        what = "Excel 表格" if "xl/workbook.xml" in names else "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "一般的压缩包"
        raise Unreadable(f"不是 Word 文档（这是{what}）；请放入报告的 Word 文件或文本文件")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, Exception) as exc:  # also lxml's XMLSyntaxError: a damaged part inside the zip
        raise Unreadable(f"Word 文档已损坏（{type(exc).__name__}），读不出内容；请用 Word 打开后另存为 .docx") from exc


def read_docx(data: bytes) -> Extracted:
    """Text, title, headings and tables of a .docx; raises Unreadable with the reason in Chinese."""
    document = _open(data)
    try:
        numbering_root = document.part.numbering_part.element
    except (NotImplementedError, KeyError):
        numbering_root = None
    styles, default = _read_styles(document.styles.element)
    numbering, style_levels = _read_numbering(numbering_root)
    doc = _Document(styles, default, Numberer(numbering), style_levels)
    out = _Lines()
    for child in _content(document.element.body):
        if child.tag == W + "p":
            _paragraph(doc, child, out)
        elif child.tag == W + "tbl":
            rows = _table_rows(doc, child)
            line = _table_line(rows)
            if line:
                out.lines.append(line)
                out.tables.append((len(out.lines), Table(rows)))
    if not out.lines:
        raise Unreadable("Word 文档中没有文字（可能是空白文档，或内容是图片、扫描件）；请放入有文字的文件")
    return Extracted("\n".join(out.lines), out.title, tuple(out.headings), tuple(out.tables), wrapped=False, format="docx")
