"""The review opinion (审查意见书) and the report as Word with its comments, read back."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from reports.models import ReportingPeriod
from reports.services import submit_report, upload_report
from reviews.models import Notice, OpinionLetter
from reviews.services import accept_report, add_comment, return_report
from tests.samples import COMPLETE, demo_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def handed_in(agency, agency_user, region, db):
    region.office_name, region.letter_prefix = "甲县司法局", "甲司法审"
    region.save()
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=5),
        publication_deadline=today + datetime.timedelta(days=40),
    )
    draft = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="报告.txt",
        data=demo_bytes(COMPLETE),
    )
    return submit_report(agency_confirmed=True, report=draft, user=agency_user)


def sentence_of(text: str) -> str:
    return next(s for s in re.findall(r"[^。\n]{12,}。", text) if "件" in s)


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_sent_opinion_is_numbered_kept_and_reaches_the_agency(
    client, reviewer, agency_user, handed_in
):
    quote = sentence_of(handed_in.text)
    start = handed_in.text.index(quote)
    add_comment(
        report=handed_in, user=reviewer, body="请补充具体案例。", span=(start, start + len(quote))
    )
    return_report(report=handed_in, user=reviewer, message="请按意见修改。")
    client.force_login(reviewer)
    due = timezone.localdate() + datetime.timedelta(days=7)

    client.post(
        reverse("reviews:opinion_send", args=[handed_in.pk]),
        {"correction_deadline": due.isoformat()},
    )
    client.post(
        reverse("reviews:opinion_send", args=[handed_in.pk]),
        {"correction_deadline": due.isoformat()},
    )

    first, second = OpinionLetter.objects.order_by("number")
    year = timezone.localdate().year
    assert (first.letter_number, second.letter_number) == (
        f"甲司法审〔{year}〕1号",
        f"甲司法审〔{year}〕2号",
    )
    client.force_login(agency_user)
    download = client.get(reverse("reviews:opinion_download", args=[first.pk]))
    text = "\n".join(paragraphs(b"".join(download.streaming_content)))
    assert download.status_code == 200
    assert f"甲司法审〔{year}〕1号" in text
    assert "请补充具体案例。" in text
    assert quote[:10] in text
    assert f"请于{due.year}年{due.month}月{due.day}日前修改完善后重新报送" in text
    assert "甲县司法局" in text
    assert Notice.objects.filter(recipient=agency_user, kind="opinion").count() == 2


def test_opinion_needs_a_decision_first(client, reviewer, handed_in):
    client.force_login(reviewer)

    client.post(reverse("reviews:opinion_send", args=[handed_in.pk]), {})

    assert OpinionLetter.objects.count() == 0


def test_returned_opinion_needs_the_date_of_the_corrected_version(client, reviewer, handed_in):
    return_report(report=handed_in, user=reviewer, message="请修改。")
    client.force_login(reviewer)

    response = client.post(reverse("reviews:opinion_send", args=[handed_in.pk]), {}, follow=True)

    assert OpinionLetter.objects.count() == 0
    assert "请填写修改后报告的报送期限。" in response.content.decode()


def test_accepted_opinion_has_no_correction_date(client, reviewer, handed_in):
    accept_report(report=handed_in, user=reviewer)
    client.force_login(reviewer)

    client.post(reverse("reviews:opinion_send", args=[handed_in.pk]), {})

    letter = OpinionLetter.objects.get()
    client_text = "\n".join(paragraphs(letter.file.open("rb").read()))
    assert letter.correction_deadline is None
    assert "修改完善后重新报送" not in client_text


def test_outsider_cannot_download_an_opinion(client, reviewer, outsider, handed_in):
    accept_report(report=handed_in, user=reviewer)
    client.force_login(reviewer)
    client.post(reverse("reviews:opinion_send", args=[handed_in.pk]), {})
    client.force_login(outsider)

    response = client.get(
        reverse("reviews:opinion_download", args=[OpinionLetter.objects.get().pk])
    )

    assert response.status_code == 404


def test_preview_is_unnumbered_and_for_reviewers_only(client, reviewer, agency_user, handed_in):
    client.force_login(reviewer)
    preview = client.get(reverse("reviews:opinion_preview", args=[handed_in.pk]))
    client.force_login(agency_user)
    refused = client.get(reverse("reviews:opinion_preview", args=[handed_in.pk]))

    assert "草稿" in "\n".join(paragraphs(preview.content))
    assert refused.status_code == 404
    assert OpinionLetter.objects.count() == 0


def test_commented_docx_carries_each_comment_on_its_words_with_replies(
    client, reviewer, agency_user, handed_in
):
    quote = sentence_of(handed_in.text)
    start = handed_in.text.index(quote)
    thread = add_comment(
        report=handed_in, user=reviewer, body="数据来源？", span=(start, start + len(quote))
    )
    add_comment(report=handed_in, user=agency_user, body="来自年度统计。", parent=thread)
    client.force_login(agency_user)

    response = client.get(reverse("reviews:commented_docx", args=[handed_in.pk]))

    package = docx.Document(io.BytesIO(response.content)).part.package
    comments_part = next(p for p in package.parts if p.partname.endswith("/comments.xml"))
    comments = etree.fromstring(comments_part.blob)
    bodies = ["".join(c.itertext()) for c in comments.iter(f"{W}comment")]
    document = etree.fromstring(package.main_document_part.blob)
    inside, collecting = [], False
    for element in document.iter():
        if element.tag == f"{W}commentRangeStart":
            collecting = True
        elif element.tag == f"{W}commentRangeEnd":
            collecting = False
        elif element.tag == f"{W}t" and collecting:
            inside.append(element.text or "")
    assert response.status_code == 200
    assert len(bodies) == 1
    assert "数据来源？" in bodies[0]
    assert "来自年度统计。" in bodies[0]
    assert "".join(inside) == quote
