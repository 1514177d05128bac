import datetime

import pytest
from django.core.files.storage import default_storage

from reports.models import Report, Section
from reports.parsing import ReadError
from reports.services import UploadRefused, submit_report, upload_report
from reviews.models import ReportEvent, ReviewerComment
from reviews.services import add_comment, return_report, start_review
from tests.conftest import stored_files
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_bytes

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def upload(agency, period, user, name=COMPLETE, data=None, at=None):
    return upload_report(
        agency=agency,
        period=period,
        user=user,
        filename=name,
        data=data or demo_bytes(name),
        at=at,
    )


def test_upload_stores_checked_report_with_sections(agency, period, agency_user):
    report = upload(agency, period, agency_user)

    report.refresh_from_db()
    assert (report.version, report.status, report.is_current, report.verdict) == (
        1,
        "draft",
        True,
        "complete",
    )
    assert report.part_statuses() == {
        "measures": "present",
        "shortcomings": "present",
        "leadership": "present",
        "plans": "present",
    }
    top = list(report.sections.filter(parent=None).values_list("number", "part"))
    assert top == [
        ("一", "measures"),
        ("二", "shortcomings"),
        ("三", "leadership"),
        ("四", "plans"),
    ]
    assert default_storage.open(report.file.name).read() == demo_bytes(COMPLETE)
    assert report.file.name.endswith(f"{report.sha256}.txt")
    assert list(report.events.values_list("kind", "to_status")) == [("uploaded", "draft")]


def test_upload_sections_keep_reading_order_and_parents(agency, period, agency_user):
    report = upload(agency, period, agency_user)

    sections = list(report.sections.order_by("order"))

    assert [s.order for s in sections] == list(range(1, len(sections) + 1))
    assert all(s.parent is None or s.parent.order < s.order for s in sections)
    assert [s.start for s in sections] == sorted(s.start for s in sections)


def test_upload_replaces_unsubmitted_draft(agency, period, agency_user):
    first = upload(agency, period, agency_user, COMPLETE)

    second = upload(agency, period, agency_user, INCOMPLETE)

    assert second.pk == first.pk
    assert list(Report.objects.values_list("version", "verdict")) == [(1, "incomplete")]
    assert Section.objects.filter(report=second).count() == second.sections.count()
    assert set(Section.objects.values_list("report_id", flat=True)) == {second.pk}


def test_upload_after_return_keeps_previous_version_whole(agency, period, agency_user, reviewer):
    first = upload(agency, period, agency_user, INCOMPLETE)
    submit_report(agency_confirmed=True, report=first, user=agency_user)
    start_review(report=first, user=reviewer)
    section = first.sections.first()
    add_comment(report=first, user=reviewer, body="请补充不足和原因", section=section)
    return_report(report=first, user=reviewer, message="缺少不足和原因")
    sections_before = list(first.sections.values_list("number", "heading", "start", "end"))

    second = upload(agency, period, agency_user, COMPLETE)

    first.refresh_from_db()
    assert (first.version, first.is_current, first.status) == (1, False, "returned")
    assert (second.version, second.is_current, second.status) == (2, True, "draft")
    assert list(first.sections.values_list("number", "heading", "start", "end")) == sections_before
    assert list(ReviewerComment.objects.values_list("report_id", "section_id")) == [
        (first.pk, section.pk)
    ]


def test_upload_refused_while_report_awaits_review(agency, period, agency_user):
    submit_report(
        agency_confirmed=True, report=upload(agency, period, agency_user), user=agency_user
    )

    with pytest.raises(UploadRefused, match="审查退回后"):
        upload(agency, period, agency_user, PARTIAL)

    assert Report.objects.count() == 1


def test_upload_refused_for_same_file_as_submitted_version(agency, period, agency_user, reviewer):
    report = upload(agency, period, agency_user)
    submit_report(agency_confirmed=True, report=report, user=agency_user)
    return_report(report=report, user=reviewer, message="请修改")

    with pytest.raises(UploadRefused, match="完全相同"):
        upload(agency, period, agency_user)

    assert Report.objects.count() == 1


def test_upload_to_closed_period_refused_and_nothing_stored(
    agency, period, agency_user, media_root
):
    period.is_open = False
    period.save(update_fields=["is_open"])

    with pytest.raises(UploadRefused, match="已截止"):
        upload(agency, period, agency_user)

    assert (Report.objects.count(), stored_files(media_root)) == (0, [])


def test_upload_unreadable_file_leaves_nothing_behind(agency, period, agency_user, media_root):
    with pytest.raises(ReadError):
        upload(agency, period, agency_user, "空白.txt", data=b"   \n")

    assert (Report.objects.count(), Section.objects.count(), stored_files(media_root)) == (0, 0, [])


def test_upload_by_another_agencys_user_refused(agency, period, outsider):
    with pytest.raises(UploadRefused):
        upload(agency, period, outsider)

    assert Report.objects.count() == 0


def test_submit_records_who_and_when(agency, period, agency_user):
    moment = datetime.datetime(2024, 2, 20, 9, 0, tzinfo=SHANGHAI)
    report = upload(agency, period, agency_user, at=moment - datetime.timedelta(hours=1))

    submit_report(agency_confirmed=True, report=report, user=agency_user, at=moment)

    report.refresh_from_db()
    assert (report.status, report.submitted_by, report.submitted_at, report.is_late) == (
        "submitted",
        agency_user,
        moment,
        False,
    )
    assert list(report.events.values_list("kind", "from_status", "to_status")) == [
        ("uploaded", "", "draft"),
        ("submitted", "draft", "submitted"),
    ]


def test_submit_after_deadline_accepted_and_late(agency, period, agency_user):
    report = upload(agency, period, agency_user)

    submit_report(
        agency_confirmed=True,
        report=report,
        user=agency_user,
        at=datetime.datetime(2024, 3, 2, 9, tzinfo=SHANGHAI),
    )

    report.refresh_from_db()
    assert (report.status, report.is_late) == ("submitted", True)


def test_submit_twice_refused(agency, period, agency_user):
    report = submit_report(
        agency_confirmed=True, report=upload(agency, period, agency_user), user=agency_user
    )

    with pytest.raises(UploadRefused):
        submit_report(agency_confirmed=True, report=report, user=agency_user)

    assert ReportEvent.objects.filter(kind="submitted").count() == 1


def test_the_latest_handed_in_version_is_the_one_marked_and_keeps_the_first_hand_in(
    agency, period, agency_user, reviewer
):
    first_at = datetime.datetime(2024, 2, 20, 9, tzinfo=SHANGHAI)
    first = submit_report(
        report=upload(agency, period, agency_user),
        user=agency_user,
        agency_confirmed=True,
        at=first_at,
    )
    return_report(report=first, user=reviewer, message="请修改。")
    draft = upload(agency, period, agency_user, name=PARTIAL)

    marked_while_drafting = list(
        Report.objects.filter(is_latest_handed_in=True).values_list("version", flat=True)
    )
    second = submit_report(
        report=draft,
        user=agency_user,
        agency_confirmed=True,
        at=datetime.datetime(2024, 3, 5, 9, tzinfo=SHANGHAI),
    )

    assert marked_while_drafting == [1]
    assert list(
        Report.objects.filter(is_latest_handed_in=True).values_list("version", flat=True)
    ) == [2]
    assert Report.objects.get(pk=second.pk).first_submitted_at == first_at
