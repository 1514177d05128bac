"""Writes on the legal office's side: decisions and comments, each with its audit trail."""

from __future__ import annotations

import contextlib
import datetime
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import access
from reports.models import (
    Agency,
    DeadlineExtension,
    Region,
    Report,
    ReportingPeriod,
    Role,
    Section,
    User,
)
from reports.parsing import strip_unstorable
from reports.services import WorkflowRefused
from reports.storage import delete_file, save_file
from reviews.documents import opinion_letter
from reviews.models import (
    AssessmentOverride,
    ExportRecord,
    Notice,
    OpinionLetter,
    Publication,
    ReportEvent,
    ReviewerComment,
    RubricItem,
)
from reviews.notices import notify
from reviews.word import opinion_docx


class DecisionRefused(WorkflowRefused):
    """A review action the workflow does not allow; the message is for the user."""


def start_review(*, report: Report, user: User, at: datetime.datetime | None = None) -> Report:
    """Mark a submitted report as being read, so the agency sees someone has it in hand."""
    return _transition(
        report=report,
        user=user,
        allowed_from=(Report.Status.SUBMITTED,),
        to_status=Report.Status.IN_REVIEW,
        kind=ReportEvent.Kind.REVIEW_STARTED,
        message="",
        at=at,
    )


def accept_report(
    *,
    report: Report,
    user: User,
    message: str = "",
    resolve_open: bool = False,
    at: datetime.datetime | None = None,
) -> Report:
    """Accept the report; with `resolve_open`, the comments still open on any version close."""
    with transaction.atomic():
        report = _transition(
            report=report,
            user=user,
            allowed_from=Report.AWAITING_REVIEW,
            to_status=Report.Status.ACCEPTED,
            kind=ReportEvent.Kind.ACCEPTED,
            message=message,
            at=at,
        )
        if resolve_open:
            ReviewerComment.objects.open().filter(
                report__agency_id=report.agency_id, report__period_id=report.period_id
            ).update(resolved_at=at or timezone.now(), resolved_by=user)
    return report


def return_report(
    *, report: Report, user: User, message: str, at: datetime.datetime | None = None
) -> Report:
    """Send the report back for revision; the agency's next upload becomes a new version."""
    if not message.strip():
        raise DecisionRefused(_("Please tell the agency what to revise."))
    return _transition(
        report=report,
        user=user,
        allowed_from=Report.AWAITING_REVIEW,
        to_status=Report.Status.RETURNED,
        kind=ReportEvent.Kind.RETURNED,
        message=message.strip(),
        at=at,
    )


def add_comment(
    *,
    report: Report,
    user: User,
    body: str,
    section: Section | None = None,
    span: tuple[int, int] | None = None,
    parent: ReviewerComment | None = None,
    at: datetime.datetime | None = None,
) -> ReviewerComment:
    """Remark on a report, one of its sections or a span of its text, or reply to a remark."""
    report = Report.objects.select_related("agency", "period").get(pk=report.pk)  # as of now
    if not access.can_comment(user, report):
        raise DecisionRefused(_("You cannot comment on this report."))
    reviewing = access.can_review(user, report)
    if parent is None and not reviewing:
        raise DecisionRefused(_("The legal office opens a comment; you can reply to it."))
    if not body.strip():
        raise DecisionRefused(_("The comment is empty."))
    if section is not None and section.report_id != report.pk:
        raise DecisionRefused(_("That section belongs to another report."))
    if parent is not None and parent.report_id != report.pk:
        raise DecisionRefused(_("That comment belongs to another report."))
    start = end = None
    quote = ""
    if span is not None:
        start, end = span
        if not 0 <= start < end <= len(report.text) or not report.text[start:end].strip():
            raise DecisionRefused(_("The selected text is not part of this report."))
        quote = report.text[start:end]
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if reviewing and locked.status == Report.Status.SUBMITTED:
            # A reviewer's first remark shows the agency that its report is being read. Another
            # reviewer may have started a moment earlier: then the report is in review already.
            with contextlib.suppress(DecisionRefused):
                locked = start_review(report=locked, user=user, at=at)
        created = ReviewerComment.objects.create(
            report=locked,
            section=section,
            start=start,
            end=end,
            quote=quote,
            author=user,
            body=body.strip(),
            parent=parent,
            created_at=at or timezone.now(),
        )
        if parent is not None:
            notify(
                kind=Notice.Kind.REPLY,
                recipients=_other_side(parent, replier=user, reviewing=reviewing),
                agency=report.agency,
                period=report.period,
                report=report,
                actor=user,
                message=created.body,
                url=created.get_absolute_url(),
                at=created.created_at,
            )
        return created


def _other_side(thread: ReviewerComment, *, replier: User, reviewing: bool) -> list[User]:
    """Who hears of a reply: the agency's staff, or the reviewers who wrote in the thread."""
    if reviewing:
        return list(access.staff_of(thread.report.agency))
    writers = [thread.author, *(reply.author for reply in thread.replies.select_related("author"))]
    return [writer for writer in writers if writer.role != Role.AGENCY]


def resolve_comment(*, comment: ReviewerComment, user: User) -> ReviewerComment:
    """Mark a remark as dealt with; only the legal office decides that."""
    if not access.can_review(user, comment.report):
        raise DecisionRefused(_("Only the legal office can resolve a comment."))
    if comment.parent_id is not None:
        raise DecisionRefused(_("Replies are resolved with the comment they answer."))
    if comment.is_resolved:
        return comment  # who resolved it first, and when, stays on record
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def reopen_comment(*, comment: ReviewerComment, user: User) -> ReviewerComment:
    if not access.can_review(user, comment.report):
        raise DecisionRefused(_("Only the legal office can reopen a comment."))
    if comment.parent_id is not None:
        raise DecisionRefused(_("Replies are resolved with the comment they answer."))
    comment.resolved_at = None
    comment.resolved_by = None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def send_opinion(
    *,
    report: Report,
    user: User,
    correction_deadline: datetime.date | None = None,
    include_plans: bool = False,
    at: datetime.datetime | None = None,
) -> OpinionLetter:
    """Number, write and keep the review opinion on a decided report, and tell the agency.

    The number is the region's next for the year, taken under a lock on the region so that two
    reviewers sending at once cannot share one. The .docx is stored as sent. `include_plans`
    adds the table of last year's plans and how this report carries them out.
    """
    at = at or timezone.now()
    if not access.can_review(user, report):
        raise DecisionRefused(_("You cannot review this report."))
    if report.status not in (Report.Status.RETURNED, Report.Status.ACCEPTED):
        raise DecisionRefused(_("Decide first (accept or return), then send the review opinion."))
    if report.status == Report.Status.RETURNED and correction_deadline is None:
        raise DecisionRefused(_("Give the date by which the corrected report is due."))
    year = timezone.localtime(at).year
    stored = ""
    try:
        with transaction.atomic():
            region = Region.objects.select_for_update().get(pk=report.agency.region_id)
            latest = (
                OpinionLetter.objects.filter(region=region, year=year).aggregate(Max("number"))
            )["number__max"] or 0
            number = latest + 1
            letter_number = f"{region.letter_prefix}〔{year}〕{number}号"
            document = opinion_docx(
                opinion_letter(
                    report,
                    letter_number=letter_number,
                    date=timezone.localtime(at).date(),
                    correction_deadline=correction_deadline,
                    include_plans=include_plans,
                )
            )
            stored = save_file(
                f"opinions/{year}/{report.agency_id}/{uuid.uuid4().hex}.docx",
                ContentFile(document),
            )
            letter = OpinionLetter.objects.create(
                report=report,
                region=region,
                year=year,
                number=number,
                letter_number=letter_number,
                correction_deadline=correction_deadline,
                file=stored,
                sent_by=user,
                sent_at=at,
            )
            notify(
                kind=Notice.Kind.OPINION,
                recipients=access.staff_of(report.agency),
                agency=report.agency,
                period=report.period,
                report=report,
                actor=user,
                message=letter_number,
                url=letter.get_absolute_url(),
                at=at,
            )
    except BaseException:
        if stored:
            delete_file(stored)
        raise
    return letter


def confirm_exemption(
    *, publication: Publication, user: User, at: datetime.datetime | None = None
) -> Publication:
    """The legal office agrees the report may stay unpublished; on record, the agency told."""
    at = at or timezone.now()
    report = publication.report
    if not access.can_review(user, report):
        raise DecisionRefused(_("You cannot review this report."))
    if not publication.exempt:
        raise DecisionRefused(_("Only an exemption from publication is confirmed."))
    with transaction.atomic():
        publication.exempt_confirmed_by, publication.exempt_confirmed_at = user, at
        publication.save(update_fields=["exempt_confirmed_by", "exempt_confirmed_at"])
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.EXEMPTED,
            actor=user,
            from_status=report.status,
            to_status=report.status,
            message=publication.exempt_reason,
            created_at=at,
        )
    return publication


def grant_extension(
    *,
    agency: Agency,
    period: ReportingPeriod,
    until: datetime.date,
    reason: str,
    user: User,
) -> DeadlineExtension:
    """A later deadline for one agency (延期), on record with its reason; its staff are told."""
    if not access.can_oversee(user, agency):
        raise DecisionRefused(_("You cannot extend this agency's deadline."))
    if not reason.strip():
        raise DecisionRefused(_("Please give the reason for the extension."))
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            agency=agency, period=period, until=until, reason=reason.strip(), granted_by=user
        )
        notify(
            kind=Notice.Kind.EXTENSION,
            recipients=access.staff_of(agency),
            agency=agency,
            period=period,
            actor=user,
            message=extension.reason,
            date=until,
            url=reverse("reports:agency_home"),
        )
    return extension


def override_assessment(
    *,
    agency: Agency,
    period: ReportingPeriod,
    rule: str,
    points: Decimal | None,
    reason: str,
    user: User,
) -> AssessmentOverride:
    """A reviewer's own deduction for one item of the agency's assessment, on record with the
    reason; None gives the item back to the computed deduction."""
    if not access.can_oversee(user, agency):
        raise DecisionRefused(_("You cannot assess this agency."))
    reason = strip_unstorable(reason).strip()
    if not reason:
        raise DecisionRefused(_("Please give the reason for changing the deduction."))
    if rule not in RubricItem.Rule.values:
        raise DecisionRefused(_("The rubric has no such item."))
    return AssessmentOverride.objects.create(
        agency=agency, period=period, rule=rule, points=points, reason=reason, set_by=user
    )


def record_export(
    *, user: User, period: ReportingPeriod, fmt: str, filters: dict, rows: QuerySet
) -> ExportRecord:
    """Put an export of the completeness table on record: who, when, what and how many rows."""
    return ExportRecord.objects.create(
        user=user,
        period=period,
        format=fmt,
        filters={key: str(value) for key, value in filters.items() if value},
        row_count=rows.count(),
    )


def _transition(
    *,
    report: Report,
    user: User,
    allowed_from: tuple[str, ...],
    to_status: str,
    kind: str,
    message: str,
    at: datetime.datetime | None,
) -> Report:
    with transaction.atomic():
        report = (
            Report.objects.select_for_update().select_related("agency", "period").get(pk=report.pk)
        )
        if not access.can_review(user, report):
            raise DecisionRefused(_("You cannot review this report."))
        if report.status not in allowed_from or not report.is_current:
            raise DecisionRefused(
                _("The report is %(status)s; that action is not possible now.")
                % {"status": report.get_status_display()}
            )
        from_status = report.status
        report.status = to_status
        report.save(update_fields=["status"])
        event = ReportEvent.objects.create(
            report=report,
            kind=kind,
            actor=user,
            from_status=from_status,
            to_status=to_status,
            message=message,
            created_at=at or timezone.now(),
        )
        if kind in DECISION_NOTICES:
            notify(
                kind=DECISION_NOTICES[kind],
                recipients=access.staff_of(report.agency),
                agency=report.agency,
                period=report.period,
                report=report,
                actor=user,
                message=message,
                url=report.get_absolute_url(),
                at=event.created_at,
            )
    return report


#: The decisions an agency is told of, and as what.
DECISION_NOTICES = {
    ReportEvent.Kind.RETURNED: Notice.Kind.RETURNED,
    ReportEvent.Kind.ACCEPTED: Notice.Kind.ACCEPTED,
}
