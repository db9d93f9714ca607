"""Small .docx files for reader tests, written by python-docx, with Word's numbering parts."""

from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


class WordFile:
    """A .docx being written: paragraphs, lists defined as numbering.xml defines them, tables."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)  # the template's empty first paragraph
        self.numbering = self.doc.part.numbering_part.element
        for el in list(self.numbering):
            self.numbering.remove(el)
        self._next_id = 1

    def define_list(self, *levels: tuple[str, str, int], start_override: dict[int, int] | None = None) -> str:
        """A new list (abstractNum and num) with levels (numFmt, lvlText, start); its numId."""
        n = str(self._next_id)
        self._next_id += 1
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text, start) in enumerate(levels)
        )
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{n}">{lvls}</w:abstractNum>')
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # the schema puts every abstractNum before the nums
        else:
            self.numbering.append(abstract)
        self.numbering.append(self._num(n, n, start_override or {}))
        return n

    def restart_list(self, num_id: str, start: int = 1) -> str:
        """Another instance of an existing list that starts again at ``start``; its numId."""
        abstract = self.numbering.find(f'{qn("w:num")}[@{qn("w:numId")}="{num_id}"]').find(qn("w:abstractNumId")).get(qn("w:val"))
        n = str(self._next_id)
        self._next_id += 1
        self.numbering.append(self._num(n, abstract, {0: start}))
        return n

    @staticmethod
    def _num(num_id: str, abstract: str, overrides: dict[int, int]):
        over = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>' for i, v in overrides.items())
        return parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{over}</w:num>')

    def style(self, name: str, style_id: str | None = None, based_on: str | None = None, num: tuple[str, int] | None = None, outline: int | None = None) -> str:
        """A paragraph style, optionally numbered or with an outline level; its name."""
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if style_id:
            style.element.set(qn("w:styleId"), style_id)
        if based_on:
            style.base_style = self.doc.styles[based_on]
        ppr = style.element.get_or_add_pPr()
        if num:
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_numId().val = int(num[0])
            num_pr.get_or_add_ilvl().val = num[1]
        if outline is not None:
            ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
        return name

    def para(self, text: str, style: str | None = None, num: tuple[str, int] | None = None, breaks: bool = False):
        """A paragraph; ``num`` is (numId, ilvl); ``breaks`` puts a soft line break mid-text."""
        if breaks:
            p = self.doc.add_paragraph(style=style)
            half = len(text) // 2
            p.add_run(text[:half]).add_break()
            p.add_run(text[half:])
        else:
            p = self.doc.add_paragraph(text, style=style)
        if num:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_numId().val = int(num[0])
            num_pr.get_or_add_ilvl().val = num[1]
        return p

    def table(self, rows: list[list[str]]) -> None:
        """A table with these cell texts."""
        table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    def bytes(self) -> bytes:
        """The .docx file."""
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def official_report() -> bytes:
    """A report as township offices write it: a title, 一、 and （一） headings numbered by Word, a table."""
    word = WordFile()
    outline = word.define_list(("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1))
    word.para("青山镇党委班子述职报告", style="Title")
    word.para("今年以来，镇党委班子认真履行职责，现将有关情况报告如下。")
    word.para("主要做法", style="Heading 1", num=(outline, 0))
    word.para("加强理论学习", style="Heading 2", num=(outline, 1))
    word.para("坚持第一议题制度，全年组织集中学习12次。")
    word.para("班子成员基本情况如下：")
    word.table([["姓名", "职务", "分管工作"], ["张某", "党委书记", "全面工作"], ["李某", "镇长", ""]])
    word.para("抓实基层党建", style="Heading 2", num=(outline, 1))
    word.para("整顿软弱涣散村党组织2个。")
    word.para("存在问题", style="Heading 1", num=(outline, 0))
    word.para("理论学习还不够深入，联系实际不够紧密。")
    return word.bytes()
