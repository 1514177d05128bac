"""Heading markers, numerals and dates as 公文 write them, shared by the reading modules.

Patterns run on the matching copy of the text (simplified characters, ASCII digits), so
"（二）" and "(二)", "1." and "1．" are both recognised::

    >>> match_marker("（二）加强宣传").rank, match_marker("（二）加强宣传").value
    (2, 2)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_CN = f"[{CN_DIGITS}]{{1,3}}"
#: A year in Chinese numerals: 二〇二四 (〇 also typed as 零, ○ or the letter O).
CN_YEAR = "[〇零○O一二三四五六七八九]{4}"
#: What follows a level-1 numeral: 、 or a dot. A dot before a short number is a section number
#: such as 一.1, not a heading; before a year it is one (四.2024年工作安排). Copies made by some
#: input methods put a stray comma before the 、 (一,、).
CN_STOP = r"(?:[,，]?、|[.．](?![.．]|\d{1,3}(?!\d)))"

# Ranks say how deep a marker style usually sits: 第一部分 above 一、 above （一） above 1. …
# A document's levels are the ranks it actually uses, in this order (outline.py).
RANK_PART = 0
RANK_CN = 1
RANK_PAREN_CN = 2
RANK_DIGIT = 3
RANK_PAREN_DIGIT = 4
RANK_CIRCLED = 5

# One alternative per marker style, tried in this order; the numeral is the group named after
# the style's rank. One regex call per line rather than one per style.
_ANY_MARKER = re.compile(
    "|".join(
        (
            rf"第(?P<rank{RANK_PART}>{_CN})部分[、.．:：]?[ ]*",
            rf"(?P<rank{RANK_CN}>{_CN}){CN_STOP}[ ]*",
            rf"[（(](?P<rank{RANK_PAREN_CN}>{_CN})[）)][、.．]?[ ]*",
            rf"[（(](?P<rank{RANK_PAREN_DIGIT}>\d{{1,2}})[）)][ ]*",
            rf"(?P<rank{RANK_DIGIT}>\d{{1,2}})(?:[.．、](?![\d.．])|[)）])[ ]*",
            rf"(?P<rank{RANK_CIRCLED}>[①-⑳])[ ]*",
        )
    )
)

#: A marker opening a line or a cut in run-on text: used to refuse joins and to split.
MARKER_START = re.compile(
    rf"(?:第{_CN}部分|{_CN}{CN_STOP}|[（(](?:{_CN}|\d{{1,2}})[）)]"
    r"|\d{1,2}[.．、](?![\d.．])|[①-⑳])"
)
#: 一是 / 二是 / 首先: inline enumeration, never a heading.
ENUMERATION_START = re.compile(rf"(?:{_CN}是|首先|其次|再次|最后|第{_CN}[，,])")


@dataclass(frozen=True, slots=True)
class Marker:
    rank: int
    value: int
    length: int  # characters the marker and the spaces after it take
    halfwidth: bool  # (一) rather than （一）


def match_marker(line: str) -> Marker | None:
    """The heading marker opening `line`, if any."""
    found = _ANY_MARKER.match(line)
    if found is None:
        return None
    style = found.lastgroup  # the named group of the alternative that matched
    assert style is not None
    rank = int(style.removeprefix("rank"))
    raw = found.group(style)
    value = circled_value(raw) if rank == RANK_CIRCLED else numeral_value(raw)
    if value is None:
        return None
    return Marker(rank, value, found.end(), halfwidth=line[0] == "(")


def numeral_value(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, "7" → 7; None for what is not a small number."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _CN_VALUE.get(numeral) if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    high = _CN_VALUE.get(tens, 0) if tens else 1
    low = _CN_VALUE.get(units, 0) if units else 0
    return high * 10 + low


def cn_numeral(value: int) -> str:
    """3 → 三, 10 → 十, 12 → 十二, 20 → 二十: how 公文 number headings (below 100)."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, units = divmod(value, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[units] if units else ''}"


def circled_value(char: str) -> int:
    return ord(char) - ord("①") + 1


def cn_year(digits: str) -> int | None:
    """二〇二四 → 2024."""
    values = [_CN_VALUE.get(ch) for ch in digits]
    if len(values) != 4 or any(v is None for v in values):
        return None
    return int("".join(str(v) for v in values))


_DATE_NUM = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_ISO = r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})"
_DATE_CN = rf"({CN_YEAR})\s*年\s*({_CN})\s*月\s*({_CN})\s*日"
DATE_RE = re.compile(f"(?:{_DATE_NUM}|{_DATE_ISO}|{_DATE_CN})")


def parse_date(found: re.Match[str]) -> datetime.date | None:
    """The date a DATE_RE match spells, or None when it is no real day (2月30日)."""
    groups = found.groups()
    try:
        if groups[0] is not None:
            return datetime.date(int(groups[0]), int(groups[1]), int(groups[2]))
        if groups[3] is not None:
            return datetime.date(int(groups[3]), int(groups[4]), int(groups[5]))
        year = cn_year(groups[6])
        month = numeral_value(groups[7])
        day = numeral_value(groups[8])
        if year is None or month is None or day is None:
            return None
        return datetime.date(year, month, day)
    except ValueError:
        return None
