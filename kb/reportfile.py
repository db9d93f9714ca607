"""The report page format: the one contract between the normalizer and the build hooks.

A report page is YAML front matter (``ReportMeta``) followed by a Markdown body that this
module alone writes and reads back. All source text is written as HTML character
references for every ASCII punctuation mark, so no report line can ever become Markdown
or HTML syntax; placeholders become a ``span.ph`` that keeps the original characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import fields

import yaml

# The C loader parses front matter about ten times faster; thousands of pages are read per build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from kb.model import BLANK, Block, BlockType, Report, ReportMeta, SectionKind, Span, TableRows, table_spans

FRONT_MATTER_KEYS = tuple(f.name for f in fields(ReportMeta))
REQUIRED_KEYS = ("title", "slug", "source", "source_sha256", "doc_type")

_PH_OPEN = '<span class="ph" title="隐去：'
_PH_RE = re.compile(r'<span class="ph" title="隐去：([^"]*)">' + BLANK + "</span>")
_NUM_RE = re.compile(r'^<span class="hn">([^<]*)</span>')
_HEADING_RE = re.compile(r"^(#{2,6}) (.*) \{#([a-z0-9-]+)\}$")
_TABLE_OPEN, _TABLE_CLOSE = '<table class="kb-table">', "</table>"
_ROW_RE = re.compile(r"^<tr>((?:<td>.*?</td>)*)</tr>$")
_CELL_RE = re.compile(r"<td>(.*?)</td>")
_ATTR_RE = re.compile(r'^\{: (?:#([a-z0-9-]+) )?\.(passage|salutation|subtitle|signoff|omission)(?: data-kind="([a-z]+)")? \}$')


class ReportFormatError(ValueError):
    """A report page that does not follow the contract; the message names the page."""


# Every ASCII character that is neither a letter, a digit nor a space, as a character reference.
_ESCAPES = {chr(i): f"&#{i};" for i in range(128) if not chr(i).isalnum() and chr(i) != " "}
# Chinese report text rarely holds ASCII punctuation: a C-speed regex finds the few marks to
# replace, where str.translate would look every Chinese character up in the table.
_ESCAPED_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def _escape_match(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(0)]


def escape_text(text: str) -> str:
    """Write text so Markdown and HTML read every character literally."""
    return _ESCAPED_RE.sub(_escape_match, text)


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


def render_front_matter(meta: ReportMeta) -> str:
    """YAML front matter with keys in contract order."""
    data = {}
    for key in FRONT_MATTER_KEYS:
        value = getattr(meta, key)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(sorted(value.items()))
        data[key] = value
    direct = _direct_front_matter(data)
    return direct if direct is not None else yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# PyYAML's emitter is pure Python and took a quarter of normalizing time. Front matter has a
# fixed shape, and nearly every value is a hash, slug, number or Chinese title without spaces
# or ASCII punctuation; such front matter is written here line by line, exactly as the dumper
# would. Anything else (a title with spaces or quotes, say) goes to the dumper.
#
# Characters the dumper writes as they are, without escapes: ASCII letters, digits and "_.-*",
# and every printable non-ASCII character except the BOM and the Unicode line separators.
_SIMPLE_RE = re.compile(r"[A-Za-z0-9_.*\-\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def _yaml_scalar(value: object) -> str | None:
    """The dumper's text for a simple scalar; None for a string the dumper is left to write."""
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or len(value) >= 128 or not _SIMPLE_RE.fullmatch(value):
        return None
    # Plain unless it starts like an alias ("*"), a list item ("-") or a document marker or would
    # read back as a number, boolean, null or date; then single-quoted (the set has no quote).
    indicator = value[0] == "*" or value == "-" or value.startswith(("---", "..."))
    plain = not indicator and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
    return value if plain else f"'{value}'"


def _direct_front_matter(data: dict) -> str | None:
    """The dumper's block-style text for a flat mapping of scalars, one mapping and one list."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            items = [(_yaml_scalar(k), _yaml_scalar(v)) for k, v in value.items()]
            if any(k is None or v is None for k, v in items):
                return None
            lines.append(f"{key}:" + "".join(f"\n  {k}: {v}" for k, v in items) if items else f"{key}: {{}}")
        elif isinstance(value, list):
            rows = [_yaml_scalar(v) for v in value]
            if None in rows:
                return None
            lines.append(f"{key}:" + "".join(f"\n- {v}" for v in rows) if rows else f"{key}: []")
        else:
            text = _yaml_scalar(value)
            if text is None:
                return None
            lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


# Attribute lists by section kind and block type, written once rather than per block.
_KIND_ATTRS = {kind: f'.passage data-kind="{kind.value}" }}' for kind in SectionKind}
_TYPE_ATTRS = {type_: f"{{: .{type_.value} }}" for type_ in BlockType}


# Report pages are written by the normalizer; a broken one is regenerated, not mended by hand.
REGENERATE_HINT = (
    "报告页由规范化程序从 sources/ 生成，请不要手工修改：请运行 `python3 scripts/normalize.py` 重新生成它；"
    "如果这个文件不是由源文件生成的，请把它移出 docs/reports/"
)


def page_error(path: str, problem: str, front_matter: bool = False) -> ReportFormatError:
    """The error for a report page that cannot be read: the page, what is wrong, what to do."""
    where = f"读取页面“{path}”的前置信息出错" if front_matter else f"读取页面“{path}”出错"
    return ReportFormatError(f"{where}：{problem}。{REGENERATE_HINT}")


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


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """Where the front matter stops being YAML, as a line of the page (its first --- is line 1)."""
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 2} 行" if mark is not None else ""
    return f"{where}不是有效的 YAML（{getattr(exc, 'problem', None) or exc}）"


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Front matter mapping and Markdown body of a page."""
    if not text.startswith("---\n"):
        raise page_error(path, "开头没有前置信息（以 --- 开始的元数据）")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise page_error(path, "前置信息没有以 --- 结束")
    try:
        data = yaml.load(text[4:end], Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise page_error(path, _yaml_problem(exc), front_matter=True) from exc
    if not isinstance(data, dict):
        raise page_error(path, "应是“键: 值”的映射", front_matter=True)
    return data, text[end + 5 :]


def meta_from_dict(data: dict, path: str) -> ReportMeta:
    """Validate front matter against the contract and build ``ReportMeta``."""
    unknown = sorted(set(data) - set(FRONT_MATTER_KEYS))
    missing = [k for k in REQUIRED_KEYS if not data.get(k)]
    if unknown or missing:
        problem = f"有不认识的键 {unknown}" if unknown else f"缺少必填的键 {missing}"
        raise page_error(path, problem, front_matter=True)
    values = dict(data)
    values["cleaning"] = dict(values.get("cleaning") or {})
    values["retired_ids"] = tuple(values.get("retired_ids") or ())
    year = values.get("year")
    if year is not None and not isinstance(year, int):
        raise page_error(path, f"year（年份）应是数字，而不是 {year!r}", front_matter=True)
    return ReportMeta(**values)


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
    meta = meta_from_dict(data, path)
    chunks = [c for c in body.strip("\n").split("\n\n") if c]
    if not chunks or not chunks[0].startswith("# "):
        raise page_error(path, "缺少标题行（以“# ”开头的一行）")
    blocks = tuple(_parse_block(c, path) for c in chunks[1:])
    return Report(meta, blocks)
