"""Reused text on the dashboard and in the completeness export: column, filter, sort, figures."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from reports.models import Agency, AgencyAlias, Region, ReportingPeriod, Role
from reports.services import submit_report, upload_report
from reviews.models import Comparison
from tests.conftest import make_user
from tests.reuse_reports import JUSTICE_2022, JUSTICE_2023, WATER, WATER_2023

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def hand_in(draft, agency, period, when):
    clerk = agency.users.first() or make_user(f"clerk-{agency.pk}", Role.AGENCY, agency=agency)
    report = upload_report(
        agency=agency, period=period, user=clerk, filename="报告.txt", data=draft.data, at=when
    )
    return submit_report(report=report, user=clerk, at=when, agency_confirmed=True)


@pytest.fixture
def county(region, agency, period):
    """甲县 with its threshold at 40 %: the justice bureau repeats 2022 (about 46 %), the water
    bureau writes its own, the education bureau has handed in nothing."""
    region.reuse_threshold = 40
    region.save(update_fields=["reuse_threshold"])
    AgencyAlias.objects.create(agency=agency, name="甲县司法行政局")
    water = Agency.objects.create(name=WATER, region=region)
    Agency.objects.create(name="甲县教育局", region=region)
    earlier = ReportingPeriod.objects.create(year=2022)
    hand_in(JUSTICE_2022, agency, earlier, datetime.datetime(2023, 2, 20, tzinfo=SHANGHAI))
    justice = hand_in(JUSTICE_2023, agency, period, datetime.datetime(2024, 2, 18, tzinfo=SHANGHAI))
    water_report = hand_in(
        WATER_2023, water, period, datetime.datetime(2024, 2, 19, tzinfo=SHANGHAI)
    )
    return {"justice": justice, "water": water_report}


def shares(rows):
    return [(row.agency.name, None if row.reuse is None else round(row.reuse, 2)) for row in rows]


def test_dashboard_shows_the_reuse_of_each_report(client, reviewer, county):
    client.force_login(reviewer)

    rows = client.get(reverse("reviews:dashboard")).context["rows"]

    justice_share = round(Comparison.objects.get(report=county["justice"]).share, 2)
    assert sorted(shares(rows)) == [
        ("甲县司法局", justice_share),
        ("甲县教育局", None),
        (WATER, 0.0),
    ]
    assert [row.agency.name for row in rows if row.reuse_flagged] == ["甲县司法局"]


def test_dashboard_filter_keeps_reports_at_the_threshold(client, reviewer, county):
    client.force_login(reviewer)

    rows = client.get(reverse("reviews:dashboard") + "?reused=on").context["rows"]

    assert [row.agency.name for row in rows] == ["甲县司法局"]


def test_dashboard_filter_follows_each_offices_threshold(client, reviewer, region, county):
    region.reuse_threshold = 50
    region.save(update_fields=["reuse_threshold"])
    client.force_login(reviewer)

    rows = client.get(reverse("reviews:dashboard") + "?reused=on").context["rows"]

    assert rows == []


def test_dashboard_filter_names_the_threshold(client, reviewer, county):
    client.force_login(reviewer)

    form = client.get(reverse("reviews:dashboard")).context["form"]

    assert str(form.fields["reused"].label) == "重复率 ≥ 40%"


def test_dashboard_sorts_on_reuse(client, reviewer, county):
    client.force_login(reviewer)

    down = client.get(reverse("reviews:dashboard") + "?sort=-reuse").context["rows"]
    up = client.get(reverse("reviews:dashboard") + "?sort=reuse").context["rows"]

    assert [row.agency.name for row in down] == ["甲县司法局", WATER, "甲县教育局"]
    assert [row.agency.name for row in up] == [WATER, "甲县司法局", "甲县教育局"]


def test_dashboard_tells_the_regions_story_in_numbers(client, reviewer, county):
    client.force_login(reviewer)

    (story,) = client.get(reverse("reviews:dashboard")).context["reuse_story"]

    justice_share = Comparison.objects.get(report=county["justice"]).share
    assert (story.region, story.threshold, story.compared, story.flagged) == ("甲县", 40, 2, 1)
    assert story.median == pytest.approx(justice_share / 2)
    assert (story.plans, story.followed) == (4, 2)


def test_export_carries_the_reuse_column(client, reviewer, county):
    client.force_login(reviewer)
    justice_percent = round(Comparison.objects.get(report=county["justice"]).share * 100)

    response = client.get(reverse("reviews:export") + "?format=csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("reviews:export") + "?format=xlsx").streaming_content)
        )
    )
    sheet = workbook.worksheets[0]

    column = table[0].index("重复率（%）")
    assert {row[1]: row[column] for row in table[1:]} == {
        "甲县司法局": str(justice_percent),
        "甲县教育局": "",
        WATER: "0",
    }
    xlsx = {row[1]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert xlsx == {"甲县司法局": justice_percent, "甲县教育局": None, WATER: 0}
    assert sheet.cell(row=1, column=column + 1).value == "重复率（%）"


def test_a_citys_story_adds_up_its_counties_each_at_its_own_threshold(
    client, region, other_region, county
):
    """甲县 flags at 40 % (its justice bureau); 乙县 sets 90 %, and its copy of 甲县's report is
    not flagged: reuse is sought within a county and in the agency's own earlier years."""
    city = Region.objects.create(name="丙市", code="130000", level=Region.Level.CITY)
    for county_region in (region, other_region):
        county_region.parent = city
        county_region.save()
    other_region.reuse_threshold = 90
    other_region.save(update_fields=["reuse_threshold"])
    copier = Agency.objects.create(name="乙县司法局", region=other_region)
    hand_in(
        JUSTICE_2023,
        copier,
        county["justice"].period,
        datetime.datetime(2024, 2, 25, tzinfo=SHANGHAI),
    )
    city_reviewer = make_user("city-reviewer", Role.REVIEWER)
    city_reviewer.regions.set([city])
    client.force_login(city_reviewer)

    story = {s.region: s for s in client.get(reverse("reviews:dashboard")).context["reuse_story"]}

    assert list(story) == ["丙市", "甲县", "乙县"]
    assert (story["丙市"].compared, story["丙市"].flagged, story["丙市"].threshold) == (3, 1, None)
    assert (story["甲县"].compared, story["甲县"].flagged) == (2, 1)
    assert (story["乙县"].compared, story["乙县"].threshold) == (1, 90)


@pytest.mark.parametrize("threshold", [29, 57, 58])
def test_a_share_exactly_at_the_threshold_is_flagged_on_the_report_and_the_dashboard_alike(
    client, reviewer, region, county, threshold
):
    # 0.29 * 100 is 28.999999999999996 in floating point: at 29 % the share must still count.
    region.reuse_threshold = threshold
    region.save(update_fields=["reuse_threshold"])
    justice = county["justice"]
    Comparison.objects.filter(report=justice).update(share=threshold / 100, own_share=0)
    type(justice).objects.filter(pk=justice.pk).update(reuse_share=threshold / 100)
    client.force_login(reviewer)

    filtered = client.get(reverse("reviews:dashboard") + "?reused=on").context["rows"]
    page = client.get(justice.get_absolute_url()).content.decode()

    assert region.flags_reuse(threshold / 100)
    assert not region.flags_reuse(threshold / 100 - 1e-9)
    assert [row.agency.name for row in filtered] == ["甲县司法局"]
    assert "badge-warning reuse__share" in page
