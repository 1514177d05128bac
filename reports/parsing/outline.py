"""Normalised lines → the heading tree of the body.

    一、依法行政工作情况                 level 1, number "一"
    （一）认真学习……                    level 2, number "（一）"
    （二）贯彻落实第一责任人职责。县……   level 2: a run-on paragraph, heading up to the first 。
    1.加强组织领导                       level 3 here, level 2 in a report without （一）

A level is the rank of a marker style among the styles the report uses, so levels never skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markers import (
    CN_DIGITS,
    ENUMERATION_START,
    RANK_CN,
    RANK_DIGIT,
    RANK_PAREN_CN,
    RANK_PAREN_DIGIT,
    Marker,
    match_marker,
)
from .normalise import CLAUSE_PUNCT, HEADINGISH_END, NormalisedText
from .types import Evidence, Part, Section

_MAX_HEADING = 60
_MAX_RUN_ON_TOP = 20
_MAX_PAIRED_TOP = 24
_ENUMERATION_AFTER = re.compile(
    rf"(?:{ENUMERATION_START.pattern}|[（(][{CN_DIGITS}]{{1,3}}[）)]|1[.．、](?!\d))"
)
_RUN_ON_TOP_STOP = re.compile(r"[。：:]")
_NUMERAL_CHARS = re.compile(rf"[{CN_DIGITS}\d①-⑳]+")
_MARKER_TAIL = re.compile(r"[、.．\s]+$")
_CLOSING_START = re.compile(
    r"(?:总之|综上|总的来说|总的来看|总体来看|总体而言|总而言之|回顾|一年来|过去的一年|今后|下一步|下步|展望"
    r"|新的一年|新一年|明年|来年|接下来|未来|在新的一年|(?:19|20)\d\d年[，,])"
)
# 特此报告。 often follows the summing-up paragraph; it is not the closing paragraph itself.
_SIGN_OFF = re.compile(r"(?:特此|专此)(?:报告|汇报)|以上报告|妥否")
_STYLE_RANK = {1: RANK_CN, 2: RANK_PAREN_CN, 3: RANK_DIGIT}
_UNNUMBERED = -1  # rank of a bold line without a number, decided once the report's ranks are known


@dataclass(slots=True)
class Node:
    """A section under construction; parts.py fills in part and evidence, then it freezes."""

    number: str
    level: int
    heading: str
    start: int
    end: int
    line: int  # index into NormalisedText.lines
    body_start: int  # offset where the text after the heading begins
    value: int | None = None
    halfwidth: bool = False
    children: list[Node] = field(default_factory=list)
    part: Part | None = None
    evidence: Evidence | None = None

    def freeze(self, children: tuple[Section, ...] | None = None) -> Section:
        """This section, with its subsections frozen too unless `children` are given."""
        return Section(
            number=self.number,
            level=self.level,
            heading=self.heading,
            start=self.start,
            end=self.end,
            part=self.part,
            evidence=self.evidence,
            children=(
                tuple(child.freeze() for child in self.children) if children is None else children
            ),
        )

    def walk(self) -> list[Node]:
        """This node's descendants in reading order."""
        found: list[Node] = []
        for child in self.children:
            found.append(child)
            found.extend(child.walk())
        return found


@dataclass(frozen=True, slots=True)
class NumberingIssue:
    kind: str  # "skip" or "repeat"
    node: Node
    expected: int | None


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[Node, ...]
    preamble: tuple[int, int]
    body_end: int
    closing: tuple[int, int] | None = None  # the closing paragraph (总之……), when there is one
    issues: tuple[NumberingIssue, ...] = ()

    def path_to(self, offset: int) -> list[Node]:
        """The sections containing `offset`, outermost first."""
        path: list[Node] = []
        nodes: list[Node] = list(self.sections)
        while nodes:
            inside = next((n for n in nodes if n.start <= offset < n.end), None)
            if inside is None:
                break
            path.append(inside)
            nodes = inside.children
        return path


@dataclass(slots=True)
class _Candidate:
    line: int
    rank: int
    marker: Marker | None
    heading_length: int
    level: int = 0
    demoted: bool = False


def build_outline(norm: NormalisedText, first_line: int, end_line: int) -> Outline:
    """The heading tree of lines [first_line, end_line); everything before is the preamble."""
    body_end = norm.lines[end_line].start if end_line < len(norm.lines) else len(norm.text)
    body_start = norm.lines[first_line].start if first_line < end_line else body_end
    candidates = _candidates(norm, first_line, end_line)
    _assign_levels(candidates)
    issues_raw = _fix_top_numbering(norm, candidates)
    nodes = [_node(norm, c) for c in candidates]
    top = _tree(nodes, body_end)
    issues = tuple(NumberingIssue(kind, nodes[i], expected) for kind, i, expected in issues_raw)
    preamble_end = top[0].start if top else body_end
    return Outline(
        sections=tuple(top),
        preamble=(body_start, preamble_end),
        body_end=body_end,
        closing=_closing(norm, candidates, top, end_line),
        issues=issues,
    )


def _candidates(norm: NormalisedText, first_line: int, end_line: int) -> list[_Candidate]:
    found: list[_Candidate] = []
    for index in range(first_line, end_line):
        line = norm.lines[index]
        if line.in_table:
            continue
        key = norm.line_key(index)
        marker = match_marker(key)
        if marker is not None:
            rest = key[marker.length :]
            strict = marker.rank <= RANK_CN and not line.inline
            length = _run_on_heading(rest) if line.inline else None
            if length is None:
                length = _heading_length(rest, strict=strict)
            if length is not None:
                found.append(_Candidate(index, marker.rank, marker, length))
        elif (line.style_level or line.bold or line.numbered) and _short_heading(key):
            rank = _STYLE_RANK.get(line.style_level or 0, _UNNUMBERED)
            if line.style_level is not None and line.style_level > 3:
                rank = RANK_PAREN_DIGIT
            found.append(_Candidate(index, rank, None, len(key.rstrip("。：:"))))
    if any(c.rank <= RANK_CN and c.marker is not None for c in found):
        # Numbered level-1 headings exist: a bold line without a number is emphasis.
        return [c for c in found if c.rank != _UNNUMBERED]
    for candidate in found:
        if candidate.rank == _UNNUMBERED:
            candidate.rank = RANK_CN
    return found


def _short_heading(key: str) -> bool:
    body = key.rstrip("。：:")
    return 0 < len(body) <= 40 and "。" not in body and "，" not in body[-1:]


def _heading_length(rest: str, *, strict: bool) -> int | None:
    """How much of the text after a marker is heading; None when the line is a paragraph."""
    trimmed = rest.rstrip()
    if trimmed.endswith("。") and "。" not in trimmed[:-1] and len(trimmed) <= 40:
        return len(trimmed) - 1
    if "。" not in trimmed and len(trimmed) <= _MAX_HEADING and not trimmed.endswith(("；", ";")):
        return len(trimmed.rstrip("：:，,"))
    stop = trimmed.find("。")
    if strict:
        # 一、 opening a long sentence is a list item or a paragraph, never a heading; a phrase
        # closed by 。 or ： (一、严格林地保护管理。落实…… / 二、存在的不足和原因：一是……) is
        # a heading its text runs on from, when it is short or ends as part headings do.
        found = _RUN_ON_TOP_STOP.search(trimmed, 0, _MAX_HEADING + 1)
        if found is None or found.start() == 0:
            return None
        first = trimmed[: found.start()]
        if CLAUSE_PUNCT.search(first):
            # 一、坚持政治引领，全面建设法治政府。一是……: a short pair of phrases, then the
            # section's own enumeration, is a topical heading run on into its body.
            after = trimmed[found.end() :].lstrip()
            paired = len(first) <= _MAX_PAIRED_TOP and len(CLAUSE_PUNCT.findall(first)) == 1
            if paired and "，" in first and _ENUMERATION_AFTER.match(after):
                return len(first)
            return None
        if len(first) <= _MAX_RUN_ON_TOP or HEADINGISH_END.search(first):
            return len(first)
        return None
    if 0 <= stop <= _MAX_HEADING:
        return stop
    for mark in ("，", "；", "："):
        stop = trimmed.find(mark)
        if 0 < stop <= 40:
            return stop
    return min(len(trimmed), 30)


# In text pasted without line breaks a heading runs into its body; it usually ends on a
# heading word and the body opens with a time, the agency or an enumeration.
_RUN_ON_BREAK = re.compile(
    r"(?<=情况|成效|原因|安排|计划|打算|思路|措施|问题|不足|职责|机制|能力|意识|建设|行为|工作|领导|教育)"
    r"(?= ?(?:一是|首先|\d{4}年|今年|全年|近年来|一年来|我局|我们|本局|本单位|局|坚持|按照|围绕|全面"
    r"|认真|为进一步|作为))"
)
_PART_HEADING_END = re.compile(
    r"(?<=情况|成效|原因|安排|计划|打算|思路)(?=[^，。、；：\s的和及与])"
)


def _run_on_heading(rest: str) -> int | None:
    sentence_end = rest.find("。")
    limit = min(_MAX_HEADING, sentence_end) if sentence_end >= 0 else _MAX_HEADING
    for pattern in (_RUN_ON_BREAK, _PART_HEADING_END):
        found = pattern.search(rest, 2, limit + 1)
        if found is not None:
            return found.start()
    return None


def _assign_levels(candidates: list[_Candidate]) -> None:
    ranks = sorted({c.rank for c in candidates})
    level_of = {rank: level for level, rank in enumerate(ranks, start=1)}
    for candidate in candidates:
        candidate.level = level_of[candidate.rank]


def _fix_top_numbering(
    norm: NormalisedText, candidates: list[_Candidate]
) -> list[tuple[str, int, int | None]]:
    """Level-1 numbers should run 一、二、三: report skips, and demote a restarted 一、 run.

    一、 reused under an open 一、 numbers that section's items, so the run becomes its children
    (and everything under them one level deeper) until the outer numbering resumes.
    """
    issues: list[tuple[str, int, int | None]] = []
    last_top: int | None = None
    next_demoted: int | None = None
    for position, candidate in enumerate(candidates):
        if candidate.level != 1:
            if next_demoted is not None:
                candidate.level += 1
            continue
        value = candidate.marker.value if candidate.marker else None
        if value is None:
            next_demoted = None
            continue
        if last_top is None:
            last_top = value
            if value != 1:
                issues.append(("skip", position, 1))
            continue
        resumes = value == last_top + 1
        if next_demoted == value and not (resumes and _names_a_part(norm, candidate)):
            candidate.level, candidate.demoted = 2, True
            next_demoted = value + 1
        elif resumes:
            last_top, next_demoted = value, None
        elif value == 1:
            candidate.level, candidate.demoted = 2, True
            next_demoted = 2
            issues.append(("repeat", position, last_top + 1))
        else:
            issues.append(("skip" if value > last_top else "repeat", position, last_top + 1))
            last_top, next_demoted = value, None
    return issues


_PART_WORDS = re.compile(r"不足|问题|下一步|下步|计划|安排|打算|第一责任人|主要负责人|举措|成效")


def _names_a_part(norm: NormalisedText, candidate: _Candidate) -> bool:
    return _PART_WORDS.search(norm.line_key(candidate.line)) is not None


def _node(norm: NormalisedText, candidate: _Candidate) -> Node:
    line = norm.lines[candidate.line]
    marker = candidate.marker
    marker_length = marker.length if marker else 0
    head_start = line.start + marker_length
    heading = norm.text[head_start : head_start + candidate.heading_length].strip()
    written = norm.text[line.start : head_start].strip()
    if candidate.level == 1 and not candidate.demoted:
        numerals = _NUMERAL_CHARS.search(written)
        number = numerals.group(0) if numerals else ""
    else:
        # （一）、 happens; the bracket is the marker. 一、 and 1. keep their stop as written.
        bracketed = marker is not None and marker.rank in (RANK_PAREN_CN, RANK_PAREN_DIGIT)
        number = _MARKER_TAIL.sub("", written) if bracketed else written
    return Node(
        number=number,
        level=candidate.level,
        heading=heading,
        start=line.start,
        end=line.end,
        line=candidate.line,
        body_start=min(head_start + candidate.heading_length + 1, line.end + 1),
        value=marker.value if marker else None,
        halfwidth=marker.halfwidth if marker else False,
    )


def _tree(nodes: list[Node], body_end: int) -> list[Node]:
    top: list[Node] = []
    stack: list[Node] = []
    for node in nodes:
        while stack and stack[-1].level >= node.level:
            stack.pop().end = node.start
        if stack:
            stack[-1].children.append(node)
        elif node.level == 1:
            top.append(node)
        else:
            # A subheading before any top-level heading belongs to the preamble.
            continue
        stack.append(node)
    for node in stack:
        node.end = body_end
    _number_unnumbered(top)
    return top


def _number_unnumbered(siblings: list[Node]) -> None:
    """A heading without a number is known by its place among its siblings: #1, #2 …"""
    for position, node in enumerate(siblings, start=1):
        if not node.number:
            node.number = f"#{position}"
        _number_unnumbered(node.children)


def _closing(
    norm: NormalisedText, candidates: list[_Candidate], top: list[Node], end_line: int
) -> tuple[int, int] | None:
    """The last paragraph when it sums up the report (总之……; 下一步……)."""
    if not top:
        return None
    heading_lines = {c.line for c in candidates}
    index = end_line - 1
    last = norm.lines[index]
    if (
        index > top[-1].line
        and last.end - last.start <= 30
        and _SIGN_OFF.match(norm.key, last.start)
    ):
        index -= 1
    if index <= top[-1].line or index in heading_lines:
        return None
    line = norm.lines[index]
    if _CLOSING_START.match(norm.key, line.start) is None:
        return None
    return line.start, line.end
