import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.models import ReportingPeriod, Role, Section, User
from reviews.models import ReportEvent, ReviewerComment
from tests.conftest import make_report


def test_report_second_current_version_refused_by_database(report, agency, period, agency_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(agency, period, agency_user, version=2)


def test_report_earlier_version_may_stand_beside_current(report, agency, period, agency_user):
    report.is_current, report.status = False, "returned"
    report.save(update_fields=["is_current", "status"])

    second = make_report(agency, period, agency_user, version=2)

    assert list(agency.reports.current()) == [second]


def test_report_version_number_unique_per_agency_and_period(report, agency, period, agency_user):
    report.is_current, report.status = False, "returned"
    report.save(update_fields=["is_current", "status"])
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(agency, period, agency_user, version=1)


def test_report_superseded_without_being_returned_refused(report):
    report.is_current = False

    with pytest.raises(IntegrityError), transaction.atomic():
        report.save(update_fields=["is_current"])


def test_report_submitted_without_time_refused(agency, period, agency_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(agency, period, agency_user, status="submitted", submitted_at=None)


def test_section_span_must_be_ordered(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(
            report=report, order=2, level=2, number="（一）", heading="x", start=9, end=3
        )


def test_user_agency_staff_without_agency_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="lost", role=Role.AGENCY)


def test_user_reviewer_with_agency_refused(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="mixed", role=Role.REVIEWER, agency=agency)


def test_user_admin_without_staff_status_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="half-admin", role=Role.ADMIN, is_staff=False)


def test_createsuperuser_makes_an_admin(db):
    user = User.objects.create_superuser(username="root", password="pw")

    assert (user.role, user.is_staff) == (Role.ADMIN, True)


def test_period_deadlines_default_to_march_and_april_of_next_year(db):
    period = ReportingPeriod.objects.create(year=2025)
    period.refresh_from_db()

    assert (period.submission_deadline, period.publication_deadline) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 4, 1),
    )


def test_period_publication_before_submission_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            year=2025,
            submission_deadline=datetime.date(2026, 3, 1),
            publication_deadline=datetime.date(2026, 2, 1),
        )


def test_period_late_after_deadline_day_in_shanghai_time(period):
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    on_the_day = datetime.datetime(2024, 3, 1, 23, 30, tzinfo=shanghai)
    next_morning = datetime.datetime(2024, 3, 2, 0, 10, tzinfo=shanghai)

    assert (period.is_late(on_the_day), period.is_late(next_morning)) == (False, True)


def test_period_deadline_passes_only_after_the_deadline_day(period):
    today = timezone.localdate()

    period.submission_deadline = today
    on_the_day = period.deadline_passed()
    period.submission_deadline = today - datetime.timedelta(days=1)
    day_after = period.deadline_passed()

    assert (on_the_day, day_after) == (False, True)


def test_comment_span_without_quote_refused(report, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerComment.objects.create(
            report=report, author=reviewer, body="请补充", start=0, end=4
        )


def test_comment_resolved_without_resolver_refused(report, reviewer):
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerComment.objects.create(
            report=report, author=reviewer, body="请补充", resolved_at=timezone.now()
        )


def test_return_event_without_message_refused(report, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEvent.objects.create(
            report=report,
            kind="returned",
            actor=reviewer,
            from_status="in_review",
            to_status="returned",
        )


def test_part_places_recorded_for_reports_stored_before_the_column(agency, period, agency_user):
    from importlib import import_module

    from django.apps import apps

    from reports.models import Report
    from reports.services import upload_report
    from tests.samples import PARTIAL, demo_bytes

    partial = upload_report(
        agency=agency, period=period, user=agency_user, filename=PARTIAL, data=demo_bytes(PARTIAL)
    )
    places = partial.part_places
    assert places, "the partial sample has a part inside another"
    Report.objects.filter(pk=partial.pk).update(part_places={})

    import_module("reports.migrations.0017_part_places").record_part_places(apps, None)

    partial.refresh_from_db()
    assert partial.part_places == places
