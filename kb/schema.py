"""The report metadata schema: front matter of ``docs/reports/*.md`` and sidecars ``sources/<name>.yml``.

One table, ``FIELDS``, says what each key holds. The normalizer writes front matter from it and
every reader checks through it: the build's registry and the freshness check read pages
(``kb.reportfile``), the normalizer reads sidecars (``kb.normalize.sidecar``, a subset of the keys,
some under a maintainer's name: ``type`` for ``doc_type``) and the id lock's slugs
(``kb.normalize.lock``, for tombstone pages). Every problem is a ``MetadataError``: the file, the
line where known, the field, what is wrong and what to do, in Chinese.

Our own small table rather than ``mkdocs.config.base.Config`` (what Material's blog validates
post front matter with): Config's messages are English and know no line numbers, a sidecar key
and its front matter key may differ, and the normalizer would import MkDocs for its sidecars.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import yaml

from kb.model import ReportMeta


class MetadataError(ValueError):
    """Metadata that does not follow the schema: file, line (0 when unknown), field, what is wrong, what to do."""

    def __init__(self, file: str, field: str | None, problem: str, todo: str, line: int = 0) -> None:
        super().__init__(file, field, problem, todo, line)
        self.file, self.field, self.problem, self.todo, self.line = file, field, problem, todo, line

    def __str__(self) -> str:
        where = f"{self.file} 第 {self.line} 行" if self.line else self.file
        subject = f"，{self.field}" if self.field else ""
        return f"{where}{subject}：{self.problem}。{self.todo}"


# A value's check: the value as the field holds it, or a Chinese phrase saying what is wrong.
@dataclass(frozen=True)
class Wrong:
    problem: str


Check = Callable[[object], object]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# A maintainer's year outside this span is a typo (202, 20233); the normalizer's own years come
# from the report's text and are kept as written.
SIDECAR_YEARS = (1949, 2100)


def _text(value: object) -> object:
    # YAML reads `title: 2023` as a number and `2023-01-01` as a date; a maintainer meant text.
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return Wrong(f"应是一行文字，而不是 {value!r}")
    if "\n" in value or "\r" in value:
        return Wrong("应是一行文字，不能换行")
    return value


def _slug(value: object) -> object:
    text = _text(value)
    if isinstance(text, str) and not SLUG_RE.match(text):
        return Wrong(f"只能由小写英文字母、数字和“-”组成（以字母或数字开头，至多 80 个字符），而不是 {text!r}")
    return text


def _sha256(value: object) -> object:
    if not isinstance(value, str) or not _SHA256_RE.match(value):
        return Wrong(f"应是 64 位十六进制的 SHA-256，而不是 {value!r}")
    return value


def _integer(value: object) -> object:
    if not isinstance(value, int) or isinstance(value, bool):
        return Wrong(f"应是整数，而不是 {value!r}")
    return value


def _count(value: object) -> object:
    number = _integer(value)
    if isinstance(number, int) and number < 0:
        return Wrong(f"应是不小于 0 的整数，而不是 {number}")
    return number


def _counts(value: object) -> object:
    if not isinstance(value, dict) or not all(isinstance(k, str) and not isinstance(_count(v), Wrong) for k, v in value.items()):
        return Wrong(f"应是“规则名: 次数”的映射，而不是 {value!r}")
    return dict(value)


def _ids(value: object) -> object:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return Wrong(f"应是段落编号的列表，而不是 {value!r}")
    return tuple(value)


@dataclass(frozen=True)
class Field:
    """One key of the front matter and the ``ReportMeta`` attribute of the same name."""

    name: str
    label: str  # the field's Chinese name, said with the key in every error
    meaning: str  # what it holds, for maintainers and reviewers
    check: Check
    required: bool = False
    sidecar_key: str | None = None  # its key in sources/<name>.yml; None: a sidecar cannot set it

    def said(self, key: str | None = None) -> str:
        """How an error names the field: its key and Chinese label."""
        return f"{key or self.name}（{self.label}）"


# In the order the normalizer writes them. None is an optional field's "not known".
FIELDS: tuple[Field, ...] = (
    Field("title", "标题", "报告标题：附注文件所设，否则是原文的标题行，都没有时按类型和文件名拟定", _text, required=True, sidecar_key="title"),
    Field("slug", "地址", "报告页地址 reports/<slug>/ 中的标识，一经生成即记入锁定文件", _slug, required=True, sidecar_key="slug"),
    Field("source", "源文件", "sources/ 中的源文件名", _text, required=True),
    Field("source_sha256", "源文件哈希", "源文件内容的 SHA-256，据此判断报告页是否过期", _sha256, required=True),
    Field("doc_type", "类型", "文件类型，名称见 data/doctypes.yml；认不出时为“其他”", _text, required=True, sidecar_key="type"),
    Field("sidecar_sha256", "附注文件哈希", "附注文件的 SHA-256；没有附注文件（或它写错了）时为空", _sha256),
    Field("year", "年份", "报告所属年份；认不出时为空", _integer, sidecar_key="year"),
    Field("place", "地方", "报告所属地方（如“绿水镇”）；认不出时为空", _text, sidecar_key="place"),
    Field("passage_count", "段落数", "报告页中的段落数", _count),
    Field("cleaning", "清理次数", "每条清理规则删去的次数，如 page-number: 3", _counts),
    Field("retired_ids", "退役编号", "已从报告中删去的段落编号：旧链接落到报告页并显示提示", _ids),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
SIDECAR_FIELDS = {f.sidecar_key: f for f in FIELDS if f.sidecar_key}


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key of a YAML mapping, counting the text's first line as ``first_line``."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + first_line for key, _ in node.value}


# libyaml's loader: a 3000-report build reads every page's front matter twice (freshness check,
# registry); the pure-Python loader took 2.9-3.6 s longer (alternating in-process runs), about
# 6% of a 52 s normalize + build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_mapping(text: str, file: str, todo: str, first_line: int = 1, error: type[MetadataError] = MetadataError) -> dict:
    """A YAML mapping, or a ``MetadataError`` naming the line where the text stops being YAML."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else 0
        raise error(file, None, f"不是有效的 YAML（{getattr(exc, 'problem', None) or exc}）", todo, line) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(file, None, "应是每行一个“键: 值”的映射", todo, first_line)
    return data


def front_matter_values(meta: ReportMeta) -> dict[str, object]:
    """What the normalizer writes as front matter: every field in schema order, as YAML types."""
    data: dict[str, object] = {}
    for field in FIELDS:
        value = getattr(meta, field.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(sorted(value.items()))
        data[field.name] = value
    return data


def meta_from_front_matter(
    data: Mapping, file: str, lines: Callable[[], dict[str, int]], todo: str, error: type[MetadataError] = MetadataError
) -> ReportMeta:
    """Check a page's front matter against the schema and build its ``ReportMeta``.

    ``lines`` gives each key's line of the page; it is called only for an error.
    """
    unknown = sorted(map(str, set(data) - set(FIELD_BY_NAME)))
    if unknown:
        raise error(file, unknown[0], f"不是报告页前置信息的键（可用的键：{'、'.join(FIELD_BY_NAME)}）", todo, lines().get(unknown[0], 0))
    values: dict[str, object] = {}
    for field in FIELDS:
        value = data.get(field.name)
        if value is None or value == "":
            if field.required:
                raise error(file, field.said(), "缺少这个必填的键", todo)
            continue
        checked = field.check(value)
        if isinstance(checked, Wrong):
            raise error(file, field.said(), checked.problem, todo, lines().get(field.name, 0))
        values[field.name] = checked
    return ReportMeta(**values)


def sidecar_values(
    data: Mapping, file: str, lines: Mapping[str, int], todo: str, error: type[MetadataError] = MetadataError
) -> dict[str, object]:
    """Check a sidecar's mapping against the schema: the ``ReportMeta`` fields it sets, by name."""
    allowed = "、".join(sorted(SIDECAR_FIELDS))
    values: dict[str, object] = {}
    for key, value in data.items():
        field = SIDECAR_FIELDS.get(str(key))
        if field is None:
            raise error(file, f"键“{key}”", f"不认识这个键（可用的键：{allowed}）", todo, lines.get(str(key), 0))
        if value is None or value == "":
            continue  # "place:" with nothing after it says nothing
        checked = field.check(value)
        if field.name == "year" and isinstance(checked, int) and not SIDECAR_YEARS[0] <= checked <= SIDECAR_YEARS[1]:
            checked = Wrong(f"应是 {SIDECAR_YEARS[0]} 到 {SIDECAR_YEARS[1]} 之间的年份，如 2023，而不是 {checked}")
        if isinstance(checked, Wrong):
            raise error(file, field.said(str(key)), checked.problem, todo, lines.get(str(key), 0))
        values[field.name] = checked
    return values
