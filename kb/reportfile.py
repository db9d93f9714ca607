"""The report page format: the one contract between the normalizer and the site build.

A report page is YAML front matter (``ReportMeta``, its keys and checks in ``kb.schema``)
followed by a Markdown body that this module alone writes and reads back. All source text
is written as HTML character references for every ASCII punctuation mark, so no report
line can ever become Markdown or HTML syntax; placeholders become a ``span.ph`` that keeps
the original characters.
"""

from __future__ import annotations

import html
import re

import yaml

from kb.model import BLANK, Block, BlockType, Report, ReportMeta, SectionKind, Span, TableRows, table_spans
from kb.schema import MetadataError, front_matter_values, key_lines, load_mapping, meta_from_front_matter

_PH_OPEN = '<span class="ph" title="隐去：'
_PH_RE = re.compile(r'<span class="ph" title="隐去：([^"]*)">' + BLANK + "</span>")
_NUM_RE = re.compile(r'^<span class="hn">([^<]*)</span>')
_HEADING_RE = re.compile(r"^(#{2,6}) (.*) \{#([a-z0-9-]+)\}$")
_TABLE_OPEN, _TABLE_CLOSE = '<table class="kb-table">', "</table>"
_ROW_RE = re.compile(r"^<tr>((?:<td>.*?</td>)*)</tr>$")
_CELL_RE = re.compile(r"<td>(.*?)</td>")
_ATTR_RE = re.compile(r'^\{: (?:#([a-z0-9-]+) )?\.(passage|salutation|subtitle|signoff|omission)(?: data-kind="([a-z]+)")? \}$')


class ReportFormatError(MetadataError):
    """A report page that does not follow the contract: the page, the field where one is at fault, what to do."""


# Every ASCII character that is neither a letter, a digit nor a space, as a character reference.
_ESCAPES = str.maketrans({chr(i): f"&#{i};" for i in range(128) if not chr(i).isalnum() and chr(i) != " "})


def escape_text(text: str) -> str:
    """Write text so Markdown and HTML read every character literally."""
    return text.translate(_ESCAPES)


def render_spans(spans: tuple[Span, ...]) -> str:
    """Markdown for a run of spans; placeholders become a blank that keeps the original."""
    if len(spans) == 1 and not spans[0].placeholder:
        return escape_text(spans[0].text)  # most blocks: one plain run
    out = []
    for span in spans:
        if span.placeholder:
            out.append(f'{_PH_OPEN}{escape_text(span.text)}">{BLANK}</span>')
        else:
            out.append(escape_text(span.text))
    return "".join(out)


def parse_spans(markdown: str) -> tuple[Span, ...]:
    """Inverse of ``render_spans``."""
    spans: list[Span] = []
    pos = 0
    for match in _PH_RE.finditer(markdown):
        if match.start() > pos:
            spans.append(Span(html.unescape(markdown[pos : match.start()])))
        spans.append(Span(html.unescape(match.group(1)), placeholder=True))
        pos = match.end()
    if pos < len(markdown):
        spans.append(Span(html.unescape(markdown[pos:])))
    return tuple(spans)


# libyaml's emitter, for correctness rather than speed: PyYAML's pure one writes U+0085 (NEL)
# raw inside quotes, and it reads back as a space. The two agree on every other text we tried.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def render_front_matter(meta: ReportMeta) -> str:
    """YAML front matter with keys in schema order."""
    return yaml.dump(front_matter_values(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# Attribute lists by section kind and block type, written once rather than per block.
_KIND_ATTRS = {kind: f'.passage data-kind="{kind.value}" }}' for kind in SectionKind}
_TYPE_ATTRS = {type_: f"{{: .{type_.value} }}" for type_ in BlockType}


# Report pages are written by the normalizer; a broken one is regenerated, not mended by hand.
REGENERATE_HINT = (
    "报告页由规范化程序从 sources/ 生成，请不要手工修改：请运行 `python3 scripts/normalize.py` 重新生成它；"
    "如果这个文件不是由源文件生成的，请把它移出 docs/reports/"
)


def page_error(path: str, problem: str, field: str | None = None, line: int = 0) -> ReportFormatError:
    """The error for a report page that cannot be read: the page, the field, what is wrong, what to do."""
    return ReportFormatError(path, field, problem, REGENERATE_HINT, line)


def render_table(rows: TableRows) -> str:
    """A table block: an HTML table, one row a line, every cell's text escaped like any text."""
    lines = ["<tr>" + "".join(f"<td>{render_spans(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return "\n".join([_TABLE_OPEN, *lines, _TABLE_CLOSE])


def parse_table(chunk: str, path: str) -> Block:
    """Inverse of ``render_table``: the table block, its text the cells' text."""
    lines = chunk.split("\n")
    if lines[-1] != _TABLE_CLOSE:
        raise page_error(path, f"表格没有结束标记：{chunk[:60]!r}")
    rows = []
    for line in lines[1:-1]:
        row = _ROW_RE.match(line)
        if row is None:
            raise page_error(path, f"表格中有无法识别的行 {line[:60]!r}")
        rows.append(tuple(parse_spans(cell) for cell in _CELL_RE.findall(row.group(1))))
    table = tuple(rows)
    return Block(BlockType.TABLE, table_spans(table), rows=table)


def _render_block(block: Block) -> str:
    if block.type is BlockType.TABLE:
        return render_table(block.rows)
    body = render_spans(block.spans)
    if block.type is BlockType.HEADING:
        number = f'<span class="hn">{escape_text(block.number)}</span>' if block.number else ""
        return f"{'#' * (block.level + 1)} {number}{body} {{#{block.id}}}"
    if block.type is BlockType.PASSAGE:
        assert block.kind is not None
        return f"{body}\n{{: #{block.id} {_KIND_ATTRS[block.kind]}"
    return f"{body}\n{_TYPE_ATTRS[block.type]}"


def render_report(report: Report) -> str:
    """The whole report page: front matter, title and blocks."""
    parts = [f"---\n{render_front_matter(report.meta)}---\n", f"# {escape_text(report.meta.title)} {{#report-title}}"]
    parts.extend(_render_block(b) for b in report.blocks)
    return "\n\n".join(parts) + "\n"


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Front matter mapping and Markdown body of a page."""
    if not text.startswith("---\n"):
        raise page_error(path, "开头没有前置信息（以 --- 开始的元数据）")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise page_error(path, "前置信息没有以 --- 结束")
    # The page's first line is the opening ---, so the front matter starts on line 2.
    return load_mapping(text[4:end], path, REGENERATE_HINT, first_line=2, error=ReportFormatError), text[end + 5 :]


def read_meta(data: dict, path: str, text: str = "") -> ReportMeta:
    """``ReportMeta`` of a page's front matter, checked against the schema; errors name the page's line."""
    return meta_from_front_matter(data, path, lambda: key_lines(text[4 : text.find("\n---\n", 4)], 2), REGENERATE_HINT, ReportFormatError)


def read_front_matter(text: str, path: str) -> ReportMeta:
    """A page's ``ReportMeta`` without reading its body: what the freshness checks need."""
    data, _ = split_front_matter(text, path)
    return read_meta(data, path, text)


def _parse_block(chunk: str, path: str) -> Block:
    if chunk.startswith(_TABLE_OPEN + "\n"):
        return parse_table(chunk, path)
    heading = _HEADING_RE.match(chunk)
    if heading:
        body = heading.group(2)
        number = ""
        num = _NUM_RE.match(body)
        if num:
            number, body = html.unescape(num.group(1)), body[num.end() :]
        return Block(BlockType.HEADING, parse_spans(body), id=heading.group(3), level=len(heading.group(1)) - 1, number=number)
    body, _, attrs = chunk.rpartition("\n")
    attr = _ATTR_RE.match(attrs)
    if not attr or "\n" in body:
        raise page_error(path, f"有无法识别的段落块 {chunk[:60]!r}")
    block_type = BlockType(attr.group(2))
    kind = SectionKind(attr.group(3)) if attr.group(3) else None
    if (block_type is BlockType.PASSAGE) != (kind is not None and attr.group(1) is not None):
        raise page_error(path, f"段落缺少编号或类别：{chunk[:60]!r}")
    return Block(block_type, parse_spans(body), id=attr.group(1) or "", kind=kind)


def parse_report(text: str, path: str) -> Report:
    """Read a report page written by ``render_report``; errors name the page."""
    data, body = split_front_matter(text, path)
    meta = read_meta(data, path, text)
    chunks = [c for c in body.strip("\n").split("\n\n") if c]
    if not chunks or not chunks[0].startswith("# "):
        raise page_error(path, "缺少标题行（以“# ”开头的一行）")
    blocks = tuple(_parse_block(c, path) for c in chunks[1:])
    return Report(meta, blocks)
