"""The year's assessment (考评): each agency's score under the period's rubric.

Every deduction is computed from what the dashboard already knows of an agency (the columns of
reviews.queries.with_handed_in_report), so a page of the dashboard or a chunk of the export is
scored with two more queries, the rubric's items and the reviewers' overrides, whatever its
size. What is not yet decided costs nothing: an agency whose deadline has not passed has not
failed to report, and a report still in review on the publication deadline has not failed to
be published (Nianbao records publication after acceptance).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reports.models import Agency, ReportingPeriod
from reports.stored import REQUIRED_PART_KEYS
from reviews.models import AssessmentOverride, Publication, Rubric, RubricItem

Rule = RubricItem.Rule

#: A new rubric starts with last year's items, or with these (one county's published rubric
#: deducts 0.5 for a report not made on time).
USUAL_ITEMS: dict[str, Decimal] = {
    Rule.NOT_SUBMITTED: Decimal("5"),
    Rule.LATE: Decimal("0.5"),
    Rule.MISSING_PART: Decimal("0.5"),
    Rule.IN_NAME_ONLY: Decimal("0.25"),
    Rule.NOT_PUBLISHED: Decimal("1"),
    Rule.RETURNED_TWICE: Decimal("0.5"),
    Rule.REUSED: Decimal("0.5"),
}
_NOT_PUBLIC = (Publication.State.NONE, Publication.State.LATE)


_PART_FIELDS = tuple(f"report_{key}" for key in REQUIRED_PART_KEYS)


@dataclass(frozen=True)
class Facts:
    """What Nianbao knows of one agency's year, as far as the rubric asks."""

    overdue: bool  # its deadline has passed and nothing is handed in
    late: bool  # handed in first after its deadline
    missing_parts: int
    parts_in_name_only: int
    returns: int  # times the legal office sent the report back
    unpublished: bool  # the publication deadline has passed and it was not public in time
    reused: bool  # reused text at or above the office's threshold

    @classmethod
    def of(cls, agency: Mapping[str, Any], *, publication_due: bool) -> Facts:
        """From an annotated agency as a values() dict; `publication_due`: the deadline passed."""
        handed_in = agency["report_id"] is not None
        return cls(
            overdue=bool(agency["overdue"]),
            late=agency["on_time"] is False,
            missing_parts=[agency[field] for field in _PART_FIELDS].count("missing")
            if handed_in
            else 0,
            parts_in_name_only=agency["report_parts_in_name_only"] or 0,
            returns=agency["returns"] or 0,
            # Not handed in counts only once its own deadline (an extension) has passed.
            unpublished=publication_due
            and (bool(agency["overdue"]) or agency["publication_state"] in _NOT_PUBLIC),
            reused=bool(agency["reuse_flagged"]),
        )

    def times(self, rule: str) -> int:
        """How often the agency fell foul of the rule: per part for the parts, else 0 or 1."""
        return self.all_times()[rule]

    def all_times(self) -> dict[str, int]:
        """times() of every rule at once."""
        return {
            Rule.NOT_SUBMITTED: int(self.overdue),
            Rule.LATE: int(self.late),
            Rule.MISSING_PART: self.missing_parts,
            Rule.IN_NAME_ONLY: self.parts_in_name_only,
            Rule.NOT_PUBLISHED: int(self.unpublished),
            Rule.RETURNED_TWICE: int(self.returns > 1),
            Rule.REUSED: int(self.reused),
        }


@dataclass(frozen=True)
class Override:
    points: Decimal | None  # None: the computed deduction stands again
    reason: str
    set_by: str
    at: datetime.datetime


@dataclass(frozen=True)
class Deduction:
    rule: str
    label: str
    times: int
    computed: Decimal
    override: Override | None

    @property
    def points(self) -> Decimal:
        if self.override is not None and self.override.points is not None:
            return self.override.points
        return self.computed

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override.points is not None


@dataclass(frozen=True)
class Assessment:
    full_marks: Decimal
    deductions: tuple[Deduction, ...]  # every item of the rubric, in its order

    # Cached: the export reads both for each of a province's 15,000 agencies.
    @functools.cached_property
    def score(self) -> Decimal:
        return max(Decimal(0), self.full_marks - sum(d.points for d in self.deductions))

    @functools.cached_property
    def lost(self) -> tuple[Deduction, ...]:
        """The items that cost points."""
        return tuple(d for d in self.deductions if d.points > 0)


def assess(
    items: Sequence[tuple[RubricItem, str]],
    full_marks: Decimal,
    facts: Facts,
    overrides: Mapping[str, Override],
) -> Assessment:
    """The assessment under the rubric's items, each with its label."""
    deductions = []
    counted = facts.all_times()
    for item, label in items:
        times = counted[item.rule]
        deductions.append(
            Deduction(
                rule=item.rule,
                label=label,
                times=times,
                computed=item.points * times if times else _NOTHING,
                override=overrides.get(item.rule),
            )
        )
    return Assessment(full_marks=full_marks, deductions=tuple(deductions))


_NOTHING = Decimal(0)


class Scorer:
    """Scores annotated agencies of one period: the rubric read once, overrides per batch."""

    def __init__(self, period: ReportingPeriod, *, today: datetime.date | None = None) -> None:
        self.period = period
        self.rubric = Rubric.objects.filter(period=period).first()
        # Labelled once: a page scores 50 agencies, the export thousands.
        self.items = [
            (item, str(item.get_rule_display()))
            for item in (self.rubric.items.all() if self.rubric else [])
        ]
        today = today or timezone.localdate()
        self.publication_due = period.publication_deadline < today
        # Agencies without overrides share one assessment per set of facts: a province's
        # 15,000 agencies fall into a few dozen, and an Assessment is never changed.
        self._without_overrides: dict[Facts, Assessment] = {}

    def __bool__(self) -> bool:
        return self.rubric is not None

    def score(
        self,
        agencies: Sequence[Mapping[str, Any]],
        overrides: Mapping[int, Mapping[str, Override]] | None = None,
    ) -> dict[int, Assessment]:
        """Each agency's assessment by its pk; {} without a rubric. `overrides`: those of
        latest_overrides() for many agencies at once, else they are looked up for these."""
        if self.rubric is None:
            return {}
        if overrides is None:
            overrides = latest_overrides(self.period, [agency["pk"] for agency in agencies])
        found: dict[int, Assessment] = {}
        shared = self._without_overrides
        for agency in agencies:
            facts = Facts.of(agency, publication_due=self.publication_due)
            if own := overrides.get(agency["pk"]):
                found[agency["pk"]] = assess(self.items, self.rubric.full_marks, facts, own)
            else:
                if (assessment := shared.get(facts)) is None:
                    assessment = assess(self.items, self.rubric.full_marks, facts, {})
                    shared[facts] = assessment
                found[agency["pk"]] = assessment
        return found


#: What Facts.of reads of an annotated agency.
FACT_FIELDS = (
    "pk",
    "report_id",
    "overdue",
    "on_time",
    *(f"report_{key}" for key in REQUIRED_PART_KEYS),
    "report_parts_in_name_only",
    "returns",
    "publication_state",
    "reuse_flagged",
)


def fact_values(agency: Any) -> dict[str, Any]:
    """FACT_FIELDS of an annotated Agency instance, as Scorer.score takes them."""
    return {name: getattr(agency, name) for name in FACT_FIELDS}


def latest_overrides(
    period: ReportingPeriod, agency_ids: Sequence[int] | QuerySet[Agency]
) -> dict[int, dict[str, Override]]:
    """The override in force for each agency and item (ids, or a query of them): the latest
    one recorded."""
    found: dict[int, dict[str, Override]] = {}
    rows = (
        AssessmentOverride.objects.filter(period=period, agency_id__in=agency_ids)
        .order_by("created_at", "pk")
        .values_list("agency_id", "rule", "points", "reason", "set_by__username", "created_at")
    )
    for agency_id, rule, points, reason, username, at in rows:
        found.setdefault(agency_id, {})[rule] = Override(points, reason, username, at)
    return found


def start_rubric(period: ReportingPeriod) -> Rubric:
    """The period's rubric; a new one takes the previous year's full marks and items."""
    with transaction.atomic():
        earlier = _earlier_rubric(period)
        rubric, created = Rubric.objects.get_or_create(
            period=period, defaults={"full_marks": earlier.full_marks} if earlier else {}
        )
        if created or not rubric.items.exists():
            seed_items(rubric)
    return rubric


def seed_items(rubric: Rubric) -> None:
    """Give an empty rubric the previous year's items, or the usual ones."""
    earlier = _earlier_rubric(rubric.period)
    points = {item.rule: item.points for item in earlier.items.all()} if earlier else {}
    RubricItem.objects.bulk_create(
        RubricItem(rubric=rubric, rule=rule, points=value)
        for rule, value in (points or USUAL_ITEMS).items()
    )


def _earlier_rubric(period: ReportingPeriod) -> Rubric | None:
    return (
        Rubric.objects.filter(period__year__lt=period.year, items__isnull=False)
        .order_by("-period__year")
        .distinct()
        .first()
    )
