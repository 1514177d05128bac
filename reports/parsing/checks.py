"""The reviewer's checks on the parts and the outline, and the list of every check run.

Every check is `check_<rule>(report) -> list[Finding]` with a one-line docstring stating the
rule; the docstrings double as help text. Codes are stable: exports and tests rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import metadata_checks as meta
from . import substance
from .markers import cn_numeral
from .normalise import NormalisedText
from .outline import Node
from .parts import CLOSING_PARAGRAPH, PREAMBLE, names_causes, plans_years
from .reading import ReadReport
from .types import REQUIRED_PARTS, Evidence, Finding, Part, PartStatus, Severity

PART_NAMES: dict[Part, str] = {
    Part.MEASURES: "推进法治政府建设的主要举措和成效",
    Part.SHORTCOMINGS: "推进法治政府建设存在的不足和原因",
    Part.LEADERSHIP: "党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
    Part.PLANS: "下一年度推进法治政府建设的主要安排",
    Part.OTHER: "其他需要报告的情况",
}
_SHORT_NAMES: dict[Part, str] = {
    Part.MEASURES: "主要举措和成效",
    Part.SHORTCOMINGS: "不足和原因",
    Part.LEADERSHIP: "第一责任人职责情况",
    Part.PLANS: "下一年度安排",
    Part.OTHER: "其他情况",
}
MIN_PART_CHARS = 80
_SUBSECTION_CN = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")


def _where(report: ReadReport, part: Part) -> str:
    result = report.parts.parts[part]
    where = result.where or ""
    if where == CLOSING_PARAGRAPH:
        return "结尾段落"
    if where == PREAMBLE or not where:
        return "开头段落"
    if result.evidence == Evidence.HEADING:
        return f"“{where}”小节"
    return f"“{where}”的正文"


def _label(node: Node) -> str:
    return node.heading if node.number.startswith("#") else f"{node.number}、{node.heading}"


def check_parts_present(report: ReadReport) -> list[Finding]:
    """Article 25 requires four parts: each one neither headed nor covered anywhere is an error."""
    return [
        Finding(
            "part_missing",
            Severity.ERROR,
            f"报告缺少“{PART_NAMES[part]}”部分。请补写这一部分，并单列一级标题。",
            part=part,
        )
        for part in REQUIRED_PARTS
        if report.parts.parts[part].status == PartStatus.MISSING
    ]


def check_parts_stand_alone(report: ReadReport) -> list[Finding]:
    """Each required part should have a top-level section of its own, not sit inside another."""
    findings = []
    for part in REQUIRED_PARTS:
        result = report.parts.parts[part]
        if result.status != PartStatus.EMBEDDED:
            continue
        findings.append(
            Finding(
                "part_embedded",
                Severity.WARNING,
                f"“{PART_NAMES[part]}”没有单独成节，只写在{_where(report, part)}中。"
                "请将其单列为一级标题，写清具体内容。",
                part=part,
                span=result.span,
            )
        )
    return findings


def check_parts_named_in_headings(report: ReadReport) -> list[Finding]:
    """A part recognised only from a section's opening sentences, not its heading, is noted."""
    findings = []
    for part, nodes in report.parts.sections.items():
        result = report.parts.parts[part]
        if part == Part.OTHER or result.evidence != Evidence.CONTENT:
            continue
        labels = "”“".join(_label(node) for node in nodes)
        findings.append(
            Finding(
                "part_found_by_content",
                Severity.INFO,
                f"“{labels}”的标题没有点明“{PART_NAMES[part]}”，系根据正文内容识别。"
                "建议在标题中写明，便于审查。",
                part=part,
                span=(nodes[0].start, nodes[0].end),
            )
        )
    return findings


def check_part_order(report: ReadReport) -> list[Finding]:
    """The parts should follow Article 25's order: measures, shortcomings, leadership, plans."""
    if report.parts.order_ok:
        return []
    present = [p for p in REQUIRED_PARTS if p in report.parts.sections]
    present.sort(key=lambda p: report.parts.sections[p][0].start)
    order = "→".join(_SHORT_NAMES[p] for p in present)
    return [
        Finding(
            "parts_out_of_order",
            Severity.INFO,
            f"各部分的顺序与《法治政府建设与责任落实督察工作规定》第二十五条不同（本报告为：{order}）。"
            "顺序不影响完整性，可按主要举措和成效、不足和原因、第一责任人职责情况、下一年度安排的顺序调整。",
        )
    ]


def check_shortcomings_name_causes(report: ReadReport) -> list[Finding]:
    """存在的不足 must also say why: a shortcomings part naming no cause (原因, 由于…) gets a warning."""
    result = report.parts.parts[Part.SHORTCOMINGS]
    if result.status == PartStatus.PRESENT:
        spans = [(n.start, n.end) for n in report.parts.sections[Part.SHORTCOMINGS]]
    elif result.status == PartStatus.EMBEDDED and result.span is not None:
        spans = [result.span]
    else:
        return []
    if any(names_causes(report.norm.key[start:end]) for start, end in spans):
        return []
    return [
        Finding(
            "shortcomings_without_causes",
            Severity.WARNING,
            "“存在的不足”只列了问题，没有分析原因。请写明产生这些不足的原因。",
            part=Part.SHORTCOMINGS,
            span=spans[0],
        )
    ]


def check_plans_year(report: ReadReport) -> list[Finding]:
    """The plans part speaks of year N+1."""
    year = report.year
    result = report.parts.parts[Part.PLANS]
    if year is None:
        return []
    spans: list[tuple[int, int]] = []
    if result.status == PartStatus.PRESENT:
        for node in report.parts.sections[Part.PLANS]:
            spans.append((node.start, node.body_start))
            opening_end = report.norm.key.find("。", node.body_start, node.end)
            if report.norm.key[node.body_start : node.body_start + 4].isdigit():
                spans.append((node.body_start, opening_end if opening_end > 0 else node.end))
    elif result.status == PartStatus.EMBEDDED and result.span is not None:
        start = result.span[0]
        stop = report.norm.key.find("。", start, result.span[1])
        spans.append((start, stop if stop > 0 else result.span[1]))
    for start, end in spans:
        for named, span in plans_years(report.norm, start, end):
            if named != year + 1:
                return [
                    Finding(
                        "plans_year_mismatch",
                        Severity.WARNING,
                        f"下一年度工作安排写的是{named}年，应为{year + 1}年。请核对年度。",
                        part=Part.PLANS,
                        span=span,
                    )
                ]
    return []


def check_top_numbering(report: ReadReport) -> list[Finding]:
    """Level-1 headings are numbered 一、二、三 in sequence, without skips or repeats."""
    findings = []
    for issue in report.outline.issues:
        node = issue.node
        expected = cn_numeral(issue.expected) if issue.expected else "下一个序号"
        what = "重复" if issue.kind == "repeat" else "跳号"
        findings.append(
            Finding(
                "numbering_irregular",
                Severity.WARNING,
                f"一级标题序号{what}：“{node.heading}”前的序号此处应为“{expected}”。请核对标题序号。",
                span=(
                    node.start,
                    node.body_start - 1 if node.body_start > node.start else node.end,
                ),
            )
        )
    return findings


def check_part_length(report: ReadReport) -> list[Finding]:
    """A part under 80 characters of text cannot say what it must: warning."""
    findings = []
    for part in REQUIRED_PARTS:
        nodes = report.parts.sections.get(part, ())
        if not nodes:
            continue
        length = sum(_body_length(report.norm, node) for node in nodes)
        if length < MIN_PART_CHARS:
            findings.append(
                Finding(
                    "part_too_short",
                    Severity.WARNING,
                    f"“{PART_NAMES[part]}”部分只有{length}个字，内容过于简略。请充实具体情况。",
                    part=part,
                    span=(nodes[0].start, nodes[0].end),
                )
            )
    return findings


def _body_length(norm: NormalisedText, node: Node) -> int:
    # Characters other than whitespace; str.split is many times faster than a regex sub.
    return sum(map(len, norm.text[node.body_start : node.end].split()))


def check_conversion_artifacts(report: ReadReport) -> list[Finding]:
    """Marks left by file conversion ([bookmark: _GoBack]) do not belong in a published report."""
    artifacts = report.norm.artifacts
    if not artifacts:
        return []
    names = "、".join(dict.fromkeys(a.text for a in artifacts))
    line = report.norm.lines[artifacts[0].line]
    return [
        Finding(
            "conversion_artifacts",
            Severity.INFO,
            f"正文中残留文件转换标记：{names}。已在检查时忽略，请在定稿中删除。",
            span=(line.start, line.end),
        )
    ]


def check_subsection_markers(report: ReadReport) -> list[Finding]:
    """Second-level markers are written with full-width brackets, （一）, and one way throughout."""
    nodes = [
        node
        for top in report.outline.sections
        for node in top.walk()
        if _SUBSECTION_CN.fullmatch(node.number)
    ]
    half = [n for n in nodes if n.halfwidth]
    if not half:
        return []
    first = half[0]
    span = (first.start, first.start + len(first.number))
    if len(half) < len(nodes):
        return [
            Finding(
                "subsection_markers_mixed",
                Severity.INFO,
                f"二级标题序号全角“（一）”与半角“{first.number}”混用。请统一使用全角括号。",
                span=span,
            )
        ]
    return [
        Finding(
            "subsection_marker_halfwidth",
            Severity.INFO,
            f"二级标题序号使用了半角括号（如“{first.number}”）。公文应使用全角括号“（一）”。",
            span=span,
        )
    ]


CHECKS: tuple[Callable[[ReadReport], list[Finding]], ...] = (
    check_parts_present,
    check_parts_stand_alone,
    check_parts_named_in_headings,
    check_part_order,
    check_shortcomings_name_causes,
    check_part_length,
    *substance.SUBSTANCE_CHECKS,
    check_plans_year,
    meta.check_title_present,
    meta.check_title_year,
    meta.check_title_year_written,
    meta.check_title_year_matches_period,
    meta.check_title_names_rule_of_law_government,
    meta.check_agency_in_title,
    meta.check_agency_names_agree,
    meta.check_agency_is_the_one_handing_in,
    meta.check_years_agree,
    meta.check_signature,
    meta.check_signed_by_deadline,
    check_top_numbering,
    check_subsection_markers,
    check_conversion_artifacts,
)


def run_checks(report: ReadReport) -> tuple[Finding, ...]:
    return tuple(finding for check in CHECKS for finding in check(report))
