"""Who reports by when: deadlines by kind of agency, the period's own rules, and extensions."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from reports.models import (
    Agency,
    DeadlineExtension,
    PeriodDeadline,
    ReportingPeriod,
    kind_deadlines,
    submission_deadline,
)
from reports.services import upload_report
from tests.conftest import make_user
from tests.parsing.text_samples import complete_report


def test_usual_deadlines_by_kind(db):
    period = ReportingPeriod.objects.create(year=2024)

    deadlines = kind_deadlines(period)

    assert (deadlines["department"], deadlines["township"]) == (datetime.date(2025, 3, 1),) * 2
    assert deadlines["province"] == datetime.date(2025, 4, 1)
    assert deadlines["model"] == datetime.date(2025, 1, 31)


def test_period_rule_for_a_kind_and_an_extension_win_in_that_order(region, agency, db):
    period = ReportingPeriod.objects.create(year=2024)
    township = Agency.objects.create(name="甲县青山镇", kind="township", region=region)
    PeriodDeadline.objects.create(period=period, kind="township", submission_deadline="2025-02-20")

    before = (submission_deadline(township, period), submission_deadline(agency, period))
    DeadlineExtension.objects.create(
        agency=township,
        period=period,
        until="2025-03-10",
        reason="灾后重建",
        granted_by=agency.users.model.objects.create(username="x", role="admin", is_staff=True),
    )

    assert before == (datetime.date(2025, 2, 20), datetime.date(2025, 3, 1))
    assert submission_deadline(township, period) == datetime.date(2025, 3, 10)


def test_dashboard_counts_a_kind_overdue_by_its_own_deadline(client, reviewer, region, db):
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=10),
        publication_deadline=today + datetime.timedelta(days=40),
    )
    Agency.objects.create(name="甲县司法局", region=region)
    Agency.objects.create(name="甲县示范区", kind="model", region=region)
    PeriodDeadline.objects.create(
        period=period, kind="model", submission_deadline=today - datetime.timedelta(days=1)
    )
    client.force_login(reviewer)

    response = client.get(reverse("reviews:dashboard"), {"overdue": "on"})

    assert [row.agency.name for row in response.context["rows"]] == ["甲县示范区"]
    assert response.context["counts"].overdue == 1


def test_the_checker_reads_a_late_signature_against_the_agencys_own_deadline(
    region, agency, agency_user, db
):
    period = ReportingPeriod.objects.create(year=2023)
    province = Agency.objects.create(name="甲省人民政府", kind="province", region=region)
    text = complete_report().replace("2024年2月6日", "2024年3月20日").encode()

    def codes(who, user):
        report = upload_report(agency=who, period=period, user=user, filename="报告.txt", data=text)
        return {finding.code for finding in report.reading.findings}

    department = codes(agency, agency_user)
    provincial = codes(province, make_user("province-clerk", "agency", agency=province))

    assert "signed_after_deadline" in department
    assert "signed_after_deadline" not in provincial


def test_agency_pages_count_down_to_the_agencys_own_deadline(client, region, open_period, db):
    today = timezone.localdate()
    zone = Agency.objects.create(name="甲县示范区", kind="model", region=region)
    PeriodDeadline.objects.create(
        period=open_period, kind="model", submission_deadline=today - datetime.timedelta(days=2)
    )
    client.force_login(make_user("clerk-zone", "agency", agency=zone))

    overdue = [
        client.get(reverse(name)).content.decode()
        for name in ("reports:agency_home", "reports:upload")
    ]
    DeadlineExtension.objects.create(
        agency=zone,
        period=open_period,
        until=today + datetime.timedelta(days=3),
        reason="机构改革",
        granted_by=make_user("office", "admin", is_staff=True),
    )
    extended = client.get(reverse("reports:agency_home")).content.decode()

    for page in overdue:
        assert "已逾期" in page
        assert (today - datetime.timedelta(days=2)).isoformat() in page
        assert open_period.submission_deadline.isoformat() not in page
    assert "还剩 3 天" in extended
    assert (today + datetime.timedelta(days=3)).isoformat() in extended
