"""The text two reports are compared on, and its shingles.

A sentence's matching text keeps letters only: no figures, years, punctuation or spaces, and the
agency's own names (and its 我局 / 本镇) become one placeholder character, so a sentence copied
with the year, the figures or the agency's name changed reads the same (◆ the placeholder)::

    "2023年，青山镇开展普法活动12场。"  → "年◆开展普法活动场"
    "2024年，白水镇开展普法活动15场。"  → "年◆开展普法活动场"

It runs on the checker's matching key, where traditional characters are already simplified.
A shingle is a run of SHINGLE characters of it, hashed to 32 bits; a sentence keeps its
shingles in order, so that what a common phrase covers can be told from what it does not.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from ..metadata import is_subsequence
from ..normalise import matching_key

#: Characters per shingle. Six keeps a sentence recognisable after a clause is moved or a word
#: changed (an edited sentence keeps 70-90 % of its shingles), while independent reports share
#: only 2-6 % of theirs, mostly stock phrases.
SHINGLE = 6
PLACEHOLDER = "\ue000"

# Chinese numerals are figures too (召开会议三次); dropping them from every word they occur in
# (统一, 一把手) is harmless because both sides lose them alike.
_NOT_MATCHED = re.compile(
    r"[^a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
    r"|[〇零一二三四五六七八九十百千万亿两]"
)
# How an agency speaks of itself: 我局 in a bureau's report is 我镇 in the township's copy.
_SELF = re.compile(r"[我本](?:局|镇|乡|委|办|中心|街道|单位|部门|院|所|队|区|县|市)")
# 人民政府, 管理委员会: what a name may end with and still be called without.
_NAME_SUFFIX = re.compile(r"(?:人民政府|管理委员会|管委会|街道办事处|办事处)$")
# The place a name opens with, up to its level (古丈县 in 古丈县司法局).
_PLACE = re.compile(r"^.{1,8}?[省市县区州旗盟]")
_MIN_NAME = 2
_MIN_REMAINDER = 3


def clean(text: str) -> str:
    """Letters only, lower case: figures, years, punctuation and spaces are left out."""
    return _NOT_MATCHED.sub("", text.lower())


def name_forms(names: Iterable[str | None]) -> tuple[str, ...]:
    """Cleaned names an agency goes by: as given, without 人民政府, without its place name."""
    forms: set[str] = set()
    for name in names:
        if not name:
            continue
        full = clean(matching_key(name))
        candidates = [full]
        short = _NAME_SUFFIX.sub("", full)
        candidates.append(short)
        place = _PLACE.match(short)
        if place is not None and len(short) - place.end() >= _MIN_REMAINDER:
            # 古丈县司法局 writes of itself as 县司法局 and 司法局.
            rest = short[place.end() :]
            candidates += [rest, short[place.end() - 1 :]]
        forms.update(c for c in candidates if len(c) >= _MIN_NAME)
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def abbreviations(text: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    """Shorter names a cleaned text uses twice or more for one of `forms`: 县科工信局, 经开区.

    An abbreviation keeps the name's characters in order and ends as it ends (科工信局 of
    科技和工业信息化局); a longer run ending there that still fits is preferred.
    """
    found: dict[str, int] = {}
    for form in forms:
        if len(form) <= _MIN_REMAINDER:
            continue
        end = form[-1]
        position = text.find(end)
        while position >= 0:
            best = ""
            for length in range(_MIN_REMAINDER, len(form)):
                start = position + 1 - length
                if start < 0 or not is_subsequence(text[start : position + 1], form):
                    break
                best = text[start : position + 1]
            if best and best not in forms:
                found[best] = found.get(best, 0) + 1
            position = text.find(end, position + 1)
    return tuple(name for name, count in found.items() if count >= 2)


@lru_cache(maxsize=256)
def _names_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [re.escape(form) for form in forms]
    return re.compile("|".join([*alternatives, _SELF.pattern]))


def matching_text(key: str, forms: tuple[str, ...] = ()) -> str:
    """The cleaned text of a stretch of the matching key, the agency's names as a placeholder."""
    return _names_pattern(forms).sub(PLACEHOLDER, clean(key))


def shingles(text: str) -> tuple[int, ...]:
    """The hashes of the SHINGLE-character runs of a matching text, in order (none if shorter)."""
    # Four bytes a character: a shingle is a fixed-width slice, hashed without encoding it.
    data = text.encode("utf-32-le")
    crc32 = zlib.crc32
    return tuple(
        [crc32(data[i : i + 4 * SHINGLE]) for i in range(0, len(data) - 4 * SHINGLE + 4, 4)]
    )


def own_shingles(sequence: Sequence[int], common: AbstractSet[int]) -> frozenset[int]:
    """The shingles touching a character no common shingle covers: a sentence's own words.

    Two stock phrases side by side (在县委、县政府的坚强领导下，全面推进依法行政) make shingles that
    straddle them and are no phrase; they touch only covered characters, so they do not count.
    """
    if not common or common.isdisjoint(sequence):
        return frozenset(sequence)
    uncovered = list(itertools.accumulate((1 - c for c in _covered(sequence, common)), initial=0))
    return frozenset(
        shingle
        for position, shingle in enumerate(sequence)
        if uncovered[position + SHINGLE] > uncovered[position]
    )


def whole_hash(text: str) -> int:
    """The hash of a whole matching text: how sentences too short for shingles are matched."""
    return zlib.crc32(text.encode())


def _covered(sequence: Sequence[int], common: AbstractSet[int]) -> bytearray:
    """Per character of the text the shingles were taken from: 1 inside a common shingle."""
    covered = bytearray(len(sequence) + SHINGLE - 1 if sequence else 0)
    for position, shingle in enumerate(sequence):
        if shingle in common:
            covered[position : position + SHINGLE] = b"\x01" * SHINGLE
    return covered
