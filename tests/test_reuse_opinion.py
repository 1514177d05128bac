"""Last year's plans in the review opinion (审查意见书): only when the reviewer asks for them."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse

from reports.models import AgencyAlias, ReportingPeriod
from reports.services import submit_report, upload_report
from reviews.forms import OpinionForm
from reviews.models import OpinionLetter
from reviews.services import accept_report
from tests.reuse_reports import JUSTICE_2022, JUSTICE_2023, WATER_2023

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PLANS_HEADING = "关于上一年度工作安排的落实情况"


def hand_in(draft, agency, user, period, when):
    report = upload_report(
        agency=agency, period=period, user=user, filename="报告.txt", data=draft.data, at=when
    )
    return submit_report(report=report, user=user, at=when, agency_confirmed=True)


def letter_text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    tables = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), tables


@pytest.fixture
def accepted(agency, agency_user, period, reviewer):
    """The justice bureau's 2023 report, accepted, its 2022 report stored."""
    AgencyAlias.objects.create(agency=agency, name="甲县司法行政局")
    earlier = ReportingPeriod.objects.create(year=2022)
    hand_in(
        JUSTICE_2022, agency, agency_user, earlier, datetime.datetime(2023, 2, 20, tzinfo=SHANGHAI)
    )
    report = hand_in(
        JUSTICE_2023, agency, agency_user, period, datetime.datetime(2024, 2, 18, tzinfo=SHANGHAI)
    )
    return accept_report(report=report, user=reviewer)


def test_opinion_with_the_plans_table_when_chosen(client, reviewer, accepted):
    client.force_login(reviewer)

    client.post(reverse("reviews:opinion_send", args=[accepted.pk]), {"include_plans": "on"})

    text, rows = letter_text(OpinionLetter.objects.get().file.open("rb").read())
    assert PLANS_HEADING in text
    assert rows == [
        ["序号", "上一年度工作安排", "本年度报告中的落实情况"],
        ["1", JUSTICE_2022.sentence("P1"), JUSTICE_2023.sentence("N1")],
        ["2", JUSTICE_2022.sentence("P2"), "未见落实情况"],
        ["3", JUSTICE_2022.sentence("P3"), "未见落实情况"],
        ["4", JUSTICE_2022.sentence("P4"), JUSTICE_2023.sentence("N3")],
    ]


def test_opinion_without_the_plans_table_unless_chosen(client, reviewer, accepted):
    client.force_login(reviewer)

    client.post(reverse("reviews:opinion_send", args=[accepted.pk]), {})

    text, rows = letter_text(OpinionLetter.objects.get().file.open("rb").read())
    assert PLANS_HEADING not in text
    assert rows == []


def test_preview_with_the_plans_table_on_request(client, reviewer, accepted):
    client.force_login(reviewer)
    url = reverse("reviews:opinion_preview", args=[accepted.pk])

    with_plans, _rows = letter_text(client.get(url + "?plans=1").content)
    without, _rows = letter_text(client.get(url).content)

    assert (PLANS_HEADING in with_plans, PLANS_HEADING in without) == (True, False)


def test_plans_choice_offered_only_where_there_are_plans(
    client, reviewer, accepted, other_agency, outsider, other_reviewer, period
):
    alone = accept_report(
        report=hand_in(
            WATER_2023,
            other_agency,
            outsider,
            period,
            datetime.datetime(2024, 2, 1, tzinfo=SHANGHAI),
        ),
        user=other_reviewer,
    )
    client.force_login(reviewer)

    page = client.get(accepted.get_absolute_url()).content.decode()

    assert "include_plans" in OpinionForm(report=accepted).fields
    assert "include_plans" not in OpinionForm(report=alone).fields
    assert 'name="include_plans"' in page
    assert "?plans=1" in page
