"""Parts present in name only: a heading is there, what it should say is not.

    三、党政主要负责人履行推进法治建设第一责任人职责情况
    局主要负责人高度重视法治建设，认真履行第一责任人职责。      → leadership_thin
    四、存在的不足和原因
    虽然取得了一定成效，但与上级要求相比还有一定差距。          → shortcomings_vague

Each rule is a warning for the reviewer and quotes what it found; the four statuses and the
verdict never change. A part that is missing, or too short to read (part_too_short), is left to
the checks that say so; a shortcomings part without causes to shortcomings_without_causes.
part_lengths gives each part's length, to show beside the others'.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .body import BodySentence, sentences_of
from .reading import ReadReport
from .reuse.phrases import stock_pattern
from .reuse.shingles import clean, name_forms
from .types import REQUIRED_PARTS, CheckResult, Finding, Part, Severity
from .wording import ADMISSION, INTENT

#: A leadership part of this many sentences or fewer says little unless it counts what was done.
THIN_SENTENCES = 2
#: A part this much made of whole stock phrases, leaving fewer characters of its own than
#: OWN_CHARS, is mostly boilerplate; the corpus's real parts stay under a tenth. A longer part
#: has something of its own to say whatever its phrases, and is not read for them.
BOILERPLATE_SHARE = 0.4
OWN_CHARS = 300
#: A plans sentence whose probes (every fourth run of six characters) stand this much in the
#: measures part restates them; a plans part half made of such sentences restates the year.
RESTATED = 0.6
_PROBE = 6
_PROBE_STEP = 4
_MIN_PROBES = 3
#: A clause keeping this many characters once the stock words are gone names something.
_CONCRETE_CHARS = 4
_QUOTE = 60

# What the leaders did, counted: 主持召开专题会议4次, 讲授法治课两次. 个 and 课 are left out
# because 四个意识 and 三会一课 are formulas, not counts.
_COUNTED = re.compile(
    r"(?:\d+|[零一二三四五六七八九十百两]+)\s*(?:次|场|期|件|项|名|篇|份|批|轮|起|户|家)|\d+\s*%"
)
# Compiled on import: a file is read in a child forked from a process that imported this.
_STOCK = stock_pattern()
_CLAUSE = re.compile(r"[，,；;。：:、！？!?（）()“”《》\s]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def check_leadership_substance(report: ReadReport) -> list[Finding]:
    """A leadership part of two sentences or fewer that counts nothing the leaders did is thin."""
    parts = _parts(report)
    sentences = parts.readable(Part.LEADERSHIP)
    key = report.norm.key
    if not sentences or len(sentences) > THIN_SENTENCES:
        return []
    if any(_COUNTED.search(key, s.start, s.end) for s in sentences):
        return []
    return [
        Finding(
            "leadership_thin",
            Severity.WARNING,
            f"“{_part_name(Part.LEADERSHIP)}”只有{len(sentences)}句话，没有写出主要负责人"
            f"履职的具体事项：“{_quote(report, sentences)}”。请写明主要负责人如何履行第一责任人"
            "职责，如主持专题会议、带头讲法治课、审定重大事项的次数和内容。",
            part=Part.LEADERSHIP,
            span=_span(sentences),
        )
    ]


def check_shortcomings_substance(report: ReadReport) -> list[Finding]:
    """Shortcomings that only admit falling short (还存在一些不足) and name no problem are vague."""
    parts = _parts(report)
    sentences = parts.readable(Part.SHORTCOMINGS)
    if not sentences or any(parts.names_something(s, ADMISSION) for s in sentences):
        return []
    return [
        Finding(
            "shortcomings_vague",
            Severity.WARNING,
            f"“存在的不足”只写了“{_quote(report, sentences)}”，没有指出具体问题。"
            "请写明哪些工作、哪些环节存在什么问题。",
            part=Part.SHORTCOMINGS,
            span=_span(sentences),
        )
    ]


def check_plans_substance(report: ReadReport) -> list[Finding]:
    """Plans made of words of intent (继续, 进一步加强) name no task; plans copying measures restate."""
    parts = _parts(report)
    sentences = parts.readable(Part.PLANS)
    if not sentences:
        return []
    findings = []
    if not any(parts.names_something(s, INTENT) for s in sentences):
        findings.append(
            Finding(
                "plans_not_concrete",
                Severity.WARNING,
                f"“下一年度工作安排”只有原则性表述：“{_quote(report, sentences)}”，没有具体任务。"
                "请写明下一年度要做的具体工作、措施和完成时限。",
                part=Part.PLANS,
                span=_span(sentences),
            )
        )
    restated = parts.restated(sentences)
    if restated and 2 * _length(restated) >= _length(sentences):
        findings.append(
            Finding(
                "plans_restate_measures",
                Severity.WARNING,
                f"“下一年度工作安排”大多重复本年度的举措，如“{_quote(report, restated[:1])}”。"
                "请针对存在的不足，提出下一年度新的具体安排。",
                part=Part.PLANS,
                span=_span(restated[:1]),
            )
        )
    return findings


def check_parts_not_boilerplate(report: ReadReport) -> list[Finding]:
    """A part that is mostly stock phrases (套话) says little of the agency's own work."""
    parts = _parts(report)
    findings = []
    for part in REQUIRED_PARTS:
        sentences = parts.readable(part)
        if not sentences or _length(sentences) * (1 - BOILERPLATE_SHARE) >= OWN_CHARS:
            continue
        text = clean(parts.text(part))
        stock = _stock_chars(text)
        if stock < BOILERPLATE_SHARE * len(text) or len(text) - stock >= OWN_CHARS:
            continue
        most = max(sentences, key=lambda s: _stock_share(clean(parts.key[s.start : s.end])))
        findings.append(
            Finding(
                "part_boilerplate",
                Severity.WARNING,
                f"“{_part_name(part)}”大部分是套话，如“{_quote(report, [most])}”，"
                "实际内容较少。请结合本单位实际写明具体情况。",
                part=part,
                span=(most.start, most.end),
            )
        )
    return findings


#: The findings that say a part is there in name only: what the year's assessment deducts for.
IN_NAME_ONLY = frozenset(
    {
        "leadership_thin",
        "shortcomings_vague",
        "plans_not_concrete",
        "plans_restate_measures",
        "part_boilerplate",
    }
)

SUBSTANCE_CHECKS = (
    check_leadership_substance,
    check_shortcomings_substance,
    check_plans_substance,
    check_parts_not_boilerplate,
)


def part_lengths(result: CheckResult) -> dict[Part, int]:
    """Characters of each part's body text, headings left out, whitespace not counted."""
    lengths = dict.fromkeys(REQUIRED_PARTS, 0)
    for sentence in sentences_of(result):
        if sentence.part is not None:
            text = result.text[sentence.start : sentence.end]
            lengths[sentence.part] = lengths.get(sentence.part, 0) + sum(map(len, text.split()))
    return lengths


@dataclass(frozen=True, slots=True)
class _Parts:
    """A report's parts as the substance checks read them, worked out once for all of them."""

    key: str  # the report's matching key
    sentences: dict[Part, list[BodySentence]]
    too_short: frozenset[Part]  # the parts part_too_short reports
    names: tuple[str, ...]  # the agency's names, left out when looking for content

    def text(self, part: Part) -> str:
        """The part's sentences from the key, without whitespace."""
        found = self.sentences.get(part, [])
        return "".join("".join(self.key[s.start : s.end] for s in found).split())

    def readable(self, part: Part) -> list[BodySentence]:
        """The part's sentences, none when part_too_short speaks for it."""
        return [] if part in self.too_short else self.sentences.get(part, [])

    def names_something(self, sentence: BodySentence, stock: re.Pattern[str]) -> bool:
        """Whether a clause keeps a few characters once the stock words and the agency are gone."""
        text = self.key[sentence.start : sentence.end]
        for name in self.names:
            text = text.replace(name, "")
        # Stock words hold no punctuation: taking them out of the sentence at once is taking
        # them out of each clause.
        return any(
            len(_HAN.findall(clause)) >= _CONCRETE_CHARS
            for clause in _CLAUSE.split(stock.sub("", text))
        )

    def restated(self, plans: list[BodySentence]) -> list[BodySentence]:
        """Plans sentences that stand in the measures part nearly word for word."""
        measures = self.text(Part.MEASURES)
        found = []
        for sentence in plans:
            text = "".join(self.key[sentence.start : sentence.end].split())
            probes = [text[i : i + _PROBE] for i in range(0, len(text) - _PROBE + 1, _PROBE_STEP)]
            if len(probes) < _MIN_PROBES:
                continue
            # Stop at the first miss too many: most plans sentences are not copies.
            misses = len(probes) - math.ceil(RESTATED * len(probes))
            for probe in probes:
                if probe not in measures:
                    misses -= 1
                    if misses < 0:
                        break
            else:
                found.append(sentence)
        return found


# The checks of one report run one after another on the same parts: the last report's are kept,
# in one slot swapped whole, so a thread checking another report at most recomputes them.
_LAST: list[tuple[ReadReport, _Parts]] = []


def _parts(report: ReadReport) -> _Parts:
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] is report:
        return last[1]
    # checks.py lists these checks, so its names are read when a check runs, not at import.
    from .checks import check_part_length

    sentences: dict[Part, list[BodySentence]] = {}
    for sentence in report.sentences:
        if sentence.part is not None:
            sentences.setdefault(sentence.part, []).append(sentence)
    key = report.norm.key
    parts = _Parts(
        key=key,
        sentences=sentences,
        too_short=frozenset(f.part for f in check_part_length(report) if f.part is not None),
        names=name_forms([report.agency, report.title_agency]),
    )
    _LAST[:] = [(report, parts)]
    return parts


def _stock_chars(text: str) -> int:
    return sum(found.end() - found.start() for found in _STOCK.finditer(text))


def _stock_share(text: str) -> float:
    return _stock_chars(text) / len(text) if text else 0.0


def _length(sentences: list[BodySentence]) -> int:
    return sum(s.end - s.start for s in sentences)


def _part_name(part: Part) -> str:
    from .checks import PART_NAMES

    return PART_NAMES[part]


def _quote(report: ReadReport, sentences: Iterable[BodySentence]) -> str:
    text = "".join(report.norm.text[s.start : s.end] for s in sentences)
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "……"


def _span(sentences: list[BodySentence]) -> tuple[int, int]:
    return sentences[0].start, sentences[-1].end
