"""Regions that nest: province → city → county; who sees what, and counts that roll up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.access import regions_for_user
from reports.models import Agency, Region, Role
from reviews.queries import counts_by_region, with_handed_in_report
from reviews.rollups import region_totals
from tests.conftest import make_report, make_user


@pytest.fixture
def province(period):
    """A province with two cities; the first city has two counties and agencies of its own."""
    top = Region.objects.create(name="湘省", code="430000", level="province")
    city = Region.objects.create(name="甲市", code="431000", level="city", parent=top)
    other_city = Region.objects.create(name="乙市", code="432000", level="city", parent=top)
    county = Region.objects.create(name="甲市东县", code="431001", parent=city)
    neighbour = Region.objects.create(name="甲市西县", code="431002", parent=city)
    far = Region.objects.create(name="乙市南县", code="432001", parent=other_city)
    agencies = {
        "city_office": Agency.objects.create(name="甲市司法局", region=city),
        "county_office": Agency.objects.create(name="甲市东县司法局", region=county),
        "county_silent": Agency.objects.create(name="甲市东县教育局", region=county),
        "neighbour_office": Agency.objects.create(name="甲市西县司法局", region=neighbour),
        "far_office": Agency.objects.create(name="乙市南县司法局", region=far),
    }
    clerk = make_user("clerk-p", Role.AGENCY, agency=agencies["city_office"])
    for key in ("city_office", "county_office", "neighbour_office", "far_office"):
        make_report(agencies[key], period, clerk)
    return {"top": top, "city": city, "county": county, "neighbour": neighbour, **agencies}


def reviewer_of(region, name):
    user = make_user(name, Role.REVIEWER)
    user.regions.add(region)
    return user


def seen(client, user) -> list[str]:
    client.force_login(user)
    rows = client.get(reverse("reviews:dashboard")).context["rows"]
    return sorted(row.agency.name for row in rows)


def test_county_reviewer_sees_the_county_only(client, province):
    assert seen(client, reviewer_of(province["county"], "county-r")) == [
        "甲市东县司法局",
        "甲市东县教育局",
    ]


def test_city_reviewer_sees_the_citys_own_agencies_and_its_counties(client, province):
    assert seen(client, reviewer_of(province["city"], "city-r")) == [
        "甲市东县司法局",
        "甲市东县教育局",
        "甲市司法局",
        "甲市西县司法局",
    ]


def test_province_reviewer_sees_everything_below(client, province):
    assert len(seen(client, reviewer_of(province["top"], "province-r"))) == 5


def test_county_reviewer_cannot_open_the_neighbouring_countys_report(client, province):
    client.force_login(reviewer_of(province["county"], "county-r"))
    neighbour_report = province["neighbour_office"].reports.get()

    page = client.get(neighbour_report.get_absolute_url())
    export = client.get(reverse("reviews:export"), {"format": "csv"})

    assert page.status_code == 404
    assert "甲市西县" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_moving_a_county_moves_what_its_city_reviewer_sees(client, province):
    city_reviewer = reviewer_of(province["city"], "city-r")
    before = seen(client, city_reviewer)
    county = province["county"]
    county.parent = Region.objects.get(code="432000")
    county.save()

    after = seen(client, city_reviewer)

    assert len(before) - len(after) == 2
    assert Region.objects.get(pk=county.pk).path.startswith(Region.objects.get(code="432000").path)


def test_region_totals_roll_up_and_equal_the_sum_of_their_parts(province, period):
    user = reviewer_of(province["top"], "province-r")

    rows = region_totals(
        counts_by_region(with_handed_in_report(Agency.objects.all(), period)),
        regions_for_user(user),
    )

    by_name = {row.region.name: row for row in rows}
    assert [row.region.name for row in rows] == [
        "湘省",
        "甲市",
        "甲市东县",
        "甲市西县",
        "乙市",
        "乙市南县",
    ]
    assert by_name["甲市"].total["expected"] == 4
    assert by_name["甲市"].own["expected"] == 1
    assert by_name["湘省"].total["expected"] == 5
    for row in rows:
        for key in ("expected", "submitted", "complete", "overdue"):
            assert row.total[key] == row.own[key] + sum(child.total[key] for child in row.children)


def test_filtering_by_a_city_takes_in_its_counties(client, province):
    client.force_login(reviewer_of(province["top"], "province-r"))

    rows = client.get(reverse("reviews:dashboard"), {"region": "431000"}).context["rows"]
    page = client.get(reverse("reviews:dashboard")).content.decode()

    assert sorted(row.agency.name for row in rows) == [
        "甲市东县司法局",
        "甲市东县教育局",
        "甲市司法局",
        "甲市西县司法局",
    ]
    assert 'href="?region=431000"' in page
