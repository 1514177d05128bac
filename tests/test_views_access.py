"""Every view against every role: outsiders get 404, anonymous visitors the login page."""

import pytest
from django.urls import reverse

from tests.conftest import make_report

PROTECTED_URLS = [
    ("home", {}),
    ("reports:agency_home", {}),
    ("reviews:dashboard", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PROTECTED_URLS)
def test_protected_page_sends_anonymous_visitor_to_login(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


def test_report_detail_sends_anonymous_visitor_to_login(client, report):
    response = client.get(report.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_sends_each_role_to_its_own_start_page(client, agency_user, reviewer, admin_user):
    destinations = {}
    for user in (agency_user, reviewer, admin_user):
        client.force_login(user)
        destinations[user.username] = client.get(reverse("home")).url

    assert destinations == {
        "clerk": reverse("reports:agency_home"),
        "reviewer": reverse("reviews:dashboard"),
        "boss": reverse("reviews:dashboard"),
    }


def test_agency_home_shows_own_report_only(client, agency_user, report, other_report):
    client.force_login(agency_user)

    response = client.get(reverse("reports:agency_home"))

    assert response.context["versions"] == [report]
    assert "乙县司法局" not in response.content.decode()


def test_agency_home_is_not_for_reviewers(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("reports:agency_home")).status_code == 404


def test_report_detail_shows_own_agency_its_report(client, agency_user, report):
    client.force_login(agency_user)

    response = client.get(report.get_absolute_url())

    assert response.context["report"] == report
    assert [(row.key, row.status) for row in response.context["parts"]] == [
        ("measures", "present"),
        ("shortcomings", "missing"),
        ("leadership", "missing"),
        ("plans", "missing"),
    ]
    assert "缺少" in response.content.decode()


def test_report_detail_hides_other_agencys_report(client, agency_user, other_report):
    client.force_login(agency_user)

    assert client.get(other_report.get_absolute_url()).status_code == 404


def test_report_detail_open_to_reviewer_of_the_region(client, reviewer, report):
    client.force_login(reviewer)

    assert client.get(report.get_absolute_url()).context["report"] == report


def test_report_detail_hides_other_regions_report_from_reviewer(client, reviewer, other_report):
    client.force_login(reviewer)

    assert client.get(other_report.get_absolute_url()).status_code == 404


def test_report_detail_open_to_admin_everywhere(client, admin_user, report, other_report):
    client.force_login(admin_user)

    seen = [client.get(r.get_absolute_url()).context["report"] for r in (report, other_report)]

    assert seen == [report, other_report]


def test_report_detail_hidden_from_inactive_user(client, agency_user, report):
    agency_user.is_active = False
    agency_user.save(update_fields=["is_active"])
    client.force_login(agency_user)

    response = client.get(report.get_absolute_url())

    assert response.status_code == 302


def test_dashboard_lists_only_the_reviewers_regions(client, reviewer, agency, other_agency, period):
    client.force_login(reviewer)

    response = client.get(reverse("reviews:dashboard"))

    assert [row.agency for row in response.context["rows"]] == [agency]


def test_dashboard_lists_agencies_that_have_not_reported(client, reviewer, agency, period):
    client.force_login(reviewer)

    rows = client.get(reverse("reviews:dashboard")).context["rows"]

    assert [(row.agency, row.report) for row in rows] == [(agency, None)]


def test_dashboard_shows_admin_every_region(
    client, admin_user, agency, other_agency, report, period
):
    client.force_login(admin_user)

    rows = client.get(reverse("reviews:dashboard")).context["rows"]

    assert {(row.agency.name, row.report and row.report.pk) for row in rows} == {
        ("甲县司法局", report.pk),
        ("乙县司法局", None),
    }


def test_dashboard_is_not_for_agency_staff(client, agency_user, period):
    client.force_login(agency_user)

    assert client.get(reverse("reviews:dashboard")).status_code == 404


def test_dashboard_query_count_does_not_grow_with_agencies(
    client, reviewer, region, period, agency_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import Agency
    from tests.conftest import make_report

    def queries_for_dashboard():
        with CaptureQueriesContext(connection) as captured:
            rows = client.get(reverse("reviews:dashboard")).context["rows"]
        return len(rows), len(captured)

    client.force_login(reviewer)
    make_report(Agency.objects.get(name="甲县司法局"), period, agency_user)
    one_row = queries_for_dashboard()
    for index in range(30):
        extra = Agency.objects.create(name=f"甲县第{index}局", region=region)
        if index % 2:
            make_report(extra, period, agency_user)

    many_rows = queries_for_dashboard()

    assert (one_row[0], many_rows[0]) == (1, 31)
    assert many_rows[1] == one_row[1]


def test_django_admin_open_to_admins_only(client, admin_user, reviewer):
    client.force_login(reviewer)
    refused = client.get(reverse("admin:index"))
    client.force_login(admin_user)
    allowed = client.get(reverse("admin:reports_report_changelist"))

    assert (refused.status_code, allowed.status_code) == (302, 200)


def test_login_page_speaks_chinese_by_default(client, db):
    response = client.get(reverse("login"))

    assert "登录" in response.content.decode()


def test_language_switch_turns_interface_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})

    response = client.get(reverse("login"))

    assert "Sign in" in response.content.decode()
    assert "登录" not in response.content.decode()


def test_login_with_password_reaches_role_home(client, agency_user):
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("reports:agency_home")


def test_report_detail_hides_agency_draft_from_reviewer(
    client, reviewer, agency, period, agency_user
):
    report = make_report(
        agency, period, agency_user, status="draft", submitted_at=None, submitted_by=None
    )
    client.force_login(reviewer)

    assert client.get(report.get_absolute_url()).status_code == 404


def test_dashboard_shows_the_handed_in_version_not_a_newer_draft(
    client, reviewer, agency, period, agency_user
):
    from django.utils import timezone

    from tests.conftest import make_report

    returned = make_report(
        agency,
        period,
        agency_user,
        status="returned",
        is_current=False,
        submitted_at=timezone.now(),
        submitted_by=agency_user,
    )
    make_report(agency, period, agency_user, version=2, status="draft")
    client.force_login(reviewer)

    rows = client.get(reverse("reviews:dashboard")).context["rows"]

    assert [(row.agency, row.report and row.report.pk) for row in rows] == [(agency, returned.pk)]


def test_interface_stays_chinese_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "登录" in response.content.decode()


def test_dashboard_query_count_with_reused_text_does_not_grow(
    client, reviewer, region, other_region, period, agency_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import Agency
    from reviews.models import Comparison
    from tests.conftest import make_report

    def compared_report(agency, share):
        report = make_report(agency, period, agency_user)
        Comparison.objects.create(
            report=report, share=share, own_share=share / 2, plans_total=3, plans_followed=1
        )

    def queries_for_dashboard():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reviews:dashboard") + "?sort=-reuse")
        return len(response.context["rows"]), len(response.context["reuse_story"]), len(captured)

    reviewer.regions.add(other_region)
    client.force_login(reviewer)
    compared_report(Agency.objects.get(name="甲县司法局"), 0.6)
    one_row = queries_for_dashboard()
    for index in range(30):
        extra = Agency.objects.create(name=f"乙县第{index}局", region=other_region)
        if index % 2:
            compared_report(extra, index / 40)

    many_rows = queries_for_dashboard()

    assert (one_row[:2], many_rows[:2]) == ((1, 2), (31, 2))
    assert many_rows[2] == one_row[2]


def test_review_page_query_count_does_not_grow_with_reused_sources(
    client, reviewer, region, period, agency, agency_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import Agency, ReportingPeriod
    from reviews.models import Comparison, ReusedSource
    from tests.conftest import make_report

    report = make_report(agency, period, agency_user)
    Comparison.objects.create(report=report, share=0.5, own_share=0.1)
    earlier = ReportingPeriod.objects.create(year=2022)

    def add_source(agency, period):
        source = make_report(agency, period, agency_user)
        ReusedSource.objects.create(
            report=report,
            source=source,
            same_agency=source.agency_id == report.agency_id,
            share=0.1,
            source_share=0.1,
            passages=[[0, 5, 0, 5, "measures"], [6, 10, 6, 10, "measures"]],
        )

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(report.get_absolute_url())
        return len(response.context["reuse"].sources), len(captured)

    client.force_login(reviewer)
    add_source(agency, earlier)
    one_source = queries_for_page()
    for index in range(5):
        add_source(Agency.objects.create(name=f"甲县第{index}局", region=region), period)

    six_sources = queries_for_page()

    assert (one_source[0], six_sources[0]) == (1, 6)
    assert six_sources[1] == one_source[1]
