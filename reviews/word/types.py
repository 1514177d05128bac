"""What the web side hands the two generators: frozen plain values, no models, no requests.

    OpinionLetter(letter_number="示司法审〔2025〕3号", office="示范县司法局", agency="示范县青山镇人民政府",
                  year=2024, version=2, handed_in=date(2025, 2, 26), outcome=Outcome.RETURNED,
                  date=date(2025, 3, 3), opinions=(Opinion(part=Part.SHORTCOMINGS, ...),))
    CommentedReport(text="……", headings=(Heading(start=24, level=1),),
                    comments=(ReportComment(anchor=Span(30, 42), author="王审查", ...),))

Dates and times are the office's wall-clock time: pass `timezone.localtime(...)`, not UTC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from reports.parsing.types import Part


@dataclass(frozen=True, kw_only=True)
class Reply:
    """A reply under a comment, by either side."""

    author: str
    date: datetime.datetime
    body: str


class Outcome(StrEnum):
    """Where the review stands when the letter is written."""

    ACCEPTED = "accepted"
    RETURNED = "returned"
    IN_REVIEW = "in_review"


@dataclass(frozen=True, kw_only=True)
class Opinion:
    """One remark of the reviewer, with the place in the report it concerns."""

    #: The part of Article 25 it concerns; None (or Part.OTHER) for the whole report or no part.
    part: Part | None
    #: The section as the report numbers it, e.g. "二、推进法治政府建设情况"; "" for none.
    section: str = ""
    #: The text it quotes; "" for a remark on a whole section or the whole report.
    quote: str = ""
    remark: str
    replies: tuple[Reply, ...] = ()
    resolved: bool = False


@dataclass(frozen=True, kw_only=True)
class PlanRow:
    """One of last year's plans and where this year's report shows it carried out."""

    plan: str
    #: The matching passage of this year's report; "" when none was found.
    passage: str = ""


@dataclass(frozen=True, kw_only=True)
class OpinionLetter:
    """The 审查意见书: what was reviewed, the outcome, and the opinions point by point."""

    letter_number: str  # 发文字号, e.g. 示司法审〔2025〕3号
    office: str  # 发文机关, e.g. 示范县司法局
    date: datetime.date  # 成文日期
    agency: str  # the agency whose report was reviewed
    year: int  # the year the report covers
    version: int
    handed_in: datetime.date | None
    outcome: Outcome
    #: The reviewer's message with the decision (the reason for returning); may be "".
    decision_message: str = ""
    #: When a corrected version is due; written only when the report is returned.
    correction_deadline: datetime.date | None = None
    opinions: tuple[Opinion, ...] = ()
    plan_follow_up: tuple[PlanRow, ...] = ()
    #: Whom the agency sent the report to (主送) and copied (抄送), as it said when handing in.
    reported_to: tuple[str, ...] = ()
    copied_to: tuple[str, ...] = ()
    #: 主送机关; the agency when "".
    addressee: str = ""
    #: The letter's title; "关于…年度法治政府建设年度报告的审查意见" when "".
    title: str = ""


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the report's text (Python str offsets, as the checker counts)."""

    start: int
    end: int


@dataclass(frozen=True)
class SectionAnchor:
    """A whole section, named by its heading's start offset (the checker's Section.start)."""

    start: int


@dataclass(frozen=True, kw_only=True)
class ReportComment:
    """A reviewer's comment on a span, a section (its heading) or, with anchor None, the report."""

    anchor: Span | SectionAnchor | None
    author: str
    date: datetime.datetime
    body: str
    replies: tuple[Reply, ...] = ()
    resolved: bool = False


@dataclass(frozen=True)
class Heading:
    """A heading line of the report: its start offset and level 1–4.

    `end` is where the heading stops when it runs on into body text in the same line
    (（一）加强组织领导。全年……); None when the heading is the whole line.
    """

    start: int
    level: int
    end: int | None = None


@dataclass(frozen=True, kw_only=True)
class CommentedReport:
    """A report's normalised text (one paragraph a line), its headings and its comments."""

    text: str
    headings: tuple[Heading, ...] = ()
    comments: tuple[ReportComment, ...] = ()
    #: The title as the checker read it; the leading lines that spell it are styled as a title.
    title: str = ""
    #: Who the document says wrote it (the core properties), e.g. the agency.
    author: str = ""
