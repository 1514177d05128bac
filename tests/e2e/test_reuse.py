import datetime

import pytest
from playwright.sync_api import expect

from reports.models import AgencyAlias, ReportingPeriod
from reports.services import submit_report, upload_report
from tests.e2e.test_review_flow import sign_in
from tests.reuse_reports import JUSTICE, JUSTICE_2022, JUSTICE_2023

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def hand_in(draft, agency, user, period, when):
    report = upload_report(
        agency=agency, period=period, user=user, filename="报告.txt", data=draft.data, at=when
    )
    return submit_report(report=report, user=user, at=when, agency_confirmed=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_reviewer_sees_the_reused_passage_and_follows_it_to_its_source(
    live_server, browser, agency, agency_user, reviewer, period, width
):
    AgencyAlias.objects.create(agency=agency, name="甲县司法行政局")
    earlier = ReportingPeriod.objects.create(year=2022)
    first = hand_in(
        JUSTICE_2022, agency, agency_user, earlier, datetime.datetime(2023, 2, 20, tzinfo=SHANGHAI)
    )
    later = hand_in(
        JUSTICE_2023, agency, agency_user, period, datetime.datetime(2024, 2, 18, tzinfo=SHANGHAI)
    )
    kept = JUSTICE_2023.sentence("M5")
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}{later.get_absolute_url()}")

    expect(page.locator("[data-report-text] .hl-reuse", has_text=kept)).to_be_visible()
    card = page.locator("#reuse")
    expect(card.get_by_role("link", name=JUSTICE, exact=True)).to_have_attribute(
        "href", first.get_absolute_url()
    )
    to_source = card.locator(".reuse-passage", has_text=kept).get_by_role("link", name="查看来源")
    anchor = to_source.get_attribute("href").split("#")[1]
    to_source.click()

    expect(page).to_have_url(f"{live_server.url}{first.get_absolute_url()}#{anchor}")
    expect(page.locator(f"#{anchor}")).to_contain_text(JUSTICE_2022.sentence("M5"))
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()
    expect(page.locator("#reused-by")).to_contain_text(JUSTICE)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
