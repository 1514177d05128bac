"""Checks on what surrounds the body: title, agency name, signature and date.

Each is `check_<rule>(report) -> list[Finding]` with a one-line docstring stating the rule.
"""

from __future__ import annotations

import datetime
import re

from .metadata import is_subsequence, names_an_agency, one_typo, same_agency
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
    """A date after the agency's deadline (given, else a department's 1 March) is a warning."""
    signed, year = report.signature.date, report.year
    if signed is None or year is None:
        return []
    deadline = report.deadline or datetime.date(year + 1, 3, 1)
    if signed <= deadline:
        return []
    return [
        Finding(
            "signed_after_deadline",
            Severity.WARNING,
            f"成文日期为{signed.year}年{signed.month}月{signed.day}日，晚于"
            f"{deadline.year}年{deadline.month}月{deadline.day}日的报送时限。"
            "请核对日期；确实逾期的，请说明原因。",
            span=report.signature.date_span,
        )
    ]


def check_agency_is_the_one_handing_in(report: ReadReport) -> list[Finding]:
    """The title, header and signature name the agency handing the report in, or no agency."""
    known = report.agency_names
    if not known:
        return []
    front, signature = report.front, report.signature
    places = (
        ("标题", report.title_agency, front.title_span),
        ("文件头", front.header_agency, front.title_span),
        ("落款", signature.agency, signature.agency_span),
    )
    for place, name, span in places:
        if not name or not names_an_agency(name) or any(same_agency(name, k) for k in known):
            continue
        # One character off in a signature is a typo, which check_agency_names_agree reports.
        if place == "落款" and any(one_typo(name, k) for k in known):
            continue
        # The report's own full name when it has one (岳阳县科学技术局 for 岳阳县科技局).
        agency = report.agency
        named = agency if agency and not any(same_agency(agency, k) for k in known) else name
        return [
            Finding(
                "agency_mismatch",
                Severity.ERROR,
                f"报告{place}写的单位是“{named}”，不是报送单位“{known[0]}”。"
                "请确认是否上传了本单位的报告。",
                span=span,
                named=named,
            )
        ]
    return []


def check_years_agree(report: ReadReport) -> list[Finding]:
    """The years the opening sentence and the measures heading name are the reporting year."""
    years = report.text_years
    reference = report.period_year or report.title_year
    named = [("开头", years.opening), ("“主要举措和成效”标题", years.measures)]
    if reference is None:
        # No year from outside the body: the body's own years must agree with one another (the
        # plans heading's is checked against theirs by check_plans_year).
        found = [(place, year) for place, year in named if year is not None]
        if len({year for _, year in found}) <= 1:
            return []
        said = "，".join(f"{place}为{year}年" for place, year in found)
        return [
            Finding(
                "years_disagree",
                Severity.WARNING,
                f"正文中的年度不一致（{said}）。请核对报告年度。",
            )
        ]
    wrong = [(place, year) for place, year in named if year is not None and year != reference]
    if not wrong:
        return []
    source = "本次报告的年度" if report.period_year else "标题中的年度"
    said = "，".join(f"{place}写的是{year}年" for place, year in wrong)
    return [
        Finding(
            "years_disagree",
            Severity.WARNING,
            f"{said}，与{source}{reference}年不一致。请核对年度。",
        )
    ]
