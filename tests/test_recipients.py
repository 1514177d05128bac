"""Whom a report goes to: suggested by kind of agency, corrected at hand-in, kept per version,
shown to the legal office and in the review opinion."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from reports.models import Agency, Region, Report
from reports.recipients import Recipients, usual_recipients
from reports.services import submit_report, upload_report
from reviews.services import return_report
from tests.samples import COMPLETE, demo_bytes


@pytest.fixture
def city(db):
    return Region.objects.create(name="丙市", code="130000", level=Region.Level.CITY)


@pytest.fixture
def county(city):
    return Region.objects.create(name="丙县", code="130001", parent=city)


@pytest.mark.parametrize(
    ("kind", "superior", "expected"),
    [
        (
            Agency.Kind.DEPARTMENT,
            "丙市司法局",
            Recipients(
                ("中共丙县委", "丙县人民政府", "丙市司法局"),
                ("中共丙县委全面依法治县委员会办公室",),
            ),
        ),
        (
            Agency.Kind.DEPARTMENT,
            "",
            Recipients(("中共丙县委", "丙县人民政府"), ("中共丙县委全面依法治县委员会办公室",)),
        ),
        (
            Agency.Kind.TOWNSHIP,
            "",
            Recipients(("中共丙县委", "丙县人民政府"), ("中共丙县委全面依法治县委员会办公室",)),
        ),
        (
            Agency.Kind.GOVERNMENT,
            "",
            Recipients(
                ("中共丙县委", "丙县人大常委会", "中共丙市委", "丙市人民政府"),
                ("中共丙县委全面依法治县委员会办公室",),
            ),
        ),
    ],
)
def test_usual_recipients_follow_the_kind_of_agency(county, kind, superior, expected):
    agency = Agency.objects.create(
        name="丙县某单位", region=county, kind=kind, superior_department=superior
    )

    assert usual_recipients(agency) == expected


def test_a_province_reports_to_the_centre(db):
    province = Region.objects.create(name="丁省", code="140000", level=Region.Level.PROVINCE)
    agency = Agency.objects.create(name="丁省人民政府", region=province, kind=Agency.Kind.PROVINCE)

    assert usual_recipients(agency).reported_to == (
        "中共中央",
        "国务院",
        "中共丁省委",
        "丁省人大常委会",
    )


def test_hand_in_form_starts_with_the_usual_recipients(client, agency_user, draft):
    client.force_login(agency_user)

    page = client.get(reverse("reports:submit", args=[draft.pk])).content.decode()

    assert "中共甲县委\n甲县人民政府</textarea>" in page
    assert "中共甲县委全面依法治县委员会办公室</textarea>" in page


def test_recipients_given_at_hand_in_are_kept_with_the_version_and_suggested_next_time(
    client, agency_user, reviewer, draft
):
    client.force_login(agency_user)

    client.post(
        reverse("reports:submit", args=[draft.pk]),
        {
            "reported_to": "中共甲县委、甲县人民政府\n\n甲市司法局\n甲县人民政府",
            "copied_to": "甲县依法治县办",
            "agency_confirmed": "on",
        },
    )
    draft.refresh_from_db()
    return_report(report=draft, user=reviewer, message="请补充。")
    revised = upload_report(
        agency=draft.agency,
        period=draft.period,
        user=agency_user,
        filename="修改稿.txt",
        data=demo_bytes(COMPLETE) + b"\n",
    )
    form = client.get(reverse("reports:submit", args=[revised.pk])).content.decode()

    assert (draft.status, draft.reported_to, draft.copied_to) == (
        "submitted",
        ["中共甲县委", "甲县人民政府", "甲市司法局"],
        ["甲县依法治县办"],
    )
    assert "中共甲县委\n甲县人民政府\n甲市司法局</textarea>" in form


@pytest.mark.parametrize(
    ("reported_to", "error"),
    [
        ("  \n ", "请至少填写一个报送机关。"),
        ("\n".join(f"机关{n}" for n in range(21)), "报送机关最多 20 个，每行一个。"),
        ("长" * 101, "报送机关名称最多 100 个字"),
    ],
)
def test_hand_in_refuses_recipients_it_cannot_keep(client, agency_user, draft, reported_to, error):
    client.force_login(agency_user)

    response = client.post(
        reverse("reports:submit", args=[draft.pk]),
        {"reported_to": reported_to, "agency_confirmed": "on"},
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert error in response.content.decode()
    assert (draft.status, draft.reported_to) == ("draft", [])


def test_reviewer_sees_the_recipients_on_the_report_and_in_the_opinion(
    client, agency_user, reviewer, draft
):
    submit_report(
        report=draft,
        user=agency_user,
        agency_confirmed=True,
        recipients=Recipients(("中共甲县委", "甲县人民政府"), ("甲县依法治县办",)),
    )
    client.force_login(reviewer)

    page = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    opinion = client.get(reverse("reviews:opinion_preview", args=[draft.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(opinion.content)).paragraphs)

    assert "报送：中共甲县委、甲县人民政府 · 抄送：甲县依法治县办" in page
    assert "该报告报送中共甲县委、甲县人民政府，抄送甲县依法治县办。" in text


def test_a_submission_without_recipients_given_records_the_suggested_ones(agency_user, draft):
    report = submit_report(report=draft, user=agency_user, agency_confirmed=True)

    assert Report.objects.get(pk=report.pk).reported_to == ["中共甲县委", "甲县人民政府"]
