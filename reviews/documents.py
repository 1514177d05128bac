"""A review in Word: the 审查意见书 and the report with its comments, built from the database.

reviews/word/ lays the documents out from plain values; this module gathers those values.
"""

from __future__ import annotations

import bisect
import datetime

from django.utils import timezone

from reports.models import Report, Section, User
from reports.parsing import Part
from reports.presentation import HEADING_LINE_MAX
from reviews.models import ReportEvent, ReviewerComment
from reviews.reuse.queries import plan_follow_up
from reviews.word import (
    CommentedReport,
    Heading,
    Opinion,
    OpinionLetter,
    Outcome,
    PlanRow,
    Reply,
    ReportComment,
    SectionAnchor,
    Span,
)

_OUTCOMES = {Report.Status.RETURNED: Outcome.RETURNED, Report.Status.ACCEPTED: Outcome.ACCEPTED}


def opinion_letter(
    report: Report,
    *,
    letter_number: str,
    date: datetime.date,
    correction_deadline: datetime.date | None = None,
    include_plans: bool = False,
) -> OpinionLetter:
    """The letter on this version: its decision, and its comments still open, part by part.

    With `include_plans`, also last year's plans and where this report tells them carried out.
    """
    sections = list(report.sections.order_by("order"))
    decision = (
        report.events.filter(kind__in=[ReportEvent.Kind.RETURNED, ReportEvent.Kind.ACCEPTED])
        .order_by("-created_at", "-pk")
        .first()
    )
    comments = _threads(report).filter(resolved_at__isnull=True)
    return OpinionLetter(
        letter_number=letter_number,
        office=report.agency.region.office,
        date=date,
        agency=report.agency.name,
        year=report.period.year,
        version=report.version,
        handed_in=timezone.localdate(report.submitted_at) if report.submitted_at else None,
        reported_to=tuple(report.reported_to),
        copied_to=tuple(report.copied_to),
        outcome=_OUTCOMES.get(report.status, Outcome.IN_REVIEW),
        decision_message=decision.message if decision else "",
        correction_deadline=correction_deadline
        if report.status == Report.Status.RETURNED
        else None,
        opinions=tuple(_opinion(comment, sections) for comment in comments),
        plan_follow_up=tuple(
            PlanRow(plan=plan, passage=passage) for plan, passage in plan_follow_up(report)
        )
        if include_plans
        else (),
    )


def commented_report(report: Report) -> CommentedReport:
    """The report's text with every comment of this version anchored where it was made."""
    sections = list(report.sections.order_by("order"))
    comments = []
    for comment in _threads(report):
        anchor: Span | SectionAnchor | None = None
        if comment.start is not None and comment.end is not None:
            anchor = Span(comment.start, comment.end)
        elif comment.section is not None:
            anchor = SectionAnchor(comment.section.start)
        comments.append(
            ReportComment(
                anchor=anchor,
                author=_name(comment.author),
                date=timezone.localtime(comment.created_at),
                body=comment.body,
                replies=_replies(comment),
                resolved=comment.is_resolved,
            )
        )
    return CommentedReport(
        text=report.text,
        headings=tuple(_heading(report.text, section) for section in sections),
        comments=tuple(comments),
        title=report.title,
        author=report.agency.name,
    )


def _threads(report: Report):  # type: ignore[no-untyped-def]
    return (
        ReviewerComment.objects.filter(report=report, parent__isnull=True)
        .select_related("author", "section")
        .prefetch_related("replies__author")
        .order_by("created_at", "pk")
    )


def _opinion(comment: ReviewerComment, sections: list[Section]) -> Opinion:
    section = comment.section or _section_at(comment.start, sections)
    top = _top_level(section, sections) if section is not None else None
    part = (section.part or (top.part if top else "")) if section is not None else ""
    return Opinion(
        part=Part(part) if part else None,
        section=f"{section.label}{section.heading}" if section is not None else "",
        quote=comment.quote,
        remark=comment.body,
        replies=_replies(comment),
        resolved=comment.is_resolved,
    )


def _section_at(offset: int | None, sections: list[Section]) -> Section | None:
    """The innermost section whose text holds `offset`."""
    if offset is None:
        return None
    holding = [s for s in sections if s.start <= offset < max(s.end, s.start + 1)]
    return max(holding, key=lambda s: (s.level, s.start), default=None)


def _top_level(section: Section, sections: list[Section]) -> Section | None:
    tops = [s for s in sections if s.level == 1]
    starts = [s.start for s in tops]
    index = bisect.bisect_right(starts, section.start) - 1
    return tops[index] if index >= 0 else None


def _heading(text: str, section: Section) -> Heading:
    line_end = text.find("\n", section.start)
    line_end = len(text) if line_end < 0 else line_end
    # A heading that runs on into its paragraph ends at its first 。 (as the page shows it).
    stop = text.find("。", section.start, line_end)
    runs_on = line_end - section.start > HEADING_LINE_MAX and stop >= 0
    return Heading(section.start, min(max(section.level, 1), 4), stop + 1 if runs_on else None)


def _replies(comment: ReviewerComment) -> tuple[Reply, ...]:
    return tuple(
        Reply(
            author=_name(reply.author), date=timezone.localtime(reply.created_at), body=reply.body
        )
        for reply in comment.replies.all()
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.username
