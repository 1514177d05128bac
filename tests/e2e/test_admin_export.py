import openpyxl
import pytest

from reports.models import Agency


@pytest.mark.django_db(transaction=True)
def test_admin_downloads_xlsx_from_dashboard_and_it_opens(
    live_server, page, admin_user, region, period, tmp_path
):
    Agency.objects.create(name="甲县交通运输局", region=region)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    book = openpyxl.load_workbook(saved)
    assert download.suggested_filename.endswith(".xlsx")
    assert [row[:3] for row in book.worksheets[0].iter_rows(values_only=True)] == [
        ("地区", "单位", "状态"),
        ("甲县", "甲县交通运输局", "逾期未报"),
    ]
