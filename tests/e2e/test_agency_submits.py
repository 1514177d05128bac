import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import Report, ReportingPeriod
from tests.parsing.builders import docx_from_lines
from tests.samples import CORPUS

SEED = CORPUS / "seeds" / "000_31dda4a2010e5ce1.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the shared corpus (../shared/corpus) is absent")
@pytest.mark.django_db(transaction=True)
def test_agency_uploads_corpus_docx_sees_checklist_and_submits(
    live_server, page, agency_user, tmp_path
):
    today = timezone.localdate()
    ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=5),
        publication_deadline=today + datetime.timedelta(days=35),
    )
    report_file = tmp_path / "2023年度法治政府建设年度报告.docx"
    report_file.write_bytes(
        docx_from_lines(SEED.read_text(encoding="utf-8").splitlines(), word_numbering=True)
    )

    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="上传报告").click()
    page.get_by_label("报告文件").set_input_files(report_file)
    page.get_by_role("button", name="上传并检查").click()

    checklist = page.locator(".checklist")
    expect(checklist.locator(".checklist__item--present")).to_have_count(3)
    expect(checklist.locator(".checklist__item--embedded")).to_contain_text("一（二）")
    expect(page.get_by_role("heading", name=re.compile("识别出的提纲"))).to_be_visible()

    page.get_by_role("link", name="提交至审查机关…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提交报告")
    page.get_by_label("报送说明（可不填）").fill("首次报送。")
    # The corpus report names its own agency, not the test's: the clerk must confirm it.
    expect(page.locator(".alert-error")).to_contain_text("古丈县科技和工业信息化局")
    page.get_by_role("button", name="提交至审查机关").click()
    expect(page.locator("#id_agency_confirmed").locator("..")).to_contain_text("确认")
    page.get_by_label("我确认这是甲县司法局的报告").check()
    page.get_by_role("button", name="提交至审查机关").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("甲县司法局")
    expect(page.locator(".badge-status-submitted").first).to_have_text("已提交")
    report = Report.objects.get()
    assert (report.status, report.format, report.verdict) == ("submitted", "docx", "partial")
    assert report.submission_note == "首次报送。"
