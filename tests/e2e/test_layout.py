"""Every main page fits a phone (390 px) and a 1366 px laptop, in Chinese and in English.

Only a table may be wider than the screen, and then it scrolls in its own box.
"""

import datetime

import pytest
from django.utils import timezone

from reports.models import Agency, ReportingPeriod, Role, User
from reports.services import submit_report, upload_report
from reviews.services import add_comment, return_report
from tests.samples import COMPLETE, PARTIAL, demo_bytes

WIDTHS = (390, 1366)
LANGUAGES = ("zh-hans", "en")
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def spring(region, agency, agency_user, reviewer):
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=5),
        publication_deadline=today + datetime.timedelta(days=40),
    )
    Agency.objects.create(
        name="甲县交通运输局（一个名字相当长的单位，用来检验表格的宽度）", region=region
    )
    first = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="报告.txt",
        data=demo_bytes(PARTIAL),
    )
    first = submit_report(agency_confirmed=True, report=first, user=agency_user)
    add_comment(report=first, user=reviewer, body="请补充第一责任人职责情况。" * 5, span=(10, 40))
    return_report(report=first, user=reviewer, message="请修改后重新报送。")
    second = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="报告v2.txt",
        data=demo_bytes(COMPLETE),
    )
    second = submit_report(agency_confirmed=True, report=second, user=agency_user, note="已修改。")
    draft_agency = Agency.objects.create(name="甲县教育局", region=region)
    clerk = User.objects.create_user(
        username="jiaoyu", password="pw", role=Role.AGENCY, agency=draft_agency
    )
    draft = upload_report(
        agency=draft_agency,
        period=period,
        user=clerk,
        filename="草稿.txt",
        data=demo_bytes(COMPLETE),
    )
    return {"first": first, "second": second, "draft": draft}


def pages_for(role: str, spring) -> list[str]:
    second, draft = spring["second"], spring["draft"]
    if role == "reviewer":
        return [
            "/reviews/",
            "/reviews/not-submitted/",
            second.get_absolute_url(),
            f"/reviews/reports/{second.pk}/compare/",
            f"/reviews/agencies/{draft.agency_id}/extend/",
            "/notices/",
            "/account/",
        ]
    return [
        "/reports/",
        "/reports/upload/",
        draft.get_absolute_url(),
        f"/reports/{draft.pk}/submit/",
        "/notices/",
    ]


def sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["reviewer", "agency"])
def test_main_pages_have_no_sideways_scroll(live_server, browser, spring, role):
    username = "reviewer" if role == "reviewer" else "jiaoyu"
    too_wide = []
    for language in LANGUAGES:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            sign_in(page, live_server.url, username)
            for path in pages_for(role, spring):
                page.goto(f"{live_server.url}{path}")
                extra = page.evaluate(OVERFLOW)
                if extra > 0:
                    too_wide.append((language, width, path, extra))
            context.close()

    assert too_wide == []


@pytest.mark.django_db(transaction=True)
def test_sign_in_page_fits_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()

    page.goto(f"{live_server.url}/login/")

    assert page.evaluate(OVERFLOW) <= 0
    context.close()
