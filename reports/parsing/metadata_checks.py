"""Checks on what surrounds the body: title, agency name, signature and date.

Each is `check_<rule>(report) -> list[Finding]` with a one-line docstring stating the rule.
"""

from __future__ import annotations

import datetime
import re

from .metadata import is_subsequence
from .reading import ReadReport
from .types import Finding, Severity

_WHITESPACE = re.compile(r"\s+")


def check_title_present(report: ReadReport) -> list[Finding]:
    """A report opens with a title naming the agency, the year and 法治政府建设."""
    if report.front.title:
        return []
    return [
        Finding(
            "title_missing",
            Severity.WARNING,
            "没有找到报告标题。请在正文前加上标题，如“××局2023年度法治政府建设年度报告”。",
        )
    ]


def check_title_year(report: ReadReport) -> list[Finding]:
    """The title names the year reported on."""
    if not report.front.title or report.title_year is not None:
        return []
    return [
        Finding(
            "title_missing_year",
            Severity.WARNING,
            "标题中没有写明报告年度。请在标题中写明年度，如“2023年度”。",
            span=report.front.title_span,
        )
    ]


def check_title_year_written(report: ReadReport) -> list[Finding]:
    """The year in the title is written in full: 2023年度, not 2023度."""
    if not report.title_year_malformed:
        return []
    year = report.title_year
    return [
        Finding(
            "title_year_malformed",
            Severity.INFO,
            f"标题中的年度写作“{year}度”，少了“年”字。请改为“{year}年度”。",
            span=report.front.title_span,
        )
    ]


def check_title_year_matches_period(report: ReadReport) -> list[Finding]:
    """The title's year is the reporting year."""
    period, named = report.period_year, report.title_year
    if period is None or named is None or period == named:
        return []
    return [
        Finding(
            "title_year_mismatch",
            Severity.WARNING,
            f"标题写的是{named}年，本次报告的是{period}年度。请核对标题中的年度。",
            span=report.front.title_span,
        )
    ]


def check_title_names_rule_of_law_government(report: ReadReport) -> list[Finding]:
    """The title says 法治政府建设, the subject the regulation asks agencies to report on."""
    title = report.front.title
    if not title or report.front.title_span is None:
        return []
    start, end = report.front.title_span
    if "法治政府建设" in _WHITESPACE.sub("", report.norm.key[start:end]):
        return []
    return [
        Finding(
            "title_not_rule_of_law_government",
            Severity.WARNING,
            f"标题“{title}”没有写“法治政府建设”。年度报告报告的是法治政府建设情况，"
            "请将标题改为“……年度法治政府建设年度报告”的形式。",
            span=report.front.title_span,
        )
    ]


def check_agency_names_agree(report: ReadReport) -> list[Finding]:
    """Title, header and signature name the same agency; a differing character is a warning."""
    front, signature = report.front, report.signature
    findings = []
    title_name = report.title_agency
    if front.header_agency and title_name:
        finding = _compare_names(
            front.header_agency, "文件头", title_name, "标题", front.title_span
        )
        if finding is not None:
            findings.append(finding)
    reference = report.agency or title_name
    if signature.agency and reference:
        finding = _compare_names(reference, "标题", signature.agency, "落款", signature.agency_span)
        if finding is not None:
            findings.append(finding)
    return findings


def _compare_names(
    first: str, first_place: str, second: str, second_place: str, span: tuple[int, int] | None
) -> Finding | None:
    a, b = _WHITESPACE.sub("", first), _WHITESPACE.sub("", second)
    if a in b or b in a:
        return None
    short, long = sorted((a, b), key=len)
    if is_subsequence(short, long):
        return Finding(
            "agency_name_variant",
            Severity.INFO,
            f"{first_place}写作“{first}”，{second_place}写作“{second}”，一处用了简称。"
            "建议全文统一使用单位全称。",
            span=span,
        )
    return Finding(
        "agency_name_mismatch",
        Severity.WARNING,
        f"{first_place}写作“{first}”，{second_place}写作“{second}”，单位名称不一致。"
        "请核对单位名称，是否有错别字。",
        span=span,
    )


def check_agency_in_title(report: ReadReport) -> list[Finding]:
    """The title names the reporting agency."""
    if not report.front.title or report.title_agency:
        return []
    named = f"正文中的单位为“{report.agency}”。" if report.agency else ""
    return [
        Finding(
            "agency_not_in_title",
            Severity.INFO,
            f"标题中没有写明报告单位。{named}建议在标题中写明单位名称。",
            span=report.front.title_span,
        )
    ]


def check_signature(report: ReadReport) -> list[Finding]:
    """The report ends with the agency's name and the date it was issued."""
    findings = []
    if report.signature.agency is None:
        findings.append(
            Finding(
                "signature_missing", Severity.INFO, "报告末尾没有落款单位。请在文末署上单位全称。"
            )
        )
    if report.signature.date is None:
        findings.append(
            Finding(
                "date_missing",
                Severity.INFO,
                "报告末尾没有成文日期。请在落款下写明日期，如“2024年1月30日”。",
            )
        )
    return findings


def check_signed_by_deadline(report: ReadReport) -> list[Finding]:
    """Departments report on year N by 1 March of N+1: a later date gets a warning."""
    signed, year = report.signature.date, report.year
    if signed is None or year is None:
        return []
    deadline = datetime.date(year + 1, 3, 1)
    if signed <= deadline:
        return []
    return [
        Finding(
            "signed_after_deadline",
            Severity.WARNING,
            f"成文日期为{signed.year}年{signed.month}月{signed.day}日，晚于{year + 1}年3月1日的报送时限。"
            "请核对日期；确实逾期的，请说明原因。",
            span=report.signature.date_span,
        )
    ]
