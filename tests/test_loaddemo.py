import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from reports.models import Agency, Report, ReportingPeriod, User
from reviews.models import Comparison, ReviewerComment


def load(settings, **kwargs):
    settings.DEBUG = True
    call_command("loaddemo", stdout=io.StringIO(), **kwargs)


def test_loaddemo_creates_reports_through_the_checker(db, settings):
    load(settings)

    verdicts = dict(Report.objects.filter(period__year=2023).values_list("agency__name", "verdict"))
    statuses = dict(Report.objects.filter(period__year=2023).values_list("agency__name", "status"))
    assert verdicts == {
        "示范县司法局": "complete",
        "示范县教育局": "partial",
        "示范县青山镇人民政府": "incomplete",
        "示范县高新技术产业开发区管理委员会": "complete",
        "邻县司法局": "complete",
    }
    assert statuses == {
        "示范县司法局": "accepted",
        "示范县教育局": "in_review",
        "示范县青山镇人民政府": "returned",
        "示范县高新技术产业开发区管理委员会": "submitted",
        "邻县司法局": "submitted",
    }
    assert ReviewerComment.objects.get().quote == "2024年3月8日"


def test_loaddemo_shows_reuse_and_last_years_plans(db, settings):
    load(settings)

    report = Report.objects.get(agency__name="示范县司法局", period__year=2023)
    comparison = Comparison.objects.get(report=report)
    assert comparison.plans_from.period.year == 2022
    assert (comparison.plans_total, comparison.plans_followed) == (3, 2)
    # Last year's text kept nearly as it was: the demo's reviewer sees it flagged.
    assert comparison.own_share == comparison.share
    assert report.agency.region.flags_reuse(comparison.share)
    assert [plan.start is not None for plan in comparison.plan_list()] == [True, True, False]
    assert ReportingPeriod.objects.get(year=2022).is_open is False


def test_loaddemo_twice_adds_nothing(db, settings):
    load(settings)
    counts = (Agency.objects.count(), User.objects.count(), Report.objects.count())

    load(settings)

    assert (Agency.objects.count(), User.objects.count(), Report.objects.count()) == counts


def test_loaddemo_users_sign_in_with_demo_password(db, settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pw")
    load(settings)
    signed_in = []
    for name in ("admin", "reviewer", "agency"):
        client = Client()
        client.post(reverse("login"), {"username": name, "password": "another-demo-pw"})
        signed_in.append(client.session.get("_auth_user_id"))

    assert signed_in == [
        str(User.objects.get(username=name).pk) for name in ("admin", "reviewer", "agency")
    ]


def test_loaddemo_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("loaddemo")

    assert User.objects.count() == 0
