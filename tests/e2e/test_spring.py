"""The reviewer's spring in a real browser: reminding, deciding, the opinion and Word downloads."""

import datetime
import re

import docx
import pytest
from django.utils import timezone
from lxml import etree
from playwright.sync_api import expect

from reports.models import Agency, ReportingPeriod, Role, User
from reports.services import submit_report, upload_report
from reviews.services import add_comment
from tests.e2e.test_review_flow import SELECT_SENTENCE, SENTENCE, sign_in
from tests.samples import COMPLETE, INCOMPLETE, demo_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def county(region, agency, agency_user, reviewer):
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=5),
        publication_deadline=today + datetime.timedelta(days=40),
    )
    township = Agency.objects.create(name="甲县青山镇人民政府", region=region)
    User.objects.create_user(username="township", password="pw", role=Role.AGENCY, agency=township)
    silent = Agency.objects.create(name="甲县交通运输局", region=region)
    User.objects.create_user(username="jiaotong", password="pw", role=Role.AGENCY, agency=silent)
    handed = upload_report(
        agency=township,
        period=period,
        user=township.users.get(),
        filename="报告.txt",
        data=demo_bytes(INCOMPLETE),
    )
    return {"period": period, "report": submit_report(report=handed, user=township.users.get())}


def new_page(browser):
    return browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800}).new_page()


@pytest.mark.django_db(transaction=True)
def test_reminder_reaches_a_non_submitters_notices(live_server, browser, county):
    reviewer_page = new_page(browser)
    sign_in(reviewer_page, live_server.url, "reviewer")
    reviewer_page.get_by_role("link", name="未报送单位").first.click()
    reviewer_page.get_by_label("选择甲县交通运输局").check()
    reviewer_page.get_by_role("button", name="提醒所选单位").click()
    expect(reviewer_page.locator(".reminder-sample")).to_contain_text("甲县交通运输局：请于")
    reviewer_page.get_by_label("附加说明（可不填）").fill("请本周内报送。")
    reviewer_page.get_by_role("button", name="发送提醒").click()
    expect(reviewer_page.locator(".alert-success")).to_contain_text("已向 1 个单位")

    agency_page = new_page(browser)
    sign_in(agency_page, live_server.url, "jiaotong")
    agency_page.get_by_role("link", name=re.compile("通知")).first.click()
    expect(agency_page.locator(".notice--unread .notice__title")).to_contain_text("提醒：请于")
    expect(agency_page.locator(".notice__message")).to_contain_text("请本周内报送。")


@pytest.mark.django_db(transaction=True)
def test_decisions_say_what_they_need_and_the_note_reaches_the_reviewer(
    live_server, browser, county, reviewer
):
    report = county["report"]
    page = new_page(browser)
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.wait_for_load_state("domcontentloaded")

    assert page.evaluate(SELECT_SENTENCE, SENTENCE)
    popover = page.locator("[data-selection-popover]")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(SENTENCE[:10])
    popover.get_by_role("button", name="对所选文字提意见").click()
    expect(page.get_by_role("textbox", name="意见")).to_be_focused()
    page.get_by_role("textbox", name="意见").fill("请补充调解纠纷的主要类型。")
    page.get_by_role("button", name="添加意见").click()

    page.get_by_label("退回修改").check()
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator("#decision .invalid-feedback, #decision .errorlist")).to_contain_text(
        "请填写需要单位修改的内容。"
    )
    expect(page.get_by_label("退回修改")).to_be_checked()

    page.get_by_role("radio", name="通过").check()
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator("#decision .alert-warning")).to_contain_text("请补充调解纠纷的主要类型。")
    expect(page.locator("#decision")).to_contain_text("还有 1 条意见未解决")

    page.get_by_label("退回修改").check()
    page.get_by_label("给报送单位的说明").fill("请补充存在的不足和原因。")
    page.get_by_role("button", name="提交审查决定").click()
    expect(page.locator(".page-head .badge-status-returned")).to_have_text("已退回修改")

    clerk = new_page(browser)
    sign_in(clerk, live_server.url, "township")
    clerk.goto(f"{live_server.url}/reports/upload/")
    clerk.get_by_label("报告文件").set_input_files(
        files=[{"name": "第二版.txt", "mimeType": "text/plain", "buffer": demo_bytes(COMPLETE)}]
    )
    clerk.get_by_role("button", name="上传并检查").click()
    clerk.get_by_role("link", name="提交至审查机关…").click()
    clerk.get_by_label("报送说明（可不填）").fill("已补充存在的不足和原因。")
    confirm = clerk.get_by_label(re.compile("我确认这是"))
    if confirm.count():
        confirm.check()
    clerk.get_by_role("button", name="提交至审查机关").click()

    page.goto(f"{live_server.url}/notices/")
    page.locator(".notice__title", has_text="第 2 版").first.click()
    expect(page.locator(".submission-note")).to_contain_text("已补充存在的不足和原因。")


@pytest.mark.django_db(transaction=True)
def test_opinion_and_word_with_comments_download_and_open(live_server, browser, county, reviewer):
    report = county["report"]
    start = report.text.index(SENTENCE)
    add_comment(
        report=report, user=reviewer, body="数据来源？", span=(start, start + len(SENTENCE))
    )
    page = new_page(browser)
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.get_by_label("退回修改").check()
    page.get_by_label("给报送单位的说明").fill("请修改。")
    page.get_by_role("button", name="提交审查决定").click()

    page.get_by_role("button", name="发送审查意见书").click()
    expect(page.locator(".alert-success")).to_contain_text("审查意见书")
    with page.expect_download() as opinion_download:
        page.locator("#opinions .plain-list a").first.click()
    with page.expect_download() as word_download:
        page.get_by_role("link", name="下载带批注的 Word").click()

    opinion = docx.Document(opinion_download.value.path())
    assert "数据来源？" in "\n".join(p.text for p in opinion.paragraphs)
    commented = docx.Document(word_download.value.path())
    part = next(p for p in commented.part.package.parts if p.partname.endswith("/comments.xml"))
    assert "数据来源？" in "".join(etree.fromstring(part.blob).itertext())
    document = etree.fromstring(commented.part.blob)
    inside, collecting = [], False
    for element in document.iter():
        if element.tag == f"{W}commentRangeStart":
            collecting = True
        elif element.tag == f"{W}commentRangeEnd":
            collecting = False
        elif element.tag == f"{W}t" and collecting:
            inside.append(element.text or "")
    assert "".join(inside) == SENTENCE
