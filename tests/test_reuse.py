"""Reused text and last year's plans through the pages: who sees which source, and what of it."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reports.models import Agency, AgencyAlias, Report, ReportingPeriod, Role
from reports.parsing import check_text
from reports.parsing.body import sentences_of
from reports.services import submit_report, upload_report
from reviews.models import BandKey, CommonPhrases, Comparison, ReportFingerprint, ReusedSource
from reviews.reuse.services import compare_report, prepare
from reviews.services import return_report
from tests.conftest import make_user
from tests.reuse_reports import (
    JUSTICE,
    JUSTICE_2022,
    JUSTICE_2023,
    JUSTICE_TEMPLATE_2023,
    KEPT_2023,
    WATER,
    WATER_2023,
    WATER_TEMPLATE_2023,
    Draft,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TEMPLATE = ("T1", "T2", "T3", "T4", "T5")


def at(month: int, day: int, year: int = 2024) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=SHANGHAI)


def upload(draft: Draft, agency, user, period, when=None):
    return upload_report(
        agency=agency,
        period=period,
        user=user,
        filename="报告.txt",
        data=draft.data,
        at=(when or at(2, 1)) - datetime.timedelta(hours=1),
    )


def hand_in(draft: Draft, agency, user, period, when):
    report = upload(draft, agency, user, period, when)
    return submit_report(report=report, user=user, at=when, agency_confirmed=True)


def passages_expected(draft: Draft, kept) -> list[str]:
    """The runs of kept sentences, paragraph by paragraph: the passages the page should show."""
    runs = []
    for paragraphs in draft.parts.values():
        for paragraph in paragraphs:
            run = ""
            for key in paragraph:
                if key in kept:
                    run += draft.sentence(key)
                elif run:
                    runs.append(run)
                    run = ""
            if run:
                runs.append(run)
    return runs


def body_share(draft: Draft, kept) -> float:
    """The kept sentences' share of the body, counted in characters as written."""
    result = check_text(draft.text, period_year=draft.year)
    body = sum(s.end - s.start for s in sentences_of(result))
    return sum(len(draft.sentence(key)) for key in kept) / body


def reused_spans(html: str) -> str:
    """The text the page marks as reused, in reading order."""
    pieces = r'<span class="[^"]*\bhl-reuse\b[^"]*"[^>]* data-start="\d+">([^<]*)</span>'
    return "".join(re.findall(pieces, html))


@pytest.fixture
def period_2022(db):
    return ReportingPeriod.objects.create(year=2022)


@pytest.fixture
def justice(agency):
    """The conftest agency, 甲县司法局, which called itself 甲县司法行政局 before."""
    AgencyAlias.objects.create(agency=agency, name="甲县司法行政局")
    return agency


@pytest.fixture
def water(region):
    return Agency.objects.create(name=WATER, region=region)


@pytest.fixture
def water_clerk(water):
    return make_user("water-clerk", Role.AGENCY, agency=water)


@pytest.fixture
def two_years(justice, agency_user, period, period_2022):
    """The justice bureau's reports on 2022 and on 2023, the later keeping KEPT_2023."""
    earlier = hand_in(JUSTICE_2022, justice, agency_user, period_2022, at(2, 20, 2023))
    later = hand_in(JUSTICE_2023, justice, agency_user, period, at(2, 18))
    return earlier, later


def test_review_page_shows_the_share_and_exactly_the_kept_passages(client, reviewer, two_years):
    _earlier, later = two_years
    client.force_login(reviewer)

    response = client.get(later.get_absolute_url())

    reuse = response.context["reuse"]
    expected = passages_expected(JUSTICE_2023, KEPT_2023)
    assert [(s.agency, s.year, s.same_agency) for s in reuse.sources] == [(JUSTICE, 2022, True)]
    assert [p.text for p in reuse.sources[0].passages] == expected
    assert reuse.share == pytest.approx(body_share(JUSTICE_2023, KEPT_2023), abs=0.03)
    assert reused_spans(response.content.decode()) == "".join(expected)


def test_review_page_gives_each_part_its_share_and_length(client, reviewer, two_years):
    _earlier, later = two_years
    client.force_login(reviewer)

    parts = {p.key: p for p in client.get(later.get_absolute_url()).context["reuse"].parts}

    lengths = ReportFingerprint.objects.get(report=later).part_lengths
    assert {key: part.chars for key, part in parts.items()} == lengths
    assert lengths["measures"] > lengths["leadership"] > 0
    assert parts["plans"].share == 0
    assert parts["shortcomings"].share == pytest.approx(
        sum(len(JUSTICE_2023.sentence(k)) for k in ("S1", "S3"))
        / sum(len(JUSTICE_2023.sentence(k)) for k in ("S1", "N6", "S3")),
        abs=0.05,
    )


def test_passage_links_to_its_place_in_the_source(client, reviewer, two_years):
    earlier, later = two_years
    client.force_login(reviewer)

    source = client.get(later.get_absolute_url()).context["reuse"].sources[0]
    target_url, anchor = source.passages[0].elsewhere.split("#")
    earlier_page = client.get(target_url)

    assert target_url == earlier.get_absolute_url()
    assert f'id="{anchor}"' in earlier_page.content.decode()


def test_independent_reports_share_next_to_nothing(
    client, reviewer, justice, water, agency_user, water_clerk, period
):
    hand_in(JUSTICE_2023, justice, agency_user, period, at(2, 10))
    water_report = hand_in(WATER_2023, water, water_clerk, period, at(2, 20))
    client.force_login(reviewer)

    reuse = client.get(water_report.get_absolute_url()).context["reuse"]

    assert (reuse.sources, reuse.compared) == ((), True)
    assert reuse.share < 0.02


def test_template_counts_for_the_later_report_only(
    client, reviewer, justice, water, agency_user, water_clerk, period
):
    # The water bureau uploads first, hands in last: "earlier" is by hand-in.
    water_draft = upload(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 1))
    first = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    second = submit_report(report=water_draft, user=water_clerk, at=at(2, 20))
    client.force_login(reviewer)

    later_reuse = client.get(second.get_absolute_url()).context["reuse"]
    earlier_reuse = client.get(first.get_absolute_url()).context["reuse"]

    assert [(s.agency, s.same_agency) for s in later_reuse.sources] == [(JUSTICE, False)]
    assert [p.text for p in later_reuse.sources[0].passages] == passages_expected(
        WATER_TEMPLATE_2023, TEMPLATE
    )
    assert later_reuse.share == pytest.approx(body_share(WATER_TEMPLATE_2023, TEMPLATE), abs=0.03)
    assert (earlier_reuse.share, earlier_reuse.sources) == (0, ())
    assert [(s.agency, len(s.passages)) for s in earlier_reuse.later] == [(WATER, 5)]


def test_earlier_report_notes_its_reuse_to_the_legal_office_only(
    client, reviewer, justice, water, agency_user, water_clerk, period
):
    first = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))

    client.force_login(reviewer)
    for_reviewer = client.get(first.get_absolute_url()).content.decode()
    client.force_login(agency_user)
    for_agency = client.get(first.get_absolute_url())

    assert 'id="reused-by"' in for_reviewer
    assert WATER in for_reviewer
    assert for_agency.context["reuse"].later == ()
    assert 'id="reused-by"' not in for_agency.content.decode()
    assert WATER not in for_agency.content.decode()


def test_agency_preview_shows_its_own_earlier_report_never_another_agencys(
    client, justice, water, agency_user, water_clerk, period, period_2022, reviewer
):
    hand_in(JUSTICE_2022, justice, agency_user, period_2022, at(2, 20, 2023))
    hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 5))
    mixed = Draft(
        JUSTICE,
        2023,
        {
            "measures": [["M1", "T1", "T2"], ["M5", "T3", "T4"], ["T5", "N5"]],
            "shortcomings": [["S1", "N6"]],
            "leadership": [["N7", "L1"]],
            "plans": [["N8", "N9"]],
        },
        shift=3,
    )
    draft = upload(mixed, justice, agency_user, period)
    client.force_login(agency_user)

    preview = client.get(draft.get_absolute_url())

    own = ("M1", "M5", "S1", "L1")
    reuse = preview.context["reuse"]
    assert reuse.own_only
    assert [(s.agency, s.year) for s in reuse.sources] == [(JUSTICE, 2022)]
    assert [p.text for p in reuse.sources[0].passages] == passages_expected(mixed, own)
    assert reuse.share == pytest.approx(body_share(mixed, own), abs=0.03)
    assert WATER not in preview.content.decode()
    assert reused_spans(preview.content.decode()) == "".join(passages_expected(mixed, own))
    # Handed in, the legal office sees the template too.
    submit_report(report=draft, user=agency_user, at=at(2, 25))
    client.force_login(reviewer)
    for_office = client.get(draft.get_absolute_url()).context["reuse"]
    assert {(s.agency, s.same_agency) for s in for_office.sources} == {
        (JUSTICE, True),
        (WATER, False),
    }
    assert for_office.share > reuse.share + 0.2


def test_reviewer_of_another_county_sees_nothing_of_it(
    client, other_reviewer, other_agency, outsider, justice, water, agency_user, water_clerk, period
):
    # The same template handed in first in the other county: no source for this county.
    hand_in(
        Draft(other_agency.name, 2023, JUSTICE_TEMPLATE_2023.parts, shift=1),
        other_agency,
        outsider,
        period,
        at(2, 1),
    )
    first = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    second = hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))
    client.force_login(other_reviewer)

    pages = [client.get(r.get_absolute_url()).status_code for r in (first, second)]
    dashboard = client.get(reverse("reviews:dashboard"))

    assert pages == [404, 404]
    assert [row.agency for row in dashboard.context["rows"]] == [other_agency]
    assert JUSTICE not in dashboard.content.decode()
    assert [s.region for s in dashboard.context["reuse_story"]] == ["乙县"]
    assert list(ReusedSource.objects.filter(report=first).values_list("source", flat=True)) == []
    assert list(
        ReusedSource.objects.filter(report=second).values_list("source__agency__name", flat=True)
    ) == [JUSTICE]


def test_reuse_above_the_threshold_is_a_finding(client, reviewer, region, two_years):
    _earlier, later = two_years
    client.force_login(reviewer)
    below = client.get(later.get_absolute_url()).context["findings"]
    region.reuse_threshold = 40
    region.save(update_fields=["reuse_threshold"])

    above = client.get(later.get_absolute_url()).context["findings"]

    assert "text_reused" not in [f.code for f in below]
    assert [(f.code, f.severity, f.target) for f in above if f.code == "text_reused"] == [
        ("text_reused", "warning", "reuse")
    ]


def test_plans_of_last_year_are_matched_to_this_years_measures(client, reviewer, two_years):
    _earlier, later = two_years
    client.force_login(reviewer)

    response = client.get(later.get_absolute_url())

    plans = response.context["reuse"].plans
    assert plans.year == 2022
    assert [(row.plan, row.passage) for row in plans.rows] == [
        (JUSTICE_2022.sentence("P1"), JUSTICE_2023.sentence("N1")),
        (JUSTICE_2022.sentence("P2"), ""),
        (JUSTICE_2022.sentence("P3"), ""),
        (JUSTICE_2022.sentence("P4"), JUSTICE_2023.sentence("N3")),
    ]
    assert response.content.decode().count("未见落实情况") == 2
    assert Comparison.objects.filter(report=later).values_list(
        "plans_total", "plans_followed"
    ).get() == (4, 2)


def test_plans_appear_once_last_years_report_is_handed_in(
    client, justice, agency_user, period, period_2022
):
    draft = upload(JUSTICE_2023, justice, agency_user, period)
    before = Comparison.objects.get(report=draft)

    hand_in(JUSTICE_2022, justice, agency_user, period_2022, at(2, 20, 2023))

    after = Comparison.objects.get(report=draft)
    assert (before.plans_total, before.own_share) == (0, 0)
    assert (after.plans_total, after.plans_followed) == (4, 2)
    assert after.own_share == pytest.approx(body_share(JUSTICE_2023, KEPT_2023), abs=0.03)
    # The dashboard reads the same figures from the report itself.
    draft.refresh_from_db()
    assert (draft.reuse_share, draft.plans_total, draft.plans_followed) == (after.share, 4, 2)


def test_report_without_a_fingerprint_loses_its_comparison_figures_too(
    justice, agency_user, period
):
    draft = upload(JUSTICE_2023, justice, agency_user, period)
    draft.refresh_from_db()
    assert draft.reuse_share == Comparison.objects.get(report=draft).share

    ReportFingerprint.objects.filter(report=draft).delete()
    compare_report(report=draft)

    draft.refresh_from_db()
    assert not Comparison.objects.filter(report=draft).exists()
    assert (draft.reuse_share, draft.plans_total, draft.plans_followed) == (None, 0, 0)


def test_comparison_figures_copied_onto_reports_compared_before_the_columns(two_years):
    from importlib import import_module

    from django.apps import apps

    _earlier, later = two_years
    stored = Comparison.objects.get(report=later)
    Report.objects.update(reuse_share=None, plans_total=0, plans_followed=0)

    migration = import_module("reviews.migrations.0009_copy_comparison_figures")
    migration.copy_comparison_figures(apps, None)

    later.refresh_from_db()
    assert (later.reuse_share, later.plans_total, later.plans_followed) == (
        stored.share,
        stored.plans_total,
        stored.plans_followed,
    )


def test_replaced_draft_keeps_only_its_new_fingerprint(justice, agency_user, period):
    first = upload(JUSTICE_2023, justice, agency_user, period)
    second = upload(WATER_2023, justice, agency_user, period)

    result = check_text(WATER_2023.text, period_year=2023, agency_names=justice.all_names())
    expected = prepare(result, agency_names=justice.all_names())
    stored = ReportFingerprint.objects.get(report=second)
    assert second.pk == first.pk
    assert bytes(stored.data) == expected.data
    assert sorted(BandKey.objects.filter(report=second).values_list("band", "key")) == sorted(
        expected.keys
    )


def test_refreshreuse_fingerprints_reports_stored_without_and_counts_phrases(report, other_report):
    out = io.StringIO()
    with translation.override("en"):
        call_command("refreshreuse", "--compare", stdout=out)

    assert set(ReportFingerprint.objects.values_list("report", flat=True)) == {
        report.pk,
        other_report.pk,
    }
    assert CommonPhrases.objects.get().documents == 2
    assert set(Comparison.objects.values_list("report", "share")) == {
        (report.pk, 0.0),
        (other_report.pk, 0.0),
    }
    assert out.getvalue().splitlines() == [
        "Fingerprinted 2 report versions; common phrases counted over 2 reports.",
        "Compared 2 report versions again.",
    ]


def test_report_page_without_a_comparison_shows_no_reuse(client, reviewer, report):
    client.force_login(reviewer)

    response = client.get(report.get_absolute_url())

    assert response.context["reuse"].compared is False
    assert 'id="reuse"' not in response.content.decode()


def test_stored_reports_of_another_agency_are_never_its_draft_sources(
    justice, water, agency_user, water_clerk, period
):
    # A draft is nobody's source until it is handed in.
    upload(JUSTICE_TEMPLATE_2023, justice, agency_user, period)
    water_report = hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))

    assert Comparison.objects.get(report=water_report).share == 0


def test_version_sent_again_is_not_blamed_for_a_report_handed_in_after_its_first(
    client, reviewer, justice, water, agency_user, water_clerk, period
):
    first = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))
    return_report(report=first, user=reviewer, message="请补充。")
    corrected = Draft(JUSTICE, 2023, JUSTICE_TEMPLATE_2023.parts, shift=5)
    again = hand_in(corrected, justice, agency_user, period, at(2, 25))
    call_command("refreshreuse", "--compare", stdout=io.StringIO())

    shares = dict(
        Comparison.objects.filter(report__period=period).values_list("report__agency", "share")
    )

    assert again.version == 2
    assert shares[justice.pk] == 0
    assert shares[water.pk] == pytest.approx(body_share(WATER_TEMPLATE_2023, TEMPLATE), abs=0.03)


def test_source_is_named_but_not_linked_where_the_reviewer_may_not_open_it(
    client, reviewer, justice, water, agency_user, water_clerk, period, other_region
):
    source = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    later = hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))
    # The justice bureau now belongs to the other county's office.
    justice.region = other_region
    justice.save(update_fields=["region"])
    client.force_login(reviewer)

    response = client.get(later.get_absolute_url())

    (shown,) = response.context["reuse"].sources
    assert (shown.agency, shown.url) == (JUSTICE, "")
    assert {p.elsewhere for p in shown.passages} == {""}
    assert source.get_absolute_url() not in response.content.decode()


def test_earlier_report_compared_with_nothing_still_notes_its_later_reuse(
    client, reviewer, justice, water, agency_user, water_clerk, period
):
    first = hand_in(JUSTICE_TEMPLATE_2023, justice, agency_user, period, at(2, 10))
    hand_in(WATER_TEMPLATE_2023, water, water_clerk, period, at(2, 20))
    Comparison.objects.filter(report=first).delete()
    client.force_login(reviewer)

    reuse = client.get(first.get_absolute_url()).context["reuse"]

    assert (reuse.compared, [s.agency for s in reuse.later]) == (False, [WATER])


def test_passage_on_a_later_page_of_a_long_text_links_to_that_page(
    client, reviewer, justice, agency_user, period, period_2022
):
    hand_in(JUSTICE_2022, justice, agency_user, period_2022, at(2, 20, 2023))
    filler = "围绕年度目标逐月调度各项任务，确保第{n}项工作按期完成并及时报送进展情况。"
    lines = ["".join(filler.format(n=n) for n in range(i, i + 10)) for i in range(0, 1500, 10)]
    long_text = JUSTICE_2023.text.replace(
        "（一）夯实基层基础\n", "（一）夯实基层基础\n" + "\n".join(lines) + "\n"
    )
    report = upload_report(
        agency=justice,
        period=period,
        user=agency_user,
        filename="报告.txt",
        data=long_text.encode(),
        at=at(2, 17),
    )
    report = submit_report(report=report, user=agency_user, at=at(2, 18))
    client.force_login(reviewer)

    first_page = client.get(report.get_absolute_url())
    (source,) = first_page.context["reuse"].sources
    passage = source.passages[0]
    later_page = client.get(report.get_absolute_url() + passage.href.split("#")[0])

    assert len(report.page_starts) > 1
    assert passage.href == f"?page=2#{passage.anchor}"
    assert f'id="{passage.anchor}"' not in first_page.content.decode()
    assert f'id="{passage.anchor}"' in later_page.content.decode()
