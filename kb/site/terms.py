"""The 提法 index: quoted formulations found in passages, our glossary, and term tooltips.

A formulation is found automatically: a span in Chinese quotes “…” of 2–10 Han characters
that contains a Chinese numeral (三会一课, 两学一做, 四议两公开一监督) or is quoted in at
least two passages (走基层). ``data/glossary.yml`` adds definitions, and lists terms to
always include or exclude. Once known, a term is found wherever it occurs, quoted or not,
except two-character terms without a definition, which are too short to trust unquoted.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

MIN_CHARS, MAX_CHARS = 2, 10
MIN_QUOTED_PASSAGES = 2  # quoted this often, a phrase without a numeral still counts
NUMERALS = frozenset("一二三四五六七八九十百千两双")

_QUOTED = re.compile(r"“([^“”\n]{1,40})”")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_ENTRY_KEYS = {"definition", "avoid", "source"}
_TOP_KEYS = {"terms", "include", "exclude"}


class GlossaryError(ValueError):
    """The glossary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class GlossaryEntry:
    """Our definition of one term, and longer words in which it must not be matched."""

    term: str
    definition: str
    avoid: tuple[str, ...] = ()
    source: str | None = None  # the party document (or speech) that coined or defined the term


@dataclass(frozen=True)
class Glossary:
    """Definitions plus the maintainers' include and exclude lists."""

    entries: dict[str, GlossaryEntry] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def definition(self, term: str) -> str | None:
        """Our definition of ``term``, if we wrote one."""
        entry = self.entries.get(term)
        return entry.definition if entry else None


def _fail(path: str, where: str, problem: str) -> GlossaryError:
    return GlossaryError(f"读取提法词表“{path}”出错：{where}{problem}")


def _entry_name(term: object) -> str:
    return f"terms 下的“{term}”"


def _term_list(raw: object, path: str, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        raise _fail(path, where, "应是一串不为空的提法，每行写成“- 提法”；请改正格式")
    return tuple(t.strip() for t in raw)


def _parse_entry(term: object, raw: object, path: str) -> GlossaryEntry:
    name = _entry_name(term)
    if not isinstance(term, str) or not _HAN_ONLY.fullmatch(term):
        raise _fail(path, name, "：提法只能由汉字组成（不带引号、空格、字母或数字）；请改正或删去这一条")
    if not isinstance(raw, dict):
        raise _fail(path, name, "：应在下一行缩进写“definition: 释义”；请补上释义")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise _fail(path, name, f"：有不认识的键 {unknown}（只能用 definition、source、avoid）；请检查拼写")
    definition = raw.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        raise _fail(path, name, "：缺少释义（definition 为空或不是文字）；请补上释义")
    avoid = _term_list(raw.get("avoid"), path, f"{name}的 avoid ")
    if any(term not in word or word == term for word in avoid):
        raise _fail(path, f"{name}的 avoid", "：每个词都应比提法长并包含它（如“三公”的 avoid 写“三公开”）；请改正或删去不符合的词")
    source = raw.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise _fail(path, f"{name}的 source", "：应写明提出或界定该提法的文件（如《中国共产党支部工作条例（试行）》），不能为空或不是文字；请补上或删去这一行")
    return GlossaryEntry(term, " ".join(definition.split()), avoid, " ".join(source.split()) if source else None)


def parse_glossary(data: object, path: str) -> Glossary:
    """Validate the glossary's YAML data; errors name the file and the entry."""
    if data is None:
        return Glossary()
    if not isinstance(data, dict):
        raise _fail(path, "", "文件应由 terms、include、exclude 三部分组成；请对照文件开头的说明改正")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(path, "", f"顶层有不认识的键 {unknown}（只能用 terms、include、exclude）；请检查拼写")
    raw_terms = data.get("terms") or {}
    if not isinstance(raw_terms, dict):
        raise _fail(path, "terms ", "应是“提法: 条目”的映射；请对照文件开头的说明改正")
    entries = {t: _parse_entry(t, raw, path) for t, raw in raw_terms.items()}
    return Glossary(entries, _term_list(data.get("include"), path, "include "), _term_list(data.get("exclude"), path, "exclude "))


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """Where the YAML goes wrong, in the maintainer's line numbers; PyYAML's own words in brackets."""
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""
    detail = getattr(exc, "problem", None) or str(exc)
    return f"{where}不是有效的 YAML（{detail}）；请按这个位置改正，常见原因是缩进不齐或冒号后缺空格"


def load_glossary(path: Path) -> Glossary:
    """Read the glossary file; a missing file is an empty glossary."""
    if not path.is_file():
        return Glossary()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _fail(str(path), "", _yaml_problem(exc)) from exc
    return parse_glossary(data, str(path))


# ---------------------------------------------------------------- finding terms


def quoted_phrases(text: str) -> list[str]:
    """Spans in Chinese quotes that could be formulations: 2–10 Han characters."""
    return [q for q in _QUOTED.findall(text) if MIN_CHARS <= len(q) <= MAX_CHARS and _HAN_ONLY.fullmatch(q)]


# A quoted name ending in one of these is a place (村“三湾”群众: a hamlet), not a 提法.
PLACE_SUFFIXES = frozenset("村镇乡县湾沟寨屯庄坪坝")
# A number and a measure word or a bare 不 is a fragment of a longer phrase (“三级”学习制度,
# 延伸到“八小时”以外, 整治“三不”问题), not a 提法 a reader could look up.
_FRAGMENT = re.compile(f"[{''.join(sorted(NUMERALS))}]+(?:级|个|项|类|种|次|条|层|批|轮|不|年|月|日|天|点|位|名|人|户|小时|个月|周)")


def looks_like_formulation(phrase: str) -> bool:
    """True for phrases built on a number, the mark of 提法 such as 三会一课 or 一岗双责."""
    return any(c in NUMERALS for c in phrase)


def is_place_or_fragment(phrase: str) -> bool:
    """True for quoted words the automatic rule must not take for 提法: place names, number fragments."""
    return phrase[-1] in PLACE_SUFFIXES or _FRAGMENT.fullmatch(phrase) is not None


def discover_terms(texts: Iterable[str], glossary: Glossary) -> list[str]:
    """Every term of the corpus: automatic finds, glossary terms and includes, minus excludes."""
    quoted: Counter[str] = Counter()
    for text in texts:
        quoted.update(set(quoted_phrases(text)))
    found = {q for q, n in quoted.items() if (looks_like_formulation(q) or n >= MIN_QUOTED_PASSAGES) and not is_place_or_fragment(q)}
    found |= set(glossary.entries) | set(glossary.include)
    return sorted(found - set(glossary.exclude))


@dataclass(frozen=True)
class TermMatcher:
    """One compiled alternation over all terms (longest first) plus words that block them."""

    terms: tuple[str, ...]
    quoted_only: frozenset[str]
    pattern: re.Pattern[str]
    words: tuple[str, ...] = ()  # what ``pattern`` matches: terms and blocking words

    @cached_property
    def tooltip_pattern(self) -> re.Pattern[str]:
        """The pattern ``annotate_html`` runs over a page."""
        return _tooltip_pattern(self)

    def find(self, text: str) -> list[str]:
        """Distinct terms used in ``text``, in order of first use."""
        seen: dict[str, None] = {}
        for match in self.pattern.finditer(text):
            if match.group() in self.terms and match.group() not in self.quoted_only:
                seen.setdefault(match.group(), None)
        for phrase in quoted_phrases(text):
            if phrase in self.quoted_only:
                seen.setdefault(phrase, None)
        return list(seen)


def build_matcher(terms: Sequence[str], glossary: Glossary) -> TermMatcher:
    """A matcher for ``terms``; two-character terms we have not defined match only when quoted."""
    quoted_only = frozenset(t for t in terms if len(t) <= 2 and t not in glossary.entries)
    blockers = {w for e in glossary.entries.values() if e.term in terms for w in e.avoid}
    words = sorted(set(terms) | blockers, key=lambda w: (-len(w), w))
    pattern = re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!x)x")
    return TermMatcher(tuple(terms), quoted_only, pattern, tuple(words))


def term_slug(term: str) -> str:
    """A stable ASCII id for a term: anchors and file names never depend on the term's characters."""
    return "t-" + hashlib.sha1(term.encode("utf-8")).hexdigest()[:8]


# ---------------------------------------------------------------- tooltips in HTML

# Text inside these is left alone: links and headings (their permalinks), code, controls.
_SKIP = ("a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "pre", "script", "style", "summary", "textarea", "title")
# A whole element whose text is left alone, or a comment: skipped in one match. None of these
# elements nests inside one of the same name in our pages, so the first closing tag ends it.
_SKIPPED = rf"<!--.*?-->|<({'|'.join(_SKIP)})\b[^>]*>.*?</\1\s*>"
# A term is in a text node when the next angle bracket after it opens a tag: inside a tag,
# an attribute value, it would close one (text and attribute values never hold a raw < or >).
_IN_TEXT = r"(?![^<>]*>)"


def abbr(term: str, definition: str) -> str:
    """The tooltip element for one occurrence of a defined term."""
    return f'<abbr class="kb-term" title="{html.escape(definition, quote=True)}" tabindex="0">{term}</abbr>'


def _tooltip_pattern(matcher: TermMatcher) -> re.Pattern[str]:
    # One pass over the page: skipped elements are consumed whole, terms are matched only in
    # text. The class of first characters rejects most positions before the term alternation runs.
    if not matcher.words:
        return re.compile(rf"{_SKIPPED}|(?P<term>(?!x)x)", re.S)
    first = "".join(sorted({w[0] for w in matcher.words}))
    return re.compile(rf"{_SKIPPED}|(?=[{re.escape(first)}])(?P<term>{matcher.pattern.pattern}){_IN_TEXT}", re.S)


def annotate_html(page_html: str, matcher: TermMatcher, glossary: Glossary) -> str:
    """Wrap every defined term in text nodes with a tooltip; tags, attributes and links stay untouched."""
    defined = {t: glossary.definition(t) for t in matcher.terms if glossary.definition(t)}
    if not defined:
        return page_html

    def wrap(match: re.Match[str]) -> str:
        word = match.group("term")
        if word is None:
            return match.group()
        return abbr(word, defined[word]) if word in defined else word

    return matcher.tooltip_pattern.sub(wrap, page_html)
