import datetime

import pytest
from playwright.sync_api import expect

from reports.models import Agency, Role, User
from reports.services import submit_report, upload_report
from reviews.models import ReviewerComment
from tests.samples import COMPLETE, INCOMPLETE, demo_bytes

SENTENCE = "镇村两级调解组织全年调解纠纷156件，调解成功率97%。"

SELECT_SENTENCE = """(sentence) => {
  const walker = document.createTreeWalker(document.querySelector('[data-report-text]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.textContent.indexOf(sentence);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + sentence.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      node.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def sign_in(page, url, username):
    page.goto(f"{url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()


@pytest.mark.django_db(transaction=True)
def test_reviewer_comments_on_a_sentence_and_returns_agency_sees_both(
    live_server, browser, region, period, agency, agency_user, reviewer
):
    township = Agency.objects.create(name="甲县青山镇人民政府", region=region)
    township_clerk = User.objects.create_user(
        username="township", password="pw", role=Role.AGENCY, agency=township
    )
    handed_in = datetime.datetime(2024, 2, 25, 9, tzinfo=datetime.UTC)
    for who, clerk, name in [
        (agency, agency_user, COMPLETE),
        (township, township_clerk, INCOMPLETE),
    ]:
        report = upload_report(
            agency=who,
            period=period,
            user=clerk,
            filename=name,
            data=demo_bytes(name),
            at=handed_in - datetime.timedelta(hours=1),
        )
        submit_report(agency_confirmed=True, report=report, user=clerk, at=handed_in)

    reviewer_page = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 768}
    ).new_page()
    sign_in(reviewer_page, live_server.url, "reviewer")
    reviewer_page.get_by_label("结构").select_option("incomplete")
    reviewer_page.get_by_role("button", name="筛选").click()
    table = reviewer_page.locator(".dashboard-table tbody tr")
    expect(table).to_have_count(1)
    table.get_by_role("link", name="甲县青山镇人民政府").click()
    reviewer_page.wait_for_load_state("domcontentloaded")  # the selection script is deferred

    assert reviewer_page.evaluate(SELECT_SENTENCE, SENTENCE)
    expect(reviewer_page.locator("[data-selected-quote]")).to_have_text(SENTENCE)
    reviewer_page.get_by_role("textbox", name="意见").fill("请补充调解纠纷的主要类型。")
    reviewer_page.get_by_role("button", name="添加意见").click()
    expect(reviewer_page.locator("article.comment .comment__quote")).to_contain_text(SENTENCE)
    reviewer_page.get_by_label("退回修改").check()
    reviewer_page.get_by_label("给报送单位的说明").fill("缺少存在的不足和原因部分，请补充。")
    reviewer_page.get_by_role("button", name="提交审查决定").click()
    expect(reviewer_page.locator(".page-head .badge-status-returned")).to_have_text("已退回修改")

    comment = ReviewerComment.objects.get()
    assert comment.quote == SENTENCE

    agency_page = browser.new_context(locale="zh-CN").new_page()
    sign_in(agency_page, live_server.url, "township")
    expect(agency_page.locator(".badge-status-returned").first).to_have_text("已退回修改")
    expect(agency_page.get_by_text("缺少存在的不足和原因部分，请补充。")).to_be_visible()
    agency_page.get_by_role("link", name="查看识别结果").click()
    expect(agency_page.locator(f"#quote-{comment.pk}")).to_have_text(SENTENCE)
    expect(agency_page.locator(".comment__body")).to_have_text("请补充调解纠纷的主要类型。")
