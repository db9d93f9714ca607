"""Word's automatic numbering, rendered as Word shows it: "一、", "（一）", "1.".

Word keeps list numbers out of the run text: ``word/numbering.xml`` defines each list's
levels (number format, a text such as ``%1、`` or ``（%2）``, a start value) and a paragraph
names a list (``numId``) and a level (``ilvl``). This module is pure: it takes the level
definitions as plain data and a paragraph sequence, and gives each paragraph its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Level:
    """One level of a list: how its number is written (``w:numFmt``, ``w:lvlText``, ``w:start``)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass(frozen=True)
class NumberingInstance:
    """A ``w:num``: the abstract list it counts in, and its start overrides by level."""

    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    # Whole levels the instance redefines (``w:lvlOverride/w:lvl``).
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True)
class Numbering:
    """Everything ``numbering.xml`` says: abstract lists' levels and the instances paragraphs name."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, NumberingInstance] = field(default_factory=dict)


_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_counting(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """A number in Chinese counting as Word writes it: 十, 十一, 二十, 一百零一."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"  # a gap inside a number is written 零: 一百零一
            zero = False
        # Word writes 十一, not 一十一, when ten is the highest place.
        out += unit if (digit == 1 and power == 10 and not out) else digits[digit] + unit
    return out


def _letters(n: int, alphabet: str) -> str:
    # Word goes A..Z, then AA..ZZ, AAA..: the letter repeated, not base-26.
    n = max(n, 1)
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _from_table(n: int, table: str) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


def _cycle(n: int, table: str) -> str:
    return table[(max(n, 1) - 1) % len(table)]


def format_number(n: int, fmt: str) -> str:
    """One level's counter in a ``w:numFmt`` format; unknown formats fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",):
        return _cycle(n, _HEAVENLY_STEMS)
    if fmt == "ideographZodiac":
        return _cycle(n, _EARTHLY_BRANCHES)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _from_table(n, _CIRCLED)
    if fmt == "decimalEnclosedParen":
        return _from_table(n, _PARENTHESIZED)
    if fmt == "decimalEnclosedFullstop":
        return _from_table(n, _FULL_STOP)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord("０") + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)


class Numberer:
    """Counts the paragraphs of one document in reading order and writes each one's number."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        # Instances of one abstract list continue one count, as Word does; a start override
        # restarts it where that instance is first used.
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()

    def _levels(self, num: NumberingInstance) -> dict[int, Level]:
        levels = dict(self.numbering.abstracts.get(num.abstract, {}))
        levels.update(num.level_overrides)
        return levels

    def number(self, num_id: str, ilvl: int) -> str:
        """The number text of the next paragraph in list ``num_id`` at level ``ilvl``; "" if none."""
        num = self.numbering.instances.get(num_id)
        if num is None:
            return ""  # numId 0, or a list the file does not define: Word shows no number
        levels = self._levels(num)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in num.start_overrides.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a deeper level starts again under each new number here
        if level.fmt == "bullet":
            return ""  # a bullet is a glyph of a symbol font, not a number the reader needs
        return _PLACEHOLDER.sub(lambda m: self._placeholder(int(m.group(1)) - 1, levels, counters), level.text)

    @staticmethod
    def _placeholder(lvl: int, levels: dict[int, Level], counters: dict[int, int]) -> str:
        level = levels.get(lvl, Level())
        return format_number(counters.get(lvl, level.start), level.fmt)


def render_numbers(numbering: Numbering, paragraphs: list[tuple[str, int] | None]) -> list[str]:
    """The number of each paragraph, given as (numId, ilvl) or None when it is not numbered."""
    numberer = Numberer(numbering)
    return [numberer.number(*p) if p is not None else "" for p in paragraphs]
