"""Writes on the agencies' side. Each runs in one transaction: nothing is ever stored half-way."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import access
from reports.checking import check_upload
from reports.models import Agency, Report, ReportingPeriod, Section, User, submission_deadline
from reports.parsing import CheckResult, strip_unstorable
from reports.parsing import Section as ParsedSection
from reports.recipients import Recipients, suggested_recipients
from reports.storage import delete_file, save_file
from reports.stored import report_fields
from reviews.models import Notice, Publication, ReportEvent
from reviews.notices import notify
from reviews.reuse import services as reuse


class WorkflowRefused(Exception):
    """A step the workflow does not allow now; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UploadRefused(WorkflowRefused):
    """An upload or submission the workflow does not allow."""


def upload_report(
    *,
    agency: Agency,
    period: ReportingPeriod,
    user: User,
    filename: str,
    data: bytes,
    at: datetime.datetime | None = None,
) -> Report:
    """Read and check an uploaded file and store it, with its sections and its fingerprint, as
    the agency's draft; then compare it with the reports stored before it (reviews.reuse).

    A draft nobody has submitted yet is replaced; after the legal office returns a report, the
    upload becomes the next version and the returned one stays as it was. Raises ReadError when
    the file cannot be read, UploadRefused when the workflow forbids the upload and
    StorageUnavailable when the file cannot be stored; in each case nothing is left behind.
    """
    if not access.can_upload(user, agency):
        raise UploadRefused(_("Only the agency's own staff can upload its report."))
    if not period.is_open:
        raise UploadRefused(
            _("The %(year)s reporting period is closed; uploads are no longer accepted.")
            % {"year": period.year}
        )
    digest = hashlib.sha256(data).hexdigest()
    filename = display_name(filename)
    _refuse_if_not_replaceable(agency=agency, period=period, digest=digest)
    # Reading happens before any write and outside the transaction: it is the slow part.
    names = agency.all_names()
    result = check_upload(
        data,
        filename,
        period_year=period.year,
        agency_names=names,
        deadline=submission_deadline(agency, period),
    )
    prepared = reuse.prepare(result, agency_names=names)

    stored_name = save_file(_storage_name(period, agency, digest, result), ContentFile(data))
    try:
        with transaction.atomic():
            report = _store(
                agency=agency,
                period=period,
                user=user,
                filename=filename,
                size=len(data),
                digest=digest,
                stored_name=stored_name,
                result=result,
                prepared=prepared,
                at=at or timezone.now(),
            )
    except IntegrityError as error:
        delete_file(stored_name)
        raise UploadRefused(
            _("Another upload for this report was saved at the same moment. Please try again.")
        ) from error
    except BaseException:
        delete_file(stored_name)
        raise
    return report


def display_name(filename: str) -> str:
    """The name a user's file is shown under: no folders, nothing a database refuses."""
    name = PurePath(strip_unstorable(filename).replace("\\", "/")).name.strip()
    return name[:255] or "report"


def submit_report(
    *,
    report: Report,
    user: User,
    note: str = "",
    recipients: Recipients | None = None,
    agency_confirmed: bool = False,
    at: datetime.datetime | None = None,
) -> Report:
    """Hand the draft in to the legal office. After the deadline it is still taken, and is late.

    A report that names another agency is taken only once the user confirms it is theirs
    (`agency_confirmed`): the usual cause is a wrong file. `note` is the agency's word to the
    legal office on this version (what it changed); `recipients` whom it went to, the suggested
    ones when None. The region's reviewers are told. `at` records a submission made earlier
    elsewhere (demo data, a migrated paper archive).
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
        if report.status != Report.Status.DRAFT or not report.is_current:
            raise UploadRefused(_("Only the current draft can be submitted."))
        if not access.can_upload(user, report.agency):
            raise UploadRefused(_("Only the agency's own staff can submit its report."))
        if not report.period.is_open:
            raise UploadRefused(
                _("The %(year)s reporting period is closed; reports can no longer be submitted.")
                % {"year": report.period.year}
            )
        if report.agency_mismatch and not agency_confirmed:
            raise UploadRefused(
                _(
                    "This report names %(named)s, not %(agency)s. Check that you chose the right "
                    "file; if it is yours, confirm that and submit again."
                )
                % {"named": report.reading.named_agency, "agency": report.agency.name}
            )
        earlier = Report.objects.select_for_update().filter(
            agency_id=report.agency_id, period_id=report.period_id, is_latest_handed_in=True
        )
        first_submitted_at = earlier.values_list("first_submitted_at", flat=True).first()
        earlier.update(is_latest_handed_in=False)
        report.status = Report.Status.SUBMITTED
        report.submitted_at = at or timezone.now()
        report.first_submitted_at = first_submitted_at or report.submitted_at
        report.is_latest_handed_in = True
        report.submitted_by = user
        report.submission_note = strip_unstorable(note).strip()
        recipients = recipients or suggested_recipients(report.agency)
        report.reported_to = list(recipients.reported_to)
        report.copied_to = list(recipients.copied_to)
        report.save(
            update_fields=[
                "status",
                "submitted_at",
                "first_submitted_at",
                "is_latest_handed_in",
                "submitted_by",
                "submission_note",
                "reported_to",
                "copied_to",
            ]
        )
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.SUBMITTED,
            actor=user,
            from_status=Report.Status.DRAFT,
            to_status=Report.Status.SUBMITTED,
            message=report.submission_note,
            created_at=report.submitted_at,
        )
        notify(
            kind=Notice.Kind.RESUBMITTED if report.version > 1 else Notice.Kind.SUBMITTED,
            recipients=access.reviewers_of(report.agency),
            agency=report.agency,
            period=report.period,
            report=report,
            actor=user,
            message=report.submission_note,
            url=report.get_absolute_url(),
            at=report.submitted_at,
        )
        reuse.after_hand_in(report=report)
    return report


def _refuse_if_not_replaceable(*, agency: Agency, period: ReportingPeriod, digest: str) -> None:
    current = Report.objects.current().filter(agency=agency, period=period).first()
    if current is not None and current.is_locked:
        raise UploadRefused(
            _(
                "Version %(version)s is %(status)s. A new version can be uploaded only after "
                "the legal office returns it."
            )
            % {"version": current.version, "status": current.get_status_display()}
        )
    same_file = (
        Report.objects.filter(agency=agency, period=period, sha256=digest)
        .exclude(status=Report.Status.DRAFT)
        .order_by("-version")
        .first()
    )
    if same_file is not None:
        raise UploadRefused(
            _(
                "This file is identical to version %(version)s, which was already submitted. "
                "Please upload the corrected report."
            )
            % {"version": same_file.version}
        )


def _storage_name(period: ReportingPeriod, agency: Agency, digest: str, result: CheckResult) -> str:
    # Derived from the content, never from the user's file name; the storage adds a suffix
    # rather than overwrite, so a file once stored is never replaced.
    return str(PurePath("reports", str(period.year), str(agency.pk), f"{digest}.{result.format}"))


def _store(
    *,
    agency: Agency,
    period: ReportingPeriod,
    user: User,
    filename: str,
    size: int,
    digest: str,
    stored_name: str,
    result: CheckResult,
    prepared: reuse.Prepared,
    at: datetime.datetime,
) -> Report:
    current = (
        Report.objects.current().select_for_update().filter(agency=agency, period=period).first()
    )
    # Checked again under the lock: the report may have been submitted while the file was read.
    _refuse_if_not_replaceable(agency=agency, period=period, digest=digest)
    if current is not None and current.status == Report.Status.DRAFT:
        report = current
        report.sections.all().delete()
        replaced_file = report.file.name
        if replaced_file != stored_name:
            # Only after the commit: were the transaction rolled back, the draft keeps its file.
            transaction.on_commit(lambda: delete_file(replaced_file))
    else:
        version = 1
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
            version = current.version + 1
        report = Report(agency=agency, period=period, version=version)

    for name, value in report_fields(result).items():
        setattr(report, name, value)
    report.is_current = True
    report.status = Report.Status.DRAFT
    report.file.name = stored_name
    report.original_name = filename
    report.size = size
    report.sha256 = digest
    report.uploaded_by = user
    report.created_at = at
    report.save()
    _store_sections(report, result.sections)
    reuse.store_fingerprint(report=report, prepared=prepared)
    # The draft's own preview: what it repeats of the agency's earlier reports.
    reuse.compare_report(report=report)
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.UPLOADED,
        actor=user,
        from_status="",
        to_status=Report.Status.DRAFT,
        message=report.original_name,
        created_at=report.created_at,
    )
    return report


def _store_sections(report: Report, sections: tuple[ParsedSection, ...]) -> None:
    """Store the heading tree, numbered in reading order, parents before their children."""
    reading_order: dict[int, int] = {}

    def number(nodes: tuple[ParsedSection, ...]) -> None:
        for node in nodes:
            reading_order[id(node)] = len(reading_order) + 1
            number(node.children)

    number(sections)
    # One bulk insert per depth: a parent's primary key exists before its children are built.
    generation: list[tuple[Section | None, ParsedSection]] = [(None, node) for node in sections]
    while generation:
        rows = [
            Section(
                report=report,
                parent=parent,
                order=reading_order[id(parsed)],
                level=min(max(parsed.level, 1), 4),
                number=parsed.number[:20],
                heading=parsed.heading[:500],
                part=parsed.part.value if parsed.part else "",
                evidence=parsed.evidence.value if parsed.evidence else "",
                start=parsed.start,
                end=parsed.end,
            )
            for parent, parsed in generation
        ]
        created = Section.objects.bulk_create(rows)
        generation = [
            (row, child)
            for row, (_parent, parsed) in zip(created, generation, strict=True)
            for child in parsed.children
        ]


def record_publication(
    *,
    report: Report,
    user: User,
    url: str = "",
    published_on: datetime.date | None = None,
    exempt: bool = False,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Publication:
    """Record where and when the accepted report was made public, or why it may not be.

    An exemption waits for the legal office's confirmation; the region's reviewers are told.
    Recording again replaces what was recorded, and takes back a confirmation.
    """
    at = at or timezone.now()
    if not access.can_upload(user, report.agency):
        raise UploadRefused(_("Only the agency's own staff can record its publication."))
    if exempt and not reason.strip():
        raise UploadRefused(_("Please give the reason the report may not be published."))
    if not exempt and (not url.startswith(("http://", "https://")) or published_on is None):
        raise UploadRefused(_("Please give the web address and the date of publication."))
    with transaction.atomic():
        report = (
            Report.objects.select_for_update().select_related("agency", "period").get(pk=report.pk)
        )
        if report.status != Report.Status.ACCEPTED or not report.is_current:
            raise UploadRefused(_("Only an accepted report is published."))
        publication, _created = Publication.objects.update_or_create(
            report=report,
            defaults={
                "url": "" if exempt else url.strip(),
                "published_on": None if exempt else published_on,
                "exempt": exempt,
                "exempt_reason": strip_unstorable(reason).strip() if exempt else "",
                "exempt_confirmed_by": None,
                "exempt_confirmed_at": None,
                "recorded_by": user,
                "recorded_at": at,
                "checked_at": None,
                "matched_share": None,
                "check_problem": "",
            },
        )
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.PUBLISHED,
            actor=user,
            from_status=report.status,
            to_status=report.status,
            message=publication.exempt_reason or publication.url,
            created_at=at,
        )
        if exempt:
            notify(
                kind=Notice.Kind.EXEMPTION,
                recipients=access.reviewers_of(report.agency),
                agency=report.agency,
                period=report.period,
                report=report,
                actor=user,
                message=publication.exempt_reason,
                url=report.get_absolute_url(),
                at=at,
            )
    return publication
