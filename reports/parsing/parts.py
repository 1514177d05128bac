"""Top-level sections → the four parts Article 25 requires, with their status.

A section goes to a part when its heading names it (三、存在问题及原因 → shortcomings) or, when
the heading does not, when its opening sentences plainly do (一、领导重视及工作开展情况 opening
with 党政主要负责人……履行第一责任人职责 → leadership, evidence "content"). A part with no section
of its own may still be covered by a subsection (一（二）贯彻落实第一责任人职责) or a sentence
(总之……还存在一些不足……下步，我局将……): it is then embedded.

Wording varies from report to report, so each part is a family of patterns, not a phrase list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .normalise import NormalisedText
from .outline import Node, Outline
from .types import REQUIRED_PARTS, Evidence, Part, PartResult, PartStatus, Verdict

CLOSING_PARAGRAPH = "closing paragraph"
PREAMBLE = "preamble"

_OTHER = re.compile(r"其[他它](?:需要|需|应当)?(?:报告|说明)|其[他它](?:事项|情况)")
_LEADERSHIP = re.compile(
    r"第一责任人|主要负责人|党政负责人|主要领导(?:干部)?(?:履职|履行|述法)|一把手|述法"
)
_LEADERSHIP_HINT = re.compile(r"领导|重视|责任|带头|履职")
_SHORTCOMINGS = re.compile(
    r"不足|短板|差距|薄弱|存在[^，。]{0,6}(?:问题|困难|矛盾)|问题(?:和|及|与|、)?(?:原因|困难)"
    r"|困难和问题|面临[^，。]{0,4}(?:问题|困难|挑战)|(?:有待|需要|亟待|仍需)(?:改进|改善|解决)"
    r"|不到位|问题$|困难$"
)
# Measures headings speak of fixing problems (补齐短板, 解决群众急难愁盼问题): not shortcomings.
_REMEDY = re.compile(
    r"(?:补齐|补强|补足|弥补|破解|解决|整改|化解|聚焦|回应|排查)[^，。]{0,8}(?:短板|问题|差距|薄弱|不足)"
)
_PLANS_TIME = r"下一步|下步|下阶段|下一阶段|今后|明年|来年|下一年度|新的一年|新一年"
# A sentence may open with more ways of saying "from now on" than a heading is named with.
_PLANS_OPENING_TIME = rf"{_PLANS_TIME}|接下来|未来|下一年"
_PLANS_WORDS = re.compile(rf"{_PLANS_TIME}")
# 重点工作推进情况 reports the year's work: a heading ending on 情况 or 成效 is no plan.
_PLANS_END = re.compile(
    r"(?:计划|打算|思路|安排|设想|展望|努力方向|工作重点|重点工作|工作目标)[和及与]?[^，。]{0,6}"
    r"(?<!情况)(?<!成效)$"
)
_MEASURES = re.compile(
    r"举措|成效|做法|工作情况|开展情况|进展|成绩|主要工作|基本情况|落实情况|工作总结|建设情况"
    r"|推进情况|完成情况|取得|亮点|经验|措施|工作开展|依法行政"
)
_MEASURES_SUB = re.compile(r"举措|成效|主要做法|工作情况|开展情况|推进情况|落实情况")

_CAUSE = re.compile(r"原因|由于|因为|导致|造成|根源|归因|源于|致使|主观|客观")
_LEAD_SENTENCE = re.compile(
    r"(?:主要负责人|一把手|主要领导|党政负责人|负责同志)[^。]{0,40}第一责任人"
    r"|(?:履行|落实|担负|扛起)[^。]{0,20}第一责任人[^。]{0,6}职责"
)
_SHORT_SENTENCE = re.compile(
    r"(?:但|还|仍|也|尚|同时)[^。；，]{0,6}(?:存在|有)[^。；]{0,12}(?:不足|问题|短板|差距|薄弱|困难)"
    r"|存在的(?:主要)?(?:不足|问题|短板)(?:主要)?(?:是|有|表现在|包括)"
    r"|(?:不足|问题|短板)(?:主要)?(?:表现在|体现在)"
)
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_YEAR = re.compile(r"(?<![\d\-—–~至到])((?:19|20)\d\d)(?![\d\-—–~至到])\s*年")


@dataclass(frozen=True, slots=True)
class PartsReading:
    parts: dict[Part, PartResult]
    sections: dict[Part, tuple[Node, ...]]  # the top-level sections given to each part
    order_ok: bool
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class _HeadingCues:
    parts: tuple[Part, ...]  # parts the heading names outright
    leadership_hint: bool  # 领导重视, 组织领导: leadership only if the opening confirms it
    measures: bool


def read_parts(norm: NormalisedText, outline: Outline, year: int | None) -> PartsReading:
    """Give each top-level section a part, then look for parts left without one."""
    next_year = year + 1 if year else None
    given: dict[Part, list[Node]] = {part: [] for part in Part}
    cues = [
        _heading_cues(_compact(norm, node.start, node.body_start), next_year)
        for node in outline.sections
    ]
    leadership_named = any(Part.LEADERSHIP in c.parts for c in cues)
    later_part_seen = False
    for node, cue in zip(outline.sections, cues, strict=True):
        parts, evidence = _section_parts(
            norm, node, cue, next_year, leadership_named, later_part_seen, outline.closing
        )
        node.part, node.evidence = parts[0], evidence
        for part in parts:
            given[part].append(node)
        later_part_seen = later_part_seen or bool({Part.SHORTCOMINGS, Part.PLANS} & set(parts))

    results: dict[Part, PartResult] = {}
    for part in (*REQUIRED_PARTS, Part.OTHER):
        nodes = given[part]
        if nodes:
            by_heading = any(n.evidence == Evidence.HEADING for n in nodes)
            results[part] = PartResult(
                PartStatus.PRESENT,
                sections=tuple(n.number for n in nodes),
                evidence=Evidence.HEADING if by_heading else Evidence.CONTENT,
            )
        elif part != Part.OTHER:
            results[part] = _embedded(norm, outline, part, next_year) or PartResult(
                PartStatus.MISSING
            )
    return PartsReading(
        parts=results,
        sections={part: tuple(nodes) for part, nodes in given.items() if nodes},
        order_ok=_order_ok(given),
        verdict=_verdict(results),
    )


def _compact(norm: NormalisedText, start: int, end: int) -> str:
    return norm.key[start:end].replace(" ", "").replace("\n", "")


def _heading_cues(heading: str, next_year: int | None) -> _HeadingCues:
    if _OTHER.search(heading):
        return _HeadingCues((Part.OTHER,), False, False)
    if _LEADERSHIP.search(heading):
        return _HeadingCues((Part.LEADERSHIP,), False, False)
    parts: list[Part] = []
    if _SHORTCOMINGS.search(_REMEDY.sub("", heading)):
        parts.append(Part.SHORTCOMINGS)
    if _names_plans(heading, next_year, top_level=True):
        parts.append(Part.PLANS)
    return _HeadingCues(
        tuple(parts),
        leadership_hint=_LEADERSHIP_HINT.search(heading) is not None,
        measures=_MEASURES.search(heading) is not None,
    )


def _names_plans(heading: str, next_year: int | None, *, top_level: bool) -> bool:
    if _PLANS_WORDS.search(heading):
        return True
    if next_year is not None and any(int(y) == next_year for y in _YEAR.findall(heading)):
        return True
    return top_level and _PLANS_END.search(heading) is not None


def _section_parts(
    norm: NormalisedText,
    node: Node,
    cue: _HeadingCues,
    next_year: int | None,
    leadership_named: bool,
    later_part_seen: bool,
    closing: tuple[int, int] | None,
) -> tuple[tuple[Part, ...], Evidence]:
    if cue.parts:
        return cue.parts, Evidence.HEADING
    opening = _opening(norm, node, closing)
    may_lead = (cue.leadership_hint or not cue.measures) and not leadership_named
    if may_lead and _LEAD_SENTENCE.search(opening):
        return (Part.LEADERSHIP,), Evidence.CONTENT
    if not cue.measures and not cue.leadership_hint:
        if _SHORT_SENTENCE.search(opening):
            return (Part.SHORTCOMINGS,), Evidence.CONTENT
        if _plans_sentence(opening, next_year):
            return (Part.PLANS,), Evidence.CONTENT
    # A heading naming no part tells a piece of the year's work (强化组织领导, 健全工作机制),
    # unless it comes after the problems and plans, where it is something else.
    if cue.measures or not later_part_seen:
        return (Part.MEASURES,), Evidence.HEADING
    return (Part.OTHER,), Evidence.HEADING


def _opening(norm: NormalisedText, node: Node, closing: tuple[int, int] | None) -> str:
    """The first sentences of the section's first paragraph, where it says what it is about.

    Only the first paragraph counts, and never the report's closing paragraph: a short last
    section followed by 总之……还存在一些不足 is not thereby about shortcomings.
    """
    end = min(node.end, node.body_start + 300)
    if closing is not None and node.body_start <= closing[0] < end:
        end = closing[0]
    body = norm.key[node.body_start : end].lstrip("\n")
    body = body.split("\n", 1)[0]
    stop = -1
    for _ in range(2):
        stop = body.find("。", stop + 1)
        if stop < 0:
            return body
    return body[: stop + 1]


# What a plan says it will do: 将 / 要 / 计划 … or the verbs plans open with (持续, 着力 …).
_PLANS_VERB = r"将|要|计划|打算|继续|进一步|重点|持续|着力|力争|努力|坚持"
# 在新的一年里， / 展望2024年， / 下一步工作中，: the time a plans sentence opens with.
_PLANS_OPENING = re.compile(
    rf"(?:在|展望)?(?:{_PLANS_OPENING_TIME})(?:[里中内]|工作中)?[，,]?[^。]{{0,20}}?(?:{_PLANS_VERB})"
)
_YEAR_PLANS_OPENING = re.compile(
    rf"(?:在|展望)?([0-9]+)\s*年(?:[里中内]|度)?[，,]?[^。]{{0,20}}?(?:{_PLANS_VERB})"
)


def _plans_sentence(sentence: str, next_year: int | None) -> bool:
    stripped = sentence.lstrip("，, 　")
    if _PLANS_OPENING.match(stripped) is not None:
        return True
    if next_year is None:
        return False
    found = _YEAR_PLANS_OPENING.match(stripped)
    return found is not None and found.group(1) == str(next_year)


def _embedded(
    norm: NormalisedText, outline: Outline, part: Part, next_year: int | None
) -> PartResult | None:
    """A lower heading or a sentence covering a part that has no section of its own."""
    for top in outline.sections:
        for node in top.walk():
            heading = _compact(norm, node.start, node.body_start)
            if _sub_heading_names(part, heading, next_year):
                node.part, node.evidence = part, Evidence.HEADING
                where = "".join(n.number for n in outline.path_to(node.start))
                return PartResult(
                    PartStatus.EMBEDDED,
                    where=where,
                    evidence=Evidence.HEADING,
                    span=(node.start, node.end),
                )
    regions: list[tuple[str, tuple[int, int]]] = []
    if outline.closing is not None:
        regions.append((CLOSING_PARAGRAPH, outline.closing))
    regions.append(("", (outline.preamble[0], outline.body_end)))
    for where, (start, end) in regions:
        for sentence_start, sentence in _sentences(norm.key, start, end):
            if _sentence_names(part, sentence, next_year):
                span_end = end if where == CLOSING_PARAGRAPH and part == Part.PLANS else None
                span = (sentence_start, span_end or sentence_start + len(sentence))
                return PartResult(
                    PartStatus.EMBEDDED,
                    where=where or _where(outline, sentence_start),
                    evidence=Evidence.CONTENT,
                    span=span,
                )
    return None


def _sub_heading_names(part: Part, heading: str, next_year: int | None) -> bool:
    if part == Part.LEADERSHIP:
        return _LEADERSHIP.search(heading) is not None
    if part == Part.SHORTCOMINGS:
        return _SHORTCOMINGS.search(_REMEDY.sub("", heading)) is not None
    if part == Part.PLANS:
        return _names_plans(heading, next_year, top_level=False)
    return part == Part.MEASURES and _MEASURES_SUB.search(heading) is not None


def _sentence_names(part: Part, sentence: str, next_year: int | None) -> bool:
    if part == Part.LEADERSHIP:
        return _LEAD_SENTENCE.search(sentence) is not None
    if part == Part.SHORTCOMINGS:
        return _SHORT_SENTENCE.search(sentence) is not None
    if part == Part.PLANS:
        return _plans_sentence(sentence, next_year)
    return False


def _sentences(key: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    for found in _SENTENCE.finditer(key, start, end):
        yield found.start(), found.group(0)


def _where(outline: Outline, offset: int) -> str:
    path = outline.path_to(offset)
    return "".join(n.number for n in path) if path else PREAMBLE


def plans_years(norm: NormalisedText, start: int, end: int) -> list[tuple[int, tuple[int, int]]]:
    """Years written in a stretch of text ("2024年"), ranges such as 2021-2025年 left out."""
    return [
        (int(found.group(1)), (found.start(1), found.end(1)))
        for found in _YEAR.finditer(norm.key, start, end)
    ]


def names_causes(text: str) -> bool:
    return _CAUSE.search(text) is not None


def _order_ok(given: dict[Part, list[Node]]) -> bool:
    present = [part for part in REQUIRED_PARTS if given[part]]
    by_position = sorted(present, key=lambda part: given[part][0].start)
    return by_position == present


def _verdict(results: dict[Part, PartResult]) -> Verdict:
    statuses = [results[part].status for part in REQUIRED_PARTS]
    if PartStatus.MISSING in statuses:
        return Verdict.INCOMPLETE
    if PartStatus.EMBEDDED in statuses:
        return Verdict.PARTIAL
    return Verdict.COMPLETE
