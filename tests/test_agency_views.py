"""The agency's side through the HTTP client: upload, preview, submit, resubmit, comments, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Report, Section
from reports.parsing.extract import MAX_FILE_SIZE
from reports.services import submit_report, upload_report
from reviews.models import ReviewerComment
from reviews.services import add_comment, return_report
from tests.conftest import RECIPIENT, stored_files
from tests.parsing.builders import docx_from_lines, image_only_pdf, truncated_docx
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_bytes, demo_text


@pytest.fixture
def clerk(client, agency_user):
    client.force_login(agency_user)
    return client


def post_file(client, name, data):
    return client.post(reverse("reports:upload"), {"file": SimpleUploadedFile(name, data)})


def nothing_stored(media_root):
    return (Report.objects.count(), Section.objects.count(), stored_files(media_root)) == (0, 0, [])


def test_agency_home_shows_deadline_and_days_left(clerk, open_period):
    page = clerk.get(reverse("reports:agency_home")).content.decode()

    assert "还剩 10 天" in page
    assert open_period.submission_deadline.isoformat() in page


def test_agency_home_says_overdue_after_deadline(clerk, period):
    page = clerk.get(reverse("reports:agency_home")).content.decode()

    assert "已逾期" in page


def test_upload_page_offers_the_form_in_chinese(clerk, open_period):
    page = clerk.get(reverse("reports:upload")).content.decode()

    assert 'type="file"' in page
    assert "报告文件" in page
    assert "上传并检查" in page


def test_upload_txt_shows_preview_with_checklist(clerk, agency, open_period, agency_user):
    response = post_file(clerk, "报告.txt", demo_bytes(INCOMPLETE))

    report = Report.objects.get()
    assert (response.status_code, response.url) == (302, report.get_absolute_url())
    page = clerk.get(response.url).content.decode()
    assert "缺失" in page  # shortcomings missing
    assert "识别出的提纲" in page
    assert "提交至审查机关" in page


def test_upload_docx_with_word_numbering_reads_like_typed(clerk, open_period):
    data = docx_from_lines(demo_text(COMPLETE).splitlines(), word_numbering=True)

    post_file(clerk, "司法局报告.docx", data)

    report = Report.objects.get()
    assert (report.format, report.verdict) == ("docx", "complete")
    assert list(report.sections.filter(level=1).values_list("number", flat=True)) == [
        "一",
        "二",
        "三",
        "四",
    ]


def test_preview_links_each_finding_to_its_spot_in_the_text(clerk, open_period):
    post_file(clerk, "报告.txt", demo_bytes(INCOMPLETE))
    report = Report.objects.get()

    response = clerk.get(report.get_absolute_url())

    targets = [f.target for f in response.context["findings"] if f.target]
    page = response.content.decode()
    assert targets
    assert all(f'id="{target}"' in page for target in targets)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.exe", b"MZ\x90\x00", "不接受这种类型的文件"),
        ("报告.docx", b"", "文件是空的"),
        ("报告.docx", truncated_docx(), "文件已损坏"),
        (
            "报告.pdf",
            image_only_pdf(),
            "无法读取文字：文件似乎是扫描件，请上传 Word 文件或带文字层的 PDF",
        ),
        ("报告.docx", b"\x00\x01\x02garbage" * 50, "不是真正的 .docx 文件"),
    ],
    ids=["wrong-type", "empty", "corrupt", "scanned", "random-bytes"],
)
def test_upload_bad_file_explains_and_stores_nothing(
    clerk, open_period, media_root, name, data, message
):
    response = post_file(clerk, name, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert nothing_stored(media_root)


def test_upload_too_large_refused_before_reading(clerk, open_period, media_root):
    report = demo_bytes(COMPLETE)
    response = post_file(clerk, "报告.txt", report * ((MAX_FILE_SIZE + 100_000) // len(report) + 1))

    assert "最多接受" in response.context["refusal"]
    assert nothing_stored(media_root)


def test_upload_to_closed_period_offers_no_form_and_stores_nothing(clerk, period, media_root):
    period.is_open = False
    period.save(update_fields=["is_open"])

    response = post_file(clerk, "报告.txt", demo_bytes(COMPLETE))

    assert "目前没有开放的报告年度" in response.content.decode()
    assert nothing_stored(media_root)


def test_upload_same_file_as_submitted_version_refused(
    clerk, agency, open_period, agency_user, reviewer
):
    post_file(clerk, "报告.txt", demo_bytes(COMPLETE))
    report = Report.objects.get()
    submit_report(agency_confirmed=True, report=report, user=agency_user)
    return_report(report=report, user=reviewer, message="请补充")

    response = post_file(clerk, "报告.txt", demo_bytes(COMPLETE))

    assert "完全相同" in " ".join(response.context["form"].errors["file"])
    assert Report.objects.count() == 1


def test_upload_page_locked_while_report_awaits_review(clerk, agency, open_period, agency_user):
    post_file(clerk, "报告.txt", demo_bytes(COMPLETE))
    submit_report(agency_confirmed=True, report=Report.objects.get(), user=agency_user)

    response = post_file(clerk, "报告.txt", demo_bytes(PARTIAL))

    assert response.context["locked"] is True
    assert list(Report.objects.values_list("version", "status")) == [(1, "submitted")]


def test_submit_marks_report_submitted(clerk, open_period):
    post_file(clerk, "报告.txt", demo_bytes(COMPLETE))
    report = Report.objects.get()

    response = clerk.post(
        reverse("reports:submit", args=[report.pk]),
        {"agency_confirmed": "on", "reported_to": RECIPIENT},
        follow=True,
    )

    report.refresh_from_db()
    assert (report.status, report.is_late) == ("submitted", False)
    assert response.redirect_chain[-1][0] == reverse("reports:agency_home")
    assert "已提交" in response.content.decode()


def test_submit_after_deadline_accepted_and_marked_late(clerk, period, agency, agency_user):
    report = upload_report(
        agency=agency, period=period, user=agency_user, filename="r.txt", data=demo_bytes(COMPLETE)
    )

    response = clerk.post(
        reverse("reports:submit", args=[report.pk]),
        {"agency_confirmed": "on", "reported_to": RECIPIENT},
        follow=True,
    )

    report.refresh_from_db()
    assert (report.status, report.is_late) == ("submitted", True)
    assert "逾期" in response.content.decode()


def test_submit_other_agencys_report_is_404(
    client, outsider, agency, open_period, agency_user, draft
):
    report = draft
    client.force_login(outsider)

    response = client.post(reverse("reports:submit", args=[report.pk]))

    report.refresh_from_db()
    assert (response.status_code, report.status) == (404, "draft")


def test_submit_by_reviewer_is_404(client, reviewer, agency, open_period, agency_user, draft):
    report = draft
    client.force_login(reviewer)

    response = client.post(reverse("reports:submit", args=[report.pk]))

    report.refresh_from_db()
    assert (response.status_code, report.status) == (404, "draft")


def test_resubmission_after_return_becomes_next_version(
    clerk, agency, open_period, agency_user, reviewer
):
    post_file(clerk, "第一版.txt", demo_bytes(INCOMPLETE))
    first = Report.objects.get()
    submit_report(agency_confirmed=True, report=first, user=agency_user)
    add_comment(report=first, user=reviewer, body="缺少不足和原因", span=(0, 5))
    return_report(report=first, user=reviewer, message="请补充不足和原因")

    post_file(clerk, "第二版.txt", demo_bytes(COMPLETE))

    versions = list(
        Report.objects.order_by("version").values_list("version", "status", "is_current")
    )
    assert versions == [(1, "returned", False), (2, "draft", True)]
    assert ReviewerComment.objects.get().report == first


def test_agency_sees_comment_on_quoted_span_and_replies(
    clerk, agency, open_period, agency_user, reviewer, draft
):
    report = submit_report(agency_confirmed=True, report=draft, user=agency_user)
    comment = add_comment(report=report, user=reviewer, body="请核实数字", span=(10, 20))

    page = clerk.get(report.get_absolute_url()).content.decode()
    clerk.post(reverse("reviews:reply", args=[comment.pk]), {"body": "已核实，数字无误。"})

    assert f'id="quote-{comment.pk}"' in page
    assert "请核实数字" in page
    assert list(comment.replies.values_list("author__username", "body")) == [
        ("clerk", "已核实，数字无误。")
    ]


def test_reply_to_other_agencys_comment_is_404(
    client, outsider, agency, open_period, agency_user, reviewer, draft
):
    report = submit_report(agency_confirmed=True, report=draft, user=agency_user)
    comment = add_comment(report=report, user=reviewer, body="请核实")
    client.force_login(outsider)

    response = client.post(reverse("reviews:reply", args=[comment.pk]), {"body": "插话"})

    assert (response.status_code, comment.replies.count()) == (404, 0)


def test_agency_home_shows_latest_decision_with_message(
    clerk, agency, open_period, agency_user, reviewer, draft
):
    report = draft
    submit_report(agency_confirmed=True, report=report, user=agency_user)
    return_report(report=report, user=reviewer, message="请补充第一责任人履职情况")

    page = clerk.get(reverse("reports:agency_home")).content.decode()

    assert "请补充第一责任人履职情况" in page
    assert "上传修改后的版本" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("agency_user", 200),
        ("reviewer", 200),
        ("admin_user", 200),
        ("outsider", 404),
        ("other_reviewer", 404),
    ],
)
def test_download_only_for_own_agency_region_reviewer_and_admin(
    client, request, agency, open_period, agency_user, who, status, draft
):
    report = draft
    submit_report(agency_confirmed=True, report=report, user=agency_user)
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert "%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.txt" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == demo_bytes(COMPLETE)


@pytest.mark.parametrize("name", ["reports:upload", "reports:agency_home"])
def test_agency_pages_are_404_for_reviewers(client, reviewer, open_period, name):
    client.force_login(reviewer)

    assert client.get(reverse(name)).status_code == 404


def test_upload_page_sends_anonymous_visitor_to_login(client, db):
    response = client.get(reverse("reports:upload"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_upload_announcing_too_large_a_body_is_refused_before_reading(
    clerk, open_period, media_root
):
    response = clerk.post(
        reverse("reports:upload"),
        {"file": SimpleUploadedFile("报告.txt", demo_bytes(COMPLETE))},
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )

    assert "最多接受" in response.content.decode()
    assert nothing_stored(media_root)


def test_submit_into_closed_period_refused(clerk, draft, open_period):
    open_period.is_open = False
    open_period.save(update_fields=["is_open"])

    clerk.post(reverse("reports:submit", args=[draft.pk]), {"reported_to": RECIPIENT})

    draft.refresh_from_db()
    assert draft.status == "draft"


def test_replacing_a_draft_removes_the_replaced_file(
    clerk, open_period, media_root, django_capture_on_commit_callbacks
):
    post_file(clerk, "第一稿.txt", demo_bytes(INCOMPLETE))
    first_file = Report.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        post_file(clerk, "第二稿.txt", demo_bytes(COMPLETE))

    report = Report.objects.get()
    assert stored_files(media_root) == [report.file.name]
    assert first_file != report.file.name
