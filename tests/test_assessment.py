"""The year's assessment: a rubric computed for a period that mixes every case, a reviewer's
changes to it, the score on the dashboard and in the export, and the circular list."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Agency, DeadlineExtension, ReportingPeriod, Role
from reports.services import record_publication, submit_report, upload_report
from reviews.assessment import USUAL_ITEMS, Scorer, fact_values, start_rubric
from reviews.models import AssessmentOverride, Rubric, RubricItem
from reviews.queries import circular, with_handed_in_report
from reviews.services import (
    DecisionRefused,
    accept_report,
    confirm_exemption,
    override_assessment,
    return_report,
    start_review,
)
from tests.conftest import make_user
from tests.parsing.text_samples import THIN_LEADERSHIP, VAGUE_SHORTCOMINGS, substantial_report
from tests.samples import COMPLETE, INCOMPLETE, PARTIAL, demo_bytes

OTHER_COUNTY = "linxian_sifaju_complete.txt"
TRADITIONAL = "gaoxinqu_complete_traditional.txt"

Rule = RubricItem.Rule
TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def year(db):
    """Both deadlines have passed: every item of the rubric can be decided."""
    return ReportingPeriod.objects.create(
        year=TODAY.year - 1,
        submission_deadline=TODAY - datetime.timedelta(days=30),
        publication_deadline=TODAY - datetime.timedelta(days=5),
    )


class Office:
    """Agencies of one region handing in, and the legal office deciding, on given days."""

    def __init__(self, region, period, reviewer):
        self.region, self.period, self.reviewer = region, period, reviewer

    def agency(self, name: str) -> tuple[Agency, object]:
        agency = Agency.objects.create(name=name, region=self.region)
        return agency, make_user(f"staff-{agency.pk}", Role.AGENCY, agency=agency)

    def hand_in(self, agency, user, data: bytes, *, days: int):
        draft = upload_report(
            agency=agency, period=self.period, user=user, filename="报告.txt", data=data
        )
        return submit_report(report=draft, user=user, agency_confirmed=True, at=days_ago(days))

    def accept(self, report, *, days: int):
        return accept_report(report=report, user=self.reviewer, at=days_ago(days))

    def publish(self, report, user, *, on: datetime.date):
        return record_publication(
            report=report, user=user, url="https://www.example.gov.cn/nb.html", published_on=on
        )


@pytest.fixture
def mixed(region, year, reviewer):
    """One agency for each case the rubric decides; returns them by name."""
    office = Office(region, year, reviewer)
    agencies = {}

    punctual, staff = office.agency("甲县准时局")
    report = office.accept(office.hand_in(punctual, staff, demo_bytes(COMPLETE), days=40), days=35)
    office.publish(report, staff, on=TODAY - datetime.timedelta(days=10))
    agencies["punctual"] = punctual

    agencies["silent"], _ = office.agency("甲县未报局")

    tardy, staff = office.agency("甲县迟报局")
    report = office.accept(office.hand_in(tardy, staff, demo_bytes(OTHER_COUNTY), days=20), days=15)
    office.publish(report, staff, on=TODAY - datetime.timedelta(days=2))
    agencies["tardy"] = tardy

    gappy, staff = office.agency("甲县缺项局")
    data = demo_bytes(INCOMPLETE)
    first = office.hand_in(gappy, staff, data, days=50)
    return_report(report=first, user=reviewer, message="请补充。", at=days_ago(48))
    second = office.hand_in(gappy, staff, data + b"\n", days=46)
    return_report(report=second, user=reviewer, message="仍缺少部分。", at=days_ago(45))
    third = office.accept(office.hand_in(gappy, staff, data + b"\n\n", days=44), days=43)
    office.publish(third, staff, on=TODAY - datetime.timedelta(days=20))
    agencies["gappy"] = gappy

    hollow, staff = office.agency("甲县空话局")
    text = substantial_report(leadership=THIN_LEADERSHIP, shortcomings=VAGUE_SHORTCOMINGS)
    report = office.accept(office.hand_in(hollow, staff, text.encode(), days=40), days=39)
    publication = record_publication(report=report, user=staff, exempt=True, reason="涉密")
    confirm_exemption(publication=publication, user=reviewer)
    agencies["hollow"] = hollow

    quiet, staff = office.agency("甲县未公开局")
    office.accept(office.hand_in(quiet, staff, demo_bytes(TRADITIONAL), days=40), days=38)
    agencies["quiet"] = quiet

    excused, _ = office.agency("甲县延期局")
    DeadlineExtension.objects.create(
        agency=excused,
        period=year,
        until=TODAY + datetime.timedelta(days=10),
        reason="机构改革",
        granted_by=reviewer,
    )
    agencies["excused"] = excused

    pending, staff = office.agency("甲县审查中局")
    report = office.hand_in(pending, staff, demo_bytes(PARTIAL), days=40)
    start_review(report=report, user=reviewer)
    agencies["pending"] = pending

    # The first agency's report again, handed in after it: reused text.
    copycat, staff = office.agency("甲县照抄局")
    report = office.accept(office.hand_in(copycat, staff, demo_bytes(COMPLETE), days=33), days=32)
    office.publish(report, staff, on=TODAY - datetime.timedelta(days=10))
    agencies["copycat"] = copycat
    return agencies


def assessments(period):
    agencies = with_handed_in_report(Agency.objects.all(), period)
    scorer = Scorer(period)
    return {agency.name: scorer.score([fact_values(agency)])[agency.pk] for agency in agencies}


def lost(assessment) -> dict[str, tuple[int, Decimal]]:
    return {d.rule: (d.times, d.points) for d in assessment.lost}


def test_every_case_of_the_period_is_scored_by_the_usual_rubric(mixed, year):
    start_rubric(year)
    gappy_missing = 4 - sum(
        getattr(mixed["gappy"].reports.get(version=3), f"{key}_status") != "missing"
        for key in ("measures", "shortcomings", "leadership", "plans")
    )

    scored = assessments(year)

    assert gappy_missing >= 1
    assert {name: lost(assessment) for name, assessment in scored.items()} == {
        "甲县准时局": {},
        "甲县未报局": {
            Rule.NOT_SUBMITTED: (1, Decimal("5")),
            Rule.NOT_PUBLISHED: (1, Decimal("1")),
        },
        "甲县迟报局": {Rule.LATE: (1, Decimal("0.5")), Rule.NOT_PUBLISHED: (1, Decimal("1"))},
        "甲县缺项局": {
            Rule.MISSING_PART: (gappy_missing, Decimal("0.5") * gappy_missing),
            Rule.RETURNED_TWICE: (1, Decimal("0.5")),
        },
        "甲县空话局": {Rule.IN_NAME_ONLY: (2, Decimal("0.5"))},
        "甲县未公开局": {Rule.NOT_PUBLISHED: (1, Decimal("1"))},
        "甲县延期局": {},
        "甲县审查中局": {},
        "甲县照抄局": {Rule.REUSED: (1, Decimal("0.5"))},
    }
    assert scored["甲县准时局"].score == Decimal("5")
    assert scored["甲县未报局"].score == Decimal("0")
    assert scored["甲县迟报局"].score == Decimal("3.5")


def test_nothing_is_deducted_before_the_deadlines(region, reviewer, db):
    period = ReportingPeriod.objects.create(
        year=TODAY.year - 1,
        submission_deadline=TODAY + datetime.timedelta(days=3),
        publication_deadline=TODAY + datetime.timedelta(days=30),
    )
    Office(region, period, reviewer).agency("甲县尚未到期局")
    start_rubric(period)

    assert lost(assessments(period)["甲县尚未到期局"]) == {}


def test_a_reviewer_changes_a_deduction_with_a_reason_and_can_take_it_back(
    client, mixed, year, reviewer
):
    start_rubric(year)
    client.force_login(reviewer)
    url = reverse("reviews:assessment", args=[mixed["silent"].pk]) + f"?year={year.year}"

    refused = client.post(url, {"rule": Rule.NOT_SUBMITTED, "points": "0", "reason": " "})
    changed = client.post(
        url, {"rule": Rule.NOT_SUBMITTED, "points": "0", "reason": "该局已于年中撤并"}, follow=True
    )
    after_change = assessments(year)["甲县未报局"]
    client.post(url, {"rule": Rule.NOT_SUBMITTED, "points": "", "reason": "撤并未获批准"})
    after_reset = assessments(year)["甲县未报局"]

    assert refused.status_code == 400
    assert "请说明调整扣分的理由。" in refused.content.decode()
    assert "该局已于年中撤并" in changed.content.decode()
    assert (after_change.score, lost(after_change)) == (
        Decimal("4"),
        {Rule.NOT_PUBLISHED: (1, Decimal("1"))},
    )
    assert after_reset.score == Decimal("0")
    assert list(
        AssessmentOverride.objects.order_by("created_at").values_list("points", "reason")
    ) == [(Decimal("0"), "该局已于年中撤并"), (None, "撤并未获批准")]


def test_a_reviewer_of_another_county_cannot_assess(client, mixed, year, other_reviewer):
    start_rubric(year)
    client.force_login(other_reviewer)

    page = client.get(reverse("reviews:assessment", args=[mixed["silent"].pk]))

    assert page.status_code == 404
    with pytest.raises(DecisionRefused):
        override_assessment(
            agency=mixed["silent"],
            period=year,
            rule=Rule.NOT_SUBMITTED,
            points=Decimal("0"),
            reason="越权",
            user=other_reviewer,
        )
    assert not AssessmentOverride.objects.exists()


def test_dashboard_shows_the_score_only_where_the_period_has_a_rubric(
    client, mixed, year, reviewer
):
    client.force_login(reviewer)
    before = client.get(reverse("reviews:dashboard"), {"year": year.year}).content.decode()
    start_rubric(year)

    after = client.get(reverse("reviews:dashboard"), {"year": year.year}).content.decode()

    assert '<th scope="col">得分</th>' not in before
    assert '<th scope="col">得分</th>' in after
    assert reverse("reviews:assessment", args=[mixed["tardy"].pk]) + f"?year={year.year}" in after
    assert ">3.5</a>" in after


def test_export_carries_the_score_the_deductions_and_the_circular_list(
    client, mixed, year, reviewer
):
    start_rubric(year)
    override_assessment(
        agency=mixed["quiet"],
        period=year,
        rule=Rule.NOT_PUBLISHED,
        points=Decimal("0.5"),
        reason="已在报刊公开",
        user=reviewer,
    )
    client.force_login(reviewer)

    response = client.get(reverse("reviews:export"), {"year": year.year, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    table = book["报送情况"]
    header = [cell.value for cell in table[1]]
    scores = {row[1]: row[header.index("得分")] for row in table.iter_rows(2, values_only=True)}
    deductions = list(book["扣分明细"].iter_rows(2, values_only=True))
    listed = {(row[0], row[2]) for row in book["通报名单"].iter_rows(2, values_only=True)}

    assert scores["甲县准时局"] == 5
    assert scores["甲县迟报局"] == 3.5
    assert scores["甲县未公开局"] == 4.5
    assert ("甲县", "甲县未公开局", "未在公开期限前公开", 1, 0.5, "已在报刊公开") in deductions
    assert ("甲县", "甲县迟报局", "逾期报送", 1, 0.5, None) in deductions
    assert listed == {
        ("未报送", "甲县未报局"),
        ("逾期报送", "甲县迟报局"),
        ("逾期公开", "甲县迟报局"),
        ("未公开", "甲县未公开局"),
    }


def test_circular_page_lists_who_did_not_report_or_publish(client, mixed, year, reviewer):
    client.force_login(reviewer)

    page = client.get(reverse("reviews:circular"), {"year": year.year}).content.decode()
    found = circular(with_handed_in_report(Agency.objects.all(), year), year)

    assert [entry.agency for entry in found.not_reported] == ["甲县未报局"]
    assert [entry.agency for entry in found.reported_late] == ["甲县迟报局"]
    assert [entry.agency for entry in found.not_published] == ["甲县未公开局"]
    assert [entry.agency for entry in found.published_late] == ["甲县迟报局"]
    assert "甲县未报局" in page
    assert "甲县延期局" not in page
    assert "甲县审查中局" not in page


def test_a_new_rubric_starts_from_last_years_or_from_the_usual_items(client, admin_user, year):
    client.force_login(admin_user)
    client.post(
        reverse("admin:reviews_rubric_add"),
        {
            "period": year.pk,
            "full_marks": "10",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    first = Rubric.objects.get(period=year)
    seeded = {item.rule: item.points for item in first.items.all()}
    RubricItem.objects.filter(rubric=first, rule=Rule.LATE).update(points=Decimal("1"))
    following = ReportingPeriod.objects.create(year=year.year + 1)

    second = start_rubric(following)

    assert (first.full_marks, seeded) == (Decimal("10"), USUAL_ITEMS)
    assert {item.rule: item.points for item in second.items.all()} == {
        **USUAL_ITEMS,
        Rule.LATE: Decimal("1"),
    }
    assert second.full_marks == Decimal("10")


def test_the_review_page_links_to_the_agencys_assessment(client, mixed, year, reviewer):
    report = mixed["tardy"].reports.get()
    client.force_login(reviewer)
    link = reverse("reviews:assessment", args=[mixed["tardy"].pk]) + f"?year={year.year}"

    without = client.get(report.get_absolute_url()).content.decode()
    start_rubric(year)
    with_rubric = client.get(report.get_absolute_url()).content.decode()

    assert link not in without
    assert link in with_rubric
