"""Notices and e-mail: who hears of what, once; reminders (催报) and deadline extensions."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports.models import Agency, DeadlineExtension, Report, Role
from reports.services import submit_report, upload_report
from reviews.models import Reminder
from reviews.services import accept_report, add_comment, return_report
from tests.conftest import make_user
from tests.samples import COMPLETE, demo_bytes


@pytest.fixture
def open_period(open_period):
    """Due in five days: inside the week in which reminders go out."""
    open_period.submission_deadline = timezone.localdate() + datetime.timedelta(days=5)
    open_period.save()
    return open_period


@pytest.fixture
def clerk(agency_user):
    agency_user.email = "clerk@example.gov.cn"
    agency_user.phone = "0743-1234567"
    agency_user.save()
    return agency_user


@pytest.fixture
def office(reviewer):
    reviewer.email = "review@example.gov.cn"
    reviewer.save()
    return reviewer


def handed_in(agency, period, user) -> Report:
    draft = upload_report(
        agency=agency, period=period, user=user, filename="报告.txt", data=demo_bytes(COMPLETE)
    )
    return submit_report(
        agency_confirmed=True, report=draft, user=user, note="已按要求补充第三部分。"
    )


def inbox() -> list[tuple[str, str]]:
    return [(message.to[0], message.subject) for message in mail.outbox]


def notices_of(user) -> list[str]:
    return list(user.notices.values_list("kind", flat=True))


def test_submitting_tells_the_regions_reviewers_once(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office, other_reviewer
):
    with django_capture_on_commit_callbacks(execute=True):
        report = handed_in(agency, open_period, clerk)

    assert notices_of(office) == ["submitted"]
    assert notices_of(other_reviewer) == []
    assert notices_of(clerk) == []
    assert inbox() == [
        (
            "review@example.gov.cn",
            f"[法治政府建设年度报告] 甲县司法局报送了{open_period.year}年度报告",
        )
    ]
    assert "已按要求补充第三部分。" in mail.outbox[0].body
    assert report.get_absolute_url() in mail.outbox[0].body


def test_returning_tells_the_agency_with_the_message(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office
):
    report = handed_in(agency, open_period, clerk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=report, user=office, message="请补充第一责任人职责情况。")

    notice = clerk.notices.get()
    assert (notice.kind, notice.message, notice.url) == (
        "returned",
        "请补充第一责任人职责情况。",
        report.get_absolute_url(),
    )
    assert inbox() == [
        (
            "clerk@example.gov.cn",
            f"[法治政府建设年度报告] 审查机关已退回{open_period.year}年度报告，请修改",
        )
    ]


def test_accepting_tells_the_agency(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office
):
    report = handed_in(agency, open_period, clerk)

    with django_capture_on_commit_callbacks(execute=True):
        accept_report(report=report, user=office)

    assert notices_of(clerk) == ["accepted"]


def test_reply_tells_the_other_side_only(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office
):
    report = handed_in(agency, open_period, clerk)
    comment = add_comment(report=report, user=office, body="第二部分过于简略。")

    with django_capture_on_commit_callbacks(execute=True):
        add_comment(report=report, user=clerk, body="已补充。", parent=comment)
        add_comment(report=report, user=office, body="收到。", parent=comment)

    assert notices_of(office) == ["reply", "submitted"]
    assert notices_of(clerk) == ["reply"]


def test_user_who_turned_mail_off_gets_the_notice_but_no_mail(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office
):
    office.email_notices = False
    office.save()

    with django_capture_on_commit_callbacks(execute=True):
        handed_in(agency, open_period, clerk)

    assert notices_of(office) == ["submitted"]
    assert mail.outbox == []


def test_mail_server_failure_costs_no_request(
    django_capture_on_commit_callbacks, agency, open_period, clerk, office, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    with django_capture_on_commit_callbacks(execute=True):
        report = handed_in(agency, open_period, clerk)

    assert report.status == "submitted"
    assert notices_of(office) == ["submitted"]
    assert "Could not send 1 notice e-mails" in caplog.text


def test_notice_list_shows_unread_count_and_opening_marks_read(
    client, agency, open_period, clerk, office
):
    handed_in(agency, open_period, clerk)
    client.force_login(office)

    listing = client.get(reverse("notices:list"))
    notice = office.notices.get()
    opened = client.get(reverse("notices:open", args=[notice.pk]))
    after = client.get(reverse("notices:list"))

    assert listing.context["unread_notices"] == 1
    assert "甲县司法局报送了" in listing.content.decode()
    assert (opened.status_code, opened.url) == (302, notice.report.get_absolute_url())
    assert after.context["unread_notices"] == 0


def test_notice_of_someone_else_is_not_found(client, agency, open_period, clerk, office, outsider):
    handed_in(agency, open_period, clerk)
    client.force_login(outsider)

    response = client.get(reverse("notices:open", args=[office.notices.get().pk]))

    assert response.status_code == 404
    assert office.notices.get().read_at is None


def test_account_settings_turn_mail_off_and_keep_a_phone(client, clerk):
    client.force_login(clerk)

    client.post(
        reverse("account"),
        {"email": "new@example.gov.cn", "phone": "13800000000", "email_notices": ""},
    )

    clerk.refresh_from_db()
    assert (clerk.email, clerk.phone, clerk.email_notices) == (
        "new@example.gov.cn",
        "13800000000",
        False,
    )


# --- reminders ------------------------------------------------------------------------------


@pytest.fixture
def silent_county(region, agency, clerk, office, open_period):
    """Three agencies of the region: one handed in, two (one with staff) not yet."""
    handed_in(agency, open_period, clerk)
    quiet = Agency.objects.create(name="甲县教育局", region=region)
    make_user("jiaoyu", Role.AGENCY, agency=quiet, email="jy@example.gov.cn")
    Agency.objects.create(name="甲县交通运输局", region=region)
    mail.outbox.clear()
    return quiet


def page_agencies(client) -> list[str]:
    response = client.get(reverse("reviews:not_submitted"))
    return [agency.name for agency, _deadline in response.context["rows"]]


def test_reviewer_previews_then_sends_a_reminder_to_chosen_agencies(
    client, django_capture_on_commit_callbacks, office, silent_county
):
    client.force_login(office)

    preview = client.post(reverse("reviews:remind"), {"agency": [silent_county.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("reviews:remind"),
            {"agency": [silent_county.pk], "note": "请务必按时报送。", "send": "1"},
        )

    reminder = Reminder.objects.get()
    assert preview.status_code == 200
    assert "甲县教育局：请于" in preview.context["sample"]
    assert sent.status_code == 302
    assert Reminder.objects.count() == 1
    assert (reminder.agency, reminder.kind, reminder.sent_by, reminder.recipients) == (
        silent_county,
        "manual",
        office,
        1,
    )
    assert reminder.message.endswith("请务必按时报送。")
    deadline = silent_county.extensions.first() or silent_county.reports.first()
    assert deadline is None
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert inbox() == [
        (
            "jy@example.gov.cn",
            f"[法治政府建设年度报告] 提醒：请于{due}前报送{timezone.localdate().year - 1}年度报告",
        )
    ]


def test_reminding_everyone_reaches_exactly_the_listed_agencies(client, office, silent_county):
    client.force_login(office)
    listed = page_agencies(client)

    client.post(reverse("reviews:remind"), {"everyone": "on", "send": "1"})

    reminded = sorted(Reminder.objects.values_list("agency__name", flat=True))
    assert reminded == sorted(listed) == ["甲县交通运输局", "甲县教育局"]


def test_reviewer_cannot_remind_another_regions_agency(client, office, silent_county, other_agency):
    client.force_login(office)

    client.post(reverse("reviews:remind"), {"agency": [other_agency.pk], "send": "1"})

    assert Reminder.objects.count() == 0


def test_not_submitted_page_shows_phone_and_last_reminded(client, office, silent_county):
    silent_county.users.update(phone="0743-7654321")
    client.force_login(office)
    client.post(reverse("reviews:remind"), {"agency": [silent_county.pk], "send": "1"})

    page = client.get(reverse("reviews:not_submitted")).content.decode()

    assert "0743-7654321" in page
    assert timezone.localtime(Reminder.objects.get().created_at).strftime("%Y-%m-%d %H:%M") in page


def run_sendreminders(*args: str) -> str:
    out = io.StringIO()
    call_command("sendreminders", *args, stdout=out)
    return out.getvalue()


def test_sendreminders_dry_run_lists_what_the_page_lists(client, admin_user, silent_county):
    client.force_login(admin_user)

    listed = run_sendreminders("--dry-run")

    names = [line.split("\t")[1] for line in listed.splitlines() if "\t" in line]
    assert sorted(names) == sorted(page_agencies(client))
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_sendreminders_twice_in_a_day_sends_nothing_the_second_time(
    django_capture_on_commit_callbacks, silent_county
):
    with django_capture_on_commit_callbacks(execute=True):
        first = run_sendreminders("--days-before", "7")
    mails = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = run_sendreminders("--days-before", "7")

    assert Reminder.objects.filter(kind="before").count() == 2
    assert (mails, len(mail.outbox)) == (1, 1)
    assert (
        first.strip() == "已提醒 2 个单位（1 人）；0 个单位今天已提醒过；0 个单位尚未到提醒时间。"
    )
    assert (
        second.strip() == "已提醒 0 个单位（0 人）；2 个单位今天已提醒过；0 个单位尚未到提醒时间。"
    )


def test_sendreminders_waits_until_the_last_days_before_the_deadline(silent_county):
    run_sendreminders("--days-before", "3")

    assert Reminder.objects.count() == 0


def test_sendreminders_after_the_deadline_sends_overdue_reminders(silent_county, open_period):
    open_period.submission_deadline = timezone.localdate() - datetime.timedelta(days=2)
    open_period.save()

    run_sendreminders()

    assert set(Reminder.objects.values_list("kind", flat=True)) == {"overdue"}
    assert "已过 2 天" in Reminder.objects.first().message


# --- extensions -----------------------------------------------------------------------------


def test_extension_moves_the_agencys_deadline_and_the_late_flag(
    client, office, agency, clerk, open_period
):
    open_period.submission_deadline = timezone.localdate() - datetime.timedelta(days=3)
    open_period.save()
    client.force_login(office)
    until = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        reverse("reviews:extend", args=[agency.pk]),
        {"until": until.isoformat(), "reason": "机构改革，负责人调整。"},
    )
    report = handed_in(agency, open_period, clerk)

    extension = DeadlineExtension.objects.get()
    assert response.status_code == 302
    assert (extension.until, extension.granted_by, extension.reason) == (
        until,
        office,
        "机构改革，负责人调整。",
    )
    assert report.is_late is False
    assert notices_of(clerk) == ["extension"]
    row = client.get(reverse("reviews:dashboard")).context["rows"][0]
    assert (row.agency, row.on_time) == (agency, True)


def test_extension_needs_a_reason_and_a_later_date(client, office, agency, open_period):
    client.force_login(office)

    response = client.post(
        reverse("reviews:extend", args=[agency.pk]),
        {"until": open_period.submission_deadline.isoformat(), "reason": ""},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"until", "reason"}
    assert DeadlineExtension.objects.count() == 0


def test_extension_of_another_regions_agency_is_not_found(
    client, office, other_agency, open_period
):
    client.force_login(office)

    response = client.get(reverse("reviews:extend", args=[other_agency.pk]))

    assert response.status_code == 404
