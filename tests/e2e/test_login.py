import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("username", "landing_heading"),
    [("clerk", "甲县司法局"), ("reviewer", "审查工作台")],
)
def test_user_signs_in_and_lands_on_role_home(
    live_server, page, agency_user, reviewer, username, landing_heading
):
    page.goto(f"{live_server.url}/")

    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(landing_heading)
