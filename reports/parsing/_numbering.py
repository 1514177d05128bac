"""Word automatic list numbering, rendered the way Word shows it.

numbering.xml holds abstractNum/lvl definitions (numFmt chineseCounting, lvlText "%1、") and num
instances pointing at them; a paragraph's numPr (numId 3, ilvl 0) then reads "一、" on screen even
though the text only says "依法行政工作情况". python-docx exposes numId and ilvl but renders nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
# A marker that already ends in punctuation needs nothing more to read like a typed one: "一、依法".
_ENDS_IN_PUNCTUATION = re.compile(r"[、，,.．:：;；)）\]】〕」』]$")

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_CN_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _chinese(n: int, digits: str, units: tuple[str, str, str], *, short_ten: bool) -> str:
    """Chinese counting numerals below 10^8: 11 → 十一, 105 → 一百零五, 20000 → 二万."""
    if n == 0:
        return digits[0]
    if n >= 100_000_000:
        return str(n)
    zero = "零" if digits[0] == "〇" else digits[0]
    high, low = divmod(n, 10_000)
    out: list[str] = []
    if high:
        out.append(_chinese_group(high, digits, units, zero))
        out.append("萬" if digits is _CN_LEGAL_TRADITIONAL else "万")
        if 0 < low < 1000:
            out.append(zero)
    if low:
        out.append(_chinese_group(low, digits, units, zero))
    text = "".join(out)
    if short_ten and 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _chinese_group(n: int, digits: str, units: tuple[str, str, str], zero: str) -> str:
    out: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, power)
        if d:
            if pending_zero and out:
                out.append(zero)
            out.append(digits[d] + unit)
            pending_zero = False
        else:
            pending_zero = True
    return "".join(out)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    if not 0 < n <= 780:
        return str(n)
    # Word repeats the letter after z: 27 → aa, 28 → bb.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...]) -> str:
    for first, last, codepoint in ranges:
        if first <= n <= last:
            return chr(codepoint + n - first)
    return str(n)


def _digitwise(n: int) -> str:
    return "".join(_CN_DIGITS[int(c)] for c in str(n))


_FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    ),
    "decimalFullWidth2": lambda n: str(n).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    ),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "chineseCounting": lambda n: (
        _chinese(n, _CN_DIGITS, ("十", "百", "千"), short_ten=True) if n < 100 else _digitwise(n)
    ),
    "chineseCountingThousand": lambda n: _chinese(
        n, _CN_DIGITS, ("十", "百", "千"), short_ten=True
    ),
    "taiwaneseCounting": lambda n: _chinese(n, _CN_DIGITS, ("十", "百", "千"), short_ten=True),
    "taiwaneseCountingThousand": lambda n: _chinese(
        n, _CN_DIGITS, ("十", "百", "千"), short_ten=True
    ),
    "japaneseCounting": lambda n: _chinese(n, _CN_DIGITS, ("十", "百", "千"), short_ten=True),
    "ideographDigital": _digitwise,
    "taiwaneseDigital": _digitwise,
    "chineseLegalSimplified": lambda n: _chinese(
        n, _CN_LEGAL_SIMPLIFIED, ("拾", "佰", "仟"), short_ten=False
    ),
    "ideographLegalTraditional": lambda n: _chinese(
        n, _CN_LEGAL_TRADITIONAL, ("拾", "佰", "仟"), short_ten=False
    ),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10] if n > 0 else str(n),
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12] if n > 0 else str(n),
    "decimalEnclosedCircle": lambda n: _enclosed(
        n, ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))
    ),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(
        n, ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))
    ),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, ((1, 20, 0x2488),)),
    "decimalEnclosedParen": lambda n: _enclosed(n, ((1, 20, 0x2474),)),
    "ideographEnclosedCircle": lambda n: _enclosed(n, ((1, 10, 0x3220),)),
    "ideographParenthesized": lambda n: _enclosed(n, ((1, 10, 0x3220),)),
    "none": lambda n: "",
}

# WPS writes numFmt="custom" with w:format="01, 02, 03, ..."; the first sample names the style.
_CUSTOM_SAMPLES: dict[str, str] = {
    "1": "decimal",
    "一": "chineseCounting",
    "壹": "chineseLegalSimplified",
    "甲": "ideographTraditional",
    "子": "ideographZodiac",
    "①": "decimalEnclosedCircle",
    "⑴": "decimalEnclosedParen",
    "⒈": "decimalEnclosedFullstop",
    "㈠": "ideographEnclosedCircle",
    "１": "decimalFullWidth",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}


def format_number(value: int, fmt: str, custom: str | None = None) -> str:
    """One counter value in a Word numFmt: (3, "chineseCounting") → "三"."""
    if fmt == "custom":
        sample = (custom or "").split(",")[0].strip()
        if len(sample) > 1 and sample.isascii() and sample.isdigit():
            return str(value).zfill(len(sample))
        fmt = _CUSTOM_SAMPLES.get(sample[:1], "decimal")
    formatter = _FORMATTERS.get(fmt, str)
    return formatter(value)


@dataclass(frozen=True, slots=True)
class Level:
    """One w:lvl of an abstractNum, after any lvlOverride of the num instance."""

    start: int = 1
    fmt: str = "decimal"
    custom: str | None = None
    text: str | None = None
    #: w:lvlRestart: None restarts after any shallower level, 0 never, k after level k (1-based).
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None


_DEFAULT_LEVEL = Level()


def int_value(value: str | None, default: int | None = None) -> int | None:
    """An integer attribute (w:val="3"), or `default` when it is absent or not a number."""
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


#: How OOXML writes "off" for a toggle such as <w:b w:val="0"/>; an absent w:val means on.
OFF_VALUES = ("0", "false", "off")


def is_on(el: etree._Element, val: str) -> bool:
    """Whether a toggle element is on; `val` is the w:val attribute's Clark name."""
    return el.get(val, "1").lower() not in OFF_VALUES


class Numbering:
    """Counters for one document; `marker()` is called for each numbered paragraph in order."""

    def __init__(
        self,
        root: etree._Element | None,
        w: str,
        style_num: Callable[[str], str | None] = lambda style_id: None,
    ) -> None:
        self._w = w
        self._style_num = style_num
        self._abstract: dict[str, dict[int, Level]] = {}
        self._abstract_link: dict[str, str] = {}
        self._nums: dict[str, tuple[str, dict[int, Level | int], set[int]]] = {}
        self._resolved: dict[str, tuple[str, tuple[Level, ...], frozenset[int]] | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._seen: set[str] = set()
        if root is not None:
            self._load(root)

    def save(self) -> tuple[dict[str, list[int | None]], set[str]]:
        """The counters as they stand, for reading a stretch again (restore)."""
        return {key: list(values) for key, values in self._counters.items()}, set(self._seen)

    def restore(self, saved: tuple[dict[str, list[int | None]], set[str]]) -> None:
        counters, seen = saved
        self._counters = {key: list(values) for key, values in counters.items()}
        self._seen = set(seen)

    def _load(self, root: etree._Element) -> None:
        w = self._w
        for abstract in root.iterchildren(f"{{{w}}}abstractNum"):
            abstract_id = abstract.get(f"{{{w}}}abstractNumId")
            if abstract_id is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in abstract.iterchildren(f"{{{w}}}lvl"):
                ilvl = int_value(lvl.get(f"{{{w}}}ilvl"))
                if ilvl is not None and 0 <= ilvl < _LEVELS:
                    levels[ilvl] = self._level(lvl, _DEFAULT_LEVEL)
            self._abstract[abstract_id] = levels
            link = abstract.find(f"{{{w}}}numStyleLink")
            if link is not None and link.get(f"{{{w}}}val"):
                self._abstract_link[abstract_id] = link.get(f"{{{w}}}val", "")
        for num in root.iterchildren(f"{{{w}}}num"):
            num_id = num.get(f"{{{w}}}numId")
            ref = num.find(f"{{{w}}}abstractNumId")
            if num_id is None or ref is None or ref.get(f"{{{w}}}val") is None:
                continue
            # A full w:lvl replaces the abstract level; a bare startOverride only changes start.
            overrides: dict[int, Level | int] = {}
            restarted: set[int] = set()
            for override in num.iterchildren(f"{{{w}}}lvlOverride"):
                ilvl = int_value(override.get(f"{{{w}}}ilvl"))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                lvl = override.find(f"{{{w}}}lvl")
                start = override.find(f"{{{w}}}startOverride")
                start_value = int_value(start.get(f"{{{w}}}val"), 0) if start is not None else None
                if lvl is not None:
                    level = self._level(lvl, _DEFAULT_LEVEL)
                    overrides[ilvl] = (
                        replace(level, start=start_value) if start_value is not None else level
                    )
                    restarted.add(ilvl)
                elif start_value is not None:
                    overrides[ilvl] = start_value
                    restarted.add(ilvl)
            self._nums[num_id] = (ref.get(f"{{{w}}}val", ""), overrides, restarted)

    def _level(self, lvl: etree._Element, base: Level) -> Level:
        w = self._w
        values: dict[str, object] = {}
        for child in lvl:
            tag = child.tag
            if tag == f"{{{MC_NS}}}AlternateContent":
                # WPS/Word 2010 put numFmt="custom" in mc:Choice and a plain fallback after it.
                choice = child.find(f"{{{MC_NS}}}Choice")
                inner = choice.find(f"{{{w}}}numFmt") if choice is not None else None
                if inner is None:
                    continue
                child, tag = inner, inner.tag
            val = child.get(f"{{{w}}}val")
            if tag == f"{{{w}}}start":
                values["start"] = int_value(val, 1)
            elif tag == f"{{{w}}}numFmt":
                values["fmt"] = val or "decimal"
                values["custom"] = child.get(f"{{{w}}}format")
            elif tag == f"{{{w}}}lvlText":
                null = child.get(f"{{{w}}}null", "0").lower() in ("1", "true", "on")
                values["text"] = None if null else (val or "")
            elif tag == f"{{{w}}}lvlRestart":
                values["restart"] = int_value(val)
            elif tag == f"{{{w}}}isLgl":
                values["legal"] = is_on(child, f"{{{w}}}val")
            elif tag == f"{{{w}}}suff":
                values["suffix"] = val or "tab"
            elif tag == f"{{{w}}}pStyle":
                values["style"] = val
        return replace(base, **values)  # type: ignore[arg-type]

    def _resolve(self, num_id: str) -> tuple[str, tuple[Level, ...], frozenset[int]] | None:
        if num_id in self._resolved:
            return self._resolved[num_id]
        self._resolved[num_id] = None  # guards numStyleLink cycles
        entry = self._nums.get(num_id)
        result = None
        if entry is not None:
            abstract_id, overrides, restarted = entry
            base_levels = self._abstract_levels(abstract_id, depth=0)
            if base_levels is not None:
                key, levels = base_levels
                merged = list(levels)
                for ilvl, level in overrides.items():
                    merged[ilvl] = (
                        level if isinstance(level, Level) else replace(merged[ilvl], start=level)
                    )
                result = (key, tuple(merged), frozenset(restarted))
        self._resolved[num_id] = result
        return result

    def _abstract_levels(
        self, abstract_id: str, depth: int
    ) -> tuple[str, tuple[Level, ...]] | None:
        levels = self._abstract.get(abstract_id)
        if levels is None or depth > 5:
            return None
        link = self._abstract_link.get(abstract_id)
        if link is not None:
            # numStyleLink: the definition lives in the abstractNum the numbering style points to.
            linked_num = self._style_num(link)
            linked = self._nums.get(linked_num) if linked_num else None
            if linked is not None and linked[0] != abstract_id:
                found = self._abstract_levels(linked[0], depth + 1)
                if found is not None:
                    return found
        return abstract_id, tuple(levels.get(i, _DEFAULT_LEVEL) for i in range(_LEVELS))

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The ilvl whose w:pStyle names `style_id`, for a style that gives a numId but no ilvl."""
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        for ilvl, level in enumerate(resolved[1]):
            if level.style == style_id:
                return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one paragraph and return its marker ("一、"), or None."""
        resolved = self._resolve(num_id)
        if resolved is None or not 0 <= ilvl < _LEVELS:
            return None
        key, levels, restarted = resolved
        counters = self._counters.setdefault(key, [None] * _LEVELS)
        if num_id not in self._seen:
            self._seen.add(num_id)
            # A num with startOverride restarts the shared list the first time it is used.
            for overridden in restarted:
                counters[overridden] = None
        for shallower in range(ilvl):
            # A level skipped over counts as used at its start value (as in Word and LibreOffice):
            # a list opening at （一） goes on with 二、 at the next level-1 paragraph.
            if counters[shallower] is None:
                counters[shallower] = levels[shallower].start
        level = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart
            threshold = deeper if restart is None else min(restart, deeper)
            if ilvl < threshold:
                counters[deeper] = None
        if level.fmt == "bullet" or level.text is None:
            return None
        marker = _PLACEHOLDER.sub(
            lambda m: self._placeholder(m, levels, counters, level), level.text
        )
        if not marker.strip():
            return None
        if level.suffix == "space":
            marker += " "
        elif level.suffix == "tab" and not _ENDS_IN_PUNCTUATION.search(marker):
            # A tab is only alignment: typed by hand the same heading has at most one space.
            marker += " "
        return marker

    @staticmethod
    def _placeholder(
        match: re.Match[str],
        levels: tuple[Level, ...],
        counters: list[int | None],
        current: Level,
    ) -> str:
        index = int(match.group(1)) - 1
        referenced = levels[index]
        value = counters[index]
        if value is None:
            value = referenced.start
        fmt = referenced.fmt
        if current.legal and fmt not in ("decimalZero",):
            fmt = "decimal"
        if fmt == "bullet":
            return ""
        return format_number(value, fmt, referenced.custom)
