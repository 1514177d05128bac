"""Last year's plans, this year's measures: which plan of N-1 the report for N says was carried out.

    plans = plan_items(result_2023)             # （一）修订行政处罚裁量基准。…, 二是…, or sentences
    for match in follow_through(plans, result_2024):
        match.plan.text, match.text or NOT_FOUND, match.score

A plan is matched on what it names, not on how it says it: the words of intent (继续, 进一步加强)
go, and what is left is compared, by pairs of characters weighted by how rare they are in the
later report, with each passage telling the later year's work. The passage holding most of the
plan's weight, grown by a neighbouring sentence where that adds to it, carries the plan out
when it holds FOLLOWED of it; otherwise the plan gets 未见落实情况.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .body import BodySentence, sentences_of
from .normalise import matching_key
from .reuse.shingles import clean, name_forms
from .types import CheckResult, Part, Section
from .wording import INTENT

#: Share of a plan's weight a passage must hold to carry it out. Plans done in other words hold
#: 0.43-0.65 in the tests' invented history (执法车辆, 法治文化广场 stay what they are); the plans
#: of each corpus report against another agency's measures hold 0.22 at most.
FOLLOWED = 0.3
NOT_FOUND = "未见落实情况"
#: A passage grows by a neighbouring sentence only while that adds this much of the plan.
_GROWTH = 0.1
_MAX_SENTENCES = 3
# The year's work is told in the measures and, for what the leaders did, in their part.
_WORK = frozenset({Part.MEASURES, Part.LEADERSHIP})
_ENUMERATION = re.compile(r"(?:^|(?<=[。；;，,：:]))[一二三四五六七八九十]{1,2}是", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PlanItem:
    label: str | None  # （一）, 一是, or None for a plain sentence
    text: str  # as written in the earlier report, its heading included
    start: int  # offsets into the earlier report's normalised text
    end: int


@dataclass(frozen=True, slots=True)
class PlanMatch:
    plan: PlanItem
    score: float  # share of the plan's weight the best passage holds, 0 to 1
    #: The later report's passage that carries the plan out; None: 未见落实情况.
    start: int | None = None
    end: int | None = None
    text: str | None = None

    @property
    def followed(self) -> bool:
        """A passage of the later report carries the plan out."""
        return self.text is not None


def plan_items(result: CheckResult) -> list[PlanItem]:
    """The plans part's items: its subsections, else its 一是/二是 enumeration, else its sentences."""
    sentences = [s for s in sentences_of(result) if s.part == Part.PLANS]
    if not sentences:
        return []
    text = result.text
    runs: dict[int, list[BodySentence]] = {}
    for sentence in sentences:
        runs.setdefault(sentence.run, []).append(sentence)
    headed = [
        (section, found)
        for found in runs.values()
        if (section := _heading_at(result.sections, found[0].start)) is not None
    ]
    # Two subsections or more are the items; a paragraph before them only leads in.
    if len(headed) >= 2:
        return [
            PlanItem(
                section.number, text[section.start : found[-1].end], section.start, found[-1].end
            )
            for section, found in headed
        ]
    start, end = sentences[0].start, sentences[-1].end
    marks = [m.start() for m in _ENUMERATION.finditer(text, start, end)]
    if len(marks) >= 2:
        items = []
        for a, b in itertools.pairwise([*marks, end]):
            item = text[a:b].rstrip()
            items.append(PlanItem(text[a : text.index("是", a) + 1], item, a, a + len(item)))
        return items
    return [PlanItem(None, text[s.start : s.end], s.start, s.end) for s in sentences]


def follow_through(plans: list[PlanItem], measures_of_next_year: CheckResult) -> list[PlanMatch]:
    """Each plan with the later report's passage that carries it out, or none (未见落实情况)."""
    later = measures_of_next_year
    work = [s for s in sentences_of(later) if s.part in _WORK]
    if not work:
        return [PlanMatch(plan, 0.0) for plan in plans]
    names = name_forms([later.agency])
    # A sentence is read with the heading of its subsection: （一）执法队伍更加充实.
    pairs = [
        _pairs(_heading_of(later.sections, s.start) + later.text[s.start : s.end], names)
        for s in work
    ]
    frequency = Counter(pair for found in pairs for pair in found)
    weight = {pair: math.log(1 + len(work) / n) for pair, n in frequency.items()}
    rare = math.log(1 + len(work))  # a pair the later report never uses
    matches = []
    for plan in plans:
        wanted = _pairs(plan.text, names)
        total = sum(weight.get(pair, rare) for pair in wanted)
        if not total:
            matches.append(PlanMatch(plan, 0.0))
            continue
        low, high, held = _best_passage(wanted, pairs, work, weight, total)
        score = sum(weight[pair] for pair in held) / total
        if score < FOLLOWED:
            matches.append(PlanMatch(plan, score))
            continue
        start, end = work[low].start, work[high].end
        matches.append(PlanMatch(plan, score, start, end, later.text[start:end]))
    return matches


def _best_passage(
    wanted: frozenset[str],
    pairs: list[frozenset[str]],
    work: list[BodySentence],
    weight: dict[str, float],
    total: float,
) -> tuple[int, int, frozenset[str]]:
    """The sentence holding most of the plan, grown by neighbours of its stretch that add to it."""

    def held(found: Iterable[str]) -> float:
        return sum(weight[pair] for pair in found)

    best = max(range(len(work)), key=lambda i: held(wanted & pairs[i]))
    low = high = best
    covered = wanted & pairs[best]
    while high - low + 1 < _MAX_SENTENCES:
        options = [
            (held((wanted & pairs[i]) - covered), i)
            for i in (low - 1, high + 1)
            if 0 <= i < len(work) and work[i].run == work[best].run
        ]
        gain, chosen = max(options, default=(0.0, -1))
        if gain < _GROWTH * total:
            break
        covered |= wanted & pairs[chosen]
        low, high = min(low, chosen), max(high, chosen)
    return low, high, covered


def _pairs(text: str, names: tuple[str, ...]) -> frozenset[str]:
    """Pairs of adjacent characters of what a text names: its words of intent and names gone."""
    # A space where punctuation, a figure, a name or a word of intent stood: no pair spans it.
    words = " ".join(clean(piece) for piece in _GAPS.split(matching_key(text)))
    for name in names:
        words = words.replace(name, " ")
    words = INTENT.sub(" ", words)
    return frozenset(piece[i : i + 2] for piece in words.split() for i in range(len(piece) - 1))


_GAPS = re.compile(r"[^\w]+|\d+|[〇零一二三四五六七八九十百千万亿两]+")


def _heading_of(sections: Iterable[Section], offset: int) -> str:
    section = _heading_at(sections, offset)
    return f"{section.heading}。" if section is not None else ""


def _heading_at(sections: Iterable[Section], offset: int) -> Section | None:
    """The innermost lower-level section whose heading comes right before `offset`."""
    found = None
    for section in sections:
        if section.start <= offset < section.end:
            inner = _heading_at(section.children, offset)
            found = inner or (section if section.level > 1 else None)
    return found
