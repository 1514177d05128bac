"""Reads for the legal office's pages: composable querysets, a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import access
from reports.models import (
    Agency,
    AgencyAlias,
    DeadlineExtension,
    Report,
    ReportingPeriod,
    Role,
    User,
    kind_deadlines,
)
from reports.presentation import PerLanguage, where_label
from reports.stored import REQUIRED_PART_KEYS
from reviews.assessment import Assessment, Scorer, fact_values
from reviews.models import Publication, ReportEvent, ReviewerComment

PAGE_SIZE = 50


def agencies_for_reviewer(user: User) -> QuerySet[Agency]:
    return access.agencies_for_user(user).filter(is_active=True)


def kind_deadline_expression(period: ReportingPeriod) -> Case:
    """Each agency's deadline by its kind, the values written into the query: no join."""
    deadlines = kind_deadlines(period)
    return Case(
        *[
            When(kind=kind, then=Value(day))
            for kind, day in deadlines.items()
            if day != period.submission_deadline
        ],
        default=Value(period.submission_deadline),
        output_field=DateField(),
    )


def _extensions(period: ReportingPeriod) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(agency=OuterRef("pk"), period=period)


def deadline_expression(period: ReportingPeriod, *, by_kind: F | None = None) -> Coalesce:
    """Each agency's submission deadline for the period: its latest extension, else its kind's
    (`by_kind`: where the query has kind_deadline_expression already)."""
    latest = _extensions(period).order_by("-created_at", "-pk")
    return Coalesce(
        Subquery(latest.values("until")[:1]),
        by_kind if by_kind is not None else kind_deadline_expression(period),
        output_field=DateField(),
    )


def nothing_handed_in(period: ReportingPeriod, *, joined: bool = True) -> Q | Exists:
    """No report of the period handed in.

    `joined`: read off the report that with_handed_in_report joins (for a column or a count).
    Otherwise as an anti-join, for a WHERE clause. The planner guesses that one agency in
    15,000 lacks the joined report and loops over every region for it; an anti-join's rows it
    estimates well (a province's agencies with nothing handed in: 16 ms against 38).
    """
    if joined:
        return Q(report_id__isnull=True)
    handed_in = Report.objects.filter(
        agency=OuterRef("pk"), period=period, is_latest_handed_in=True
    )
    return ~Exists(handed_in)


def overdue_condition(period: ReportingPeriod, today: datetime.date, *, joined: bool = True) -> Q:
    """Nothing handed in and the deadline passed: its kind's, and any extension's.

    An extension always moves the deadline later, so "no extension runs to today" is the
    same as "the latest one has passed". Written so that the database looks for extensions
    only for the few agencies that have handed nothing in. `joined` as for nothing_handed_in.
    """
    return (
        nothing_handed_in(period, joined=joined)
        & Q(kind_deadline__lt=today)
        & ~Exists(_extensions(period).filter(until__gte=today))
    )


DECISION_KINDS = (ReportEvent.Kind.ACCEPTED, ReportEvent.Kind.RETURNED)


@dataclass(frozen=True)
class ReviewActivity:
    """What the legal office has done on an agency's report this period, for a table's row."""

    open_comments: int = 0
    last_decision: str | None = None
    last_decision_at: datetime.datetime | None = None


NO_ACTIVITY = ReviewActivity()


def review_activity(
    period: ReportingPeriod, agency_ids: Iterable[int] | QuerySet[Agency]
) -> dict[int, ReviewActivity]:
    """Open comments and the last decision of many agencies at once (ids, or a query of them):
    two grouped queries, where the annotations of with_handed_in_report look each agency up
    (they serve filtering and sorting; a table of thousands of rows reads this). Agencies with
    neither are left out."""
    counts = dict(
        ReviewerComment.objects.open()
        .filter(report__agency_id__in=agency_ids, report__period=period)
        .order_by()
        .values("report__agency_id")
        .annotate(count=Count("pk"))
        .values_list("report__agency_id", "count")
    )
    decided: dict[int, tuple[str, datetime.datetime]] = {}
    decisions = (
        ReportEvent.objects.filter(
            report__agency_id__in=agency_ids, report__period=period, kind__in=DECISION_KINDS
        )
        .order_by("created_at", "pk")
        .values_list("report__agency_id", "kind", "created_at")
    )
    for agency_id, kind, at in decisions:
        decided[agency_id] = (kind, at)
    return {
        agency_id: ReviewActivity(counts.get(agency_id, 0), *decided.get(agency_id, (None, None)))
        for agency_id in counts.keys() | decided.keys()
    }


#: The columns of its latest handed-in report that with_handed_in_report gives each agency:
#: annotation → Report field.
REPORT_COLUMNS = {
    "report_id": "id",
    "report_status": "status",
    "report_version": "version",
    "report_submitted_at": "submitted_at",
    "report_verdict": "verdict",
    "report_order_ok": "order_ok",
    "report_errors": "error_count",
    "report_warnings": "warning_count",
    "report_infos": "info_count",
    "report_agency_mismatch": "agency_mismatch",
    "report_parts_in_name_only": "parts_in_name_only",
    "report_part_places": "part_places",
    "first_submitted_at": "first_submitted_at",
    **{f"report_{key}": f"{key}_status" for key in REQUIRED_PART_KEYS},
    "report_reuse": "reuse_share",
    "report_plans_total": "plans_total",
    "report_plans_followed": "plans_followed",
}


def with_handed_in_report(agencies: QuerySet[Agency], period: ReportingPeriod) -> QuerySet[Agency]:
    """Annotate each agency with its latest handed-in (not draft) report of the period.

    Everything the dashboard filters and sorts on becomes a column, so filtering, sorting and
    paging happen in the database, whatever the number of agencies. The report's own columns
    come from one join on the version marked latest handed in, so counting over a province's
    agencies reads each agency's row once; only what a page shows of the review (comments,
    decisions, publication) is looked up per agency.
    """
    # Every version's: a remark left open on version 1 is still open when version 2 comes in.
    open_comments = (
        ReviewerComment.objects.open()
        .filter(report__agency=OuterRef("pk"), report__period=period)
        .order_by()
        .values("report__agency")
        .annotate(count=Count("pk"))
        .values("count")
    )
    decisions = ReportEvent.objects.filter(
        report__agency=OuterRef("pk"), report__period=period, kind__in=DECISION_KINDS
    ).order_by("-created_at", "-pk")
    on_file = FilteredRelation(
        "reports", condition=Q(reports__period=period, reports__is_latest_handed_in=True)
    )
    return (
        agencies.annotate(on_file=on_file)
        .annotate(
            kind_deadline=kind_deadline_expression(period),
            **{name: F(f"on_file__{field}") for name, field in REPORT_COLUMNS.items()},
        )
        .annotate(
            open_comments=Coalesce(Subquery(open_comments[:1]), 0),
            # A version follows only a returned one: the returns are the versions before the
            # latest, and the latest itself if it was returned too.
            returns=Case(
                When(report_id__isnull=True, then=Value(0)),
                When(
                    report_status=Report.Status.RETURNED,
                    then=F("report_version"),
                ),
                default=F("report_version") - 1,
                output_field=IntegerField(),
            ),
            last_decision=Subquery(decisions.values("kind")[:1]),
            last_decision_at=Subquery(decisions.values("created_at")[:1]),
            deadline=deadline_expression(period, by_kind=F("kind_deadline")),
            publication_state=publication_state_expression(period),
        )
        .annotate(
            # Days are Beijing days: a report handed in at 23:59 on the deadline is on time.
            on_time=Case(
                When(first_submitted_at__isnull=True, then=Value(None)),
                When(
                    deadline__gte=TruncDate(
                        "first_submitted_at", tzinfo=timezone.get_current_timezone()
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(null=True),
            ),
            # Conditions, not CASE: a filter or a count then reads them as they stand. Neither
            # is NULL: a report without a comparison is not flagged.
            overdue=ExpressionWrapper(
                overdue_condition(period, timezone.localdate()), output_field=BooleanField()
            ),
            reuse_flagged=ExpressionWrapper(
                Q(report_reuse__isnull=False) & reuse_flagged("report_reuse"),
                output_field=BooleanField(),
            ),
        )
    )


def publication_state_expression(period: ReportingPeriod) -> Case:
    """Each agency's publication (Publication.State) once its report is accepted; "" before.

    Publication.state says the same of one row. One subquery: a report has one publication
    at most, and the database reads it once for all five states.
    """
    state = Case(
        When(exempt=True, exempt_confirmed_at__isnull=False, then=Value(Publication.State.EXEMPT)),
        When(exempt=True, then=Value(Publication.State.CLAIMED)),
        When(published_on__gt=period.publication_deadline, then=Value(Publication.State.LATE)),
        default=Value(Publication.State.PUBLISHED),
        output_field=CharField(),
    )
    recorded = Publication.objects.filter(report_id=OuterRef("report_id")).annotate(state=state)
    return Case(
        # Only an accepted report is published; NULL (no report) must fall to "" too.
        When(
            report_status=Report.Status.ACCEPTED,
            then=Coalesce(Subquery(recorded.values("state")[:1]), Value(Publication.State.NONE)),
        ),
        default=Value(""),
        output_field=CharField(),
    )


_STATUS_RANK = {"submitted": 1, "in_review": 2, "returned": 3, "accepted": 4}
_VERDICT_RANK = {"complete": 1, "partial": 2, "incomplete": 3}
_PART_RANK = {"present": 1, "embedded": 2, "missing": 3}


def _rank(column: str, ranks: dict[str, int]) -> Case:
    return Case(
        *[When(**{column: value}, then=Value(rank)) for value, rank in ranks.items()],
        default=Value(None),
        output_field=IntegerField(),
    )


def _sort_expression(key: str):  # type: ignore[no-untyped-def]
    expressions = {
        "agency": F("sort_key"),
        "region": F("region__code"),
        "status": _rank("report_status", _STATUS_RANK),
        "version": F("report_version"),
        "submitted_at": F("report_submitted_at"),
        "on_time": F("on_time"),
        "verdict": _rank("report_verdict", _VERDICT_RANK),
        "order_ok": F("report_order_ok"),
        "findings": F("report_errors") * 1000 + F("report_warnings"),
        "open_comments": F("open_comments"),
        "last_decision": F("last_decision_at"),
        "reuse": F("report_reuse"),
        **{key: _rank(f"report_{key}", _PART_RANK) for key in REQUIRED_PART_KEYS},
    }
    return expressions[key]


def narrows(filters: dict[str, object]) -> bool:
    """Whether the dashboard's filters leave out any agency (sorting alone does not)."""
    return any(value for key, value in filters.items() if key != "sort")


def reuse_flagged(share: str) -> Q:
    """Agencies whose report's reused share (the annotation `share`) reaches their office's
    threshold; Region.flags_reuse says the same of one share."""
    threshold = ExpressionWrapper(
        F("region__reuse_threshold") / Value(100.0), output_field=FloatField()
    )
    return Q(**{f"{share}__gte": threshold})


def filter_dashboard(
    agencies: QuerySet[Agency], period: ReportingPeriod, filters: dict[str, object]
) -> QuerySet[Agency]:
    """Apply the dashboard's filters (the cleaned DashboardFilterForm) to annotated agencies."""
    if query := filters.get("q"):
        aliases = AgencyAlias.objects.filter(agency=OuterRef("pk"), name__contains=query)
        agencies = agencies.filter(Q(name__contains=query) | Exists(aliases))
    if region := filters.get("region"):
        # A city's filter takes in its counties too.
        agencies = agencies.filter(region__path__startswith=region.path)
    if status := filters.get("status"):
        agencies = (
            agencies.filter(nothing_handed_in(period, joined=False))
            if status == "none"
            else agencies.filter(report_status=status)
        )
    if verdict := filters.get("verdict"):
        agencies = agencies.filter(report_verdict=verdict)
    if part := filters.get("part"):
        key, status = str(part).split(":")
        agencies = agencies.filter(**{f"report_{key}": status})
    if filters.get("overdue"):
        agencies = agencies.filter(overdue_condition(period, timezone.localdate(), joined=False))
    if filters.get("open_comments"):
        agencies = agencies.filter(open_comments__gt=0)
    if publication := filters.get("publication"):
        agencies = agencies.filter(publication_state=publication)
    if filters.get("agency_mismatch"):
        agencies = agencies.filter(report_agency_mismatch=True)
    if filters.get("reused"):
        agencies = agencies.filter(reuse_flagged("report_reuse"))
    sort = str(filters.get("sort") or "region")
    descending = sort.startswith("-")
    expression = _sort_expression(sort.lstrip("-"))
    ordering = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return agencies.order_by(ordering, "region__code", "sort_key", "name")


def in_order(agencies: QuerySet[Agency], ids: list[int]) -> list[Agency]:
    """The agencies of `ids`, in that order (a page chosen by filter_dashboard)."""
    found = agencies.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class DashboardCounts:
    expected: int
    submitted: int
    complete: int
    partial: int
    incomplete: int
    overdue: int
    awaiting_review: int


COUNT_KEYS = ("expected", "submitted", "complete", "partial", "incomplete", "overdue")


class _Listed(Aggregate):
    """Every value of the group as one comma-separated text (a median is no SQL aggregate)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )


def counts_by_region(agencies: QuerySet[Agency]) -> dict[int, dict[str, Any]]:
    """Expected, submitted, handed in by verdict, overdue and awaiting review, for each region,
    over agencies annotated as above: one query, which the dashboard's figures and the tree of
    regions both sum. With them the reuse comparisons' figures (compared, flagged, plans,
    followed) and `shares`, the reused shares of the region's reports (reviews.reuse's story
    takes their median)."""
    rows = (
        agencies.order_by()
        .values("region_id")
        .annotate(
            expected=Count("pk"),
            submitted=Count("report_id"),
            complete=Count("pk", filter=Q(report_verdict="complete")),
            partial=Count("pk", filter=Q(report_verdict="partial")),
            incomplete=Count("pk", filter=Q(report_verdict="incomplete")),
            overdue=Count("pk", filter=Q(overdue=True)),
            awaiting_review=Count("pk", filter=Q(report_status__in=Report.AWAITING_REVIEW)),
            compared=Count("report_reuse"),
            flagged=Count("pk", filter=Q(reuse_flagged=True)),
            plans=Coalesce(Sum("report_plans_total"), 0),
            followed=Coalesce(Sum("report_plans_followed"), 0),
            listed_shares=_Listed("report_reuse"),
        )
    )
    found = {}
    for row in rows:
        listed = row.pop("listed_shares")
        # In order: a median over many regions' shares then sorts runs that are in order.
        row["shares"] = sorted(map(float, listed.split(","))) if listed else []
        found[row.pop("region_id")] = row
    return found


def dashboard_counts(by_region: dict[int, dict[str, Any]]) -> DashboardCounts:
    """The figures on top of the dashboard, summed over the regions."""
    keys = [field.name for field in dataclass_fields(DashboardCounts)]
    return DashboardCounts(
        **{key: sum(counts[key] for counts in by_region.values()) for key in keys}
    )


@dataclass(frozen=True)
class HandedIn:
    """An agency's latest handed-in report as its dashboard row shows it, read off the row's
    annotations (REPORT_COLUMNS): a page needs no query of its reports. Its attributes are the
    Report's, so the badges of reports.templatetags.badges take it as they take a Report."""

    pk: int
    status: str
    version: int
    submitted_at: datetime.datetime
    verdict: str
    order_ok: bool
    error_count: int
    warning_count: int
    info_count: int
    agency_mismatch: bool
    measures_status: str
    shortcomings_status: str
    leadership_status: str
    plans_status: str

    @classmethod
    def of(cls, agency: Agency) -> HandedIn | None:
        if agency.report_id is None:
            return None
        return cls(
            pk=agency.report_id,
            **{
                field: getattr(agency, name)
                for name, field in REPORT_COLUMNS.items()
                if field in _HANDED_IN_FIELDS
            },
        )


_HANDED_IN_FIELDS = {field.name for field in dataclass_fields(HandedIn)} - {"pk"}


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    report: HandedIn | None
    open_comments: int
    last_decision: str | None
    last_decision_at: datetime.datetime | None
    on_time: bool | None
    overdue: bool
    publication_state: str  # Publication.State once accepted, "" before
    assessment: Assessment | None = None  # under the period's rubric, if it has one
    reuse: float | None = None  # reused share of the report's body; None: not compared
    reuse_flagged: bool = False  # at or above the office's threshold, as the filter counts it

    def publication_label(self, language: str | None = None) -> str:
        return _PUBLICATION_LABELS(language).get(self.publication_state, "")

    def last_decision_label(self, language: str | None = None) -> str:
        return _DECISION_LABELS(language).get(self.last_decision or "", "")

    def part_cells(self, language: str | None = None) -> list[tuple[str, str, str]]:
        """(part key, status, where) for the four parts, for the ✓ ◐ ✗ columns."""
        if self.report is None:
            return [(key, "", "") for key in REQUIRED_PART_KEYS]
        places = self.agency.report_part_places or {}
        return [
            (key, getattr(self.report, f"{key}_status"), where_label(places.get(key), language))
            for key in REQUIRED_PART_KEYS
        ]


_PUBLICATION_LABELS = PerLanguage(
    lambda: {key: str(label) for key, label in Publication.State.choices}
)
_DECISION_LABELS = PerLanguage(lambda: {key: str(label) for key, label in ReportEvent.Kind.choices})


def dashboard_rows(agencies: list[Agency], scorer: Scorer | None = None) -> list[DashboardRow]:
    """Rows for one page of annotated agencies; with a rubric two more queries score them."""
    scores = scorer.score([fact_values(agency) for agency in agencies]) if scorer else {}
    return [
        DashboardRow(
            agency=agency,
            report=HandedIn.of(agency),
            open_comments=agency.open_comments,
            last_decision=agency.last_decision,
            last_decision_at=agency.last_decision_at,
            on_time=agency.on_time,
            overdue=agency.overdue,
            publication_state=agency.publication_state,
            assessment=scores.get(agency.pk),
            reuse=agency.report_reuse,
            reuse_flagged=agency.reuse_flagged,
        )
        for agency in agencies
    ]


def comment_threads(report: Report) -> list[ReviewerComment]:
    """Top-level comments on a report in order, each with its replies prefetched."""
    replies = ReviewerComment.objects.select_related("author").order_by("created_at", "pk")
    return list(
        report.comments.filter(parent__isnull=True)
        .select_related("author", "section", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


@dataclass(frozen=True)
class Activity:
    at: datetime.datetime
    report: Report
    actor: User
    kind: str  # "event" or "comment"
    label: str
    text: str


def review_activity_for_agency(
    agency: Agency, period: ReportingPeriod, limit: int = 5
) -> list[Activity]:
    """The legal office's latest decisions and comments on the agency's reports, newest first."""
    events = (
        ReportEvent.objects.filter(report__agency=agency, report__period=period)
        .exclude(actor__role=Role.AGENCY)
        .select_related("report", "actor")
        .order_by("-created_at")[:limit]
    )
    comments = (
        ReviewerComment.objects.filter(report__agency=agency, report__period=period)
        .exclude(author__role=Role.AGENCY)
        .select_related("report", "author")
        .order_by("-created_at")[:limit]
    )
    activity = [
        Activity(e.created_at, e.report, e.actor, "event", e.get_kind_display(), e.message)
        for e in events
    ] + [
        Activity(c.created_at, c.report, c.author, "comment", str(_("Comment")), c.body)
        for c in comments
    ]
    return sorted(activity, key=lambda item: item.at, reverse=True)[:limit]


def earlier_comments(report: Report) -> list[ReviewerComment]:
    """Remarks on the agency's earlier versions of this report, with both sides' replies."""
    replies = ReviewerComment.objects.select_related("author").order_by("created_at", "pk")
    return list(
        ReviewerComment.objects.filter(
            report__agency_id=report.agency_id,
            report__period_id=report.period_id,
            report__version__lt=report.version,
            parent__isnull=True,
        )
        .select_related("report", "author", "resolved_by", "section")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("report__version", "created_at")
    )


def open_comments_of_period(report: Report) -> list[ReviewerComment]:
    """Remarks not yet resolved on any version of this agency's report for the period."""
    return list(
        ReviewerComment.objects.open()
        .filter(report__agency_id=report.agency_id, report__period_id=report.period_id)
        .select_related("report", "section")
        .order_by("report__version", "created_at")
    )


@dataclass(frozen=True)
class CircularEntry:
    agency: str
    region: str
    deadline: datetime.date
    handed_in: datetime.datetime | None
    published_on: datetime.date | None


@dataclass(frozen=True)
class Circular:
    """The agencies a circular (通报) names, by what they failed to do."""

    not_reported: list[CircularEntry]
    reported_late: list[CircularEntry]
    not_published: list[CircularEntry]
    published_late: list[CircularEntry]

    def __bool__(self) -> bool:
        return any((self.not_reported, self.reported_late, self.not_published, self.published_late))


def circular(
    agencies: QuerySet[Agency], period: ReportingPeriod, *, today: datetime.date | None = None
) -> Circular:
    """Who has not reported (deadline passed), reported late, and, once the publication
    deadline has passed, whose accepted report is not public or was made public late. One
    query, in the order of the dashboard."""
    today = today or timezone.localdate()
    publication_due = period.publication_deadline < today
    failed = Q(overdue=True) | Q(on_time=False)
    if publication_due:
        failed |= Q(publication_state__in=[Publication.State.NONE, Publication.State.LATE])
    published_on = Publication.objects.filter(report_id=OuterRef("report_id")).values(
        "published_on"
    )
    rows = (
        agencies.filter(failed)
        .annotate(published_on=Subquery(published_on[:1]))
        .order_by("region__code", "sort_key", "name")
        .values(
            "name",
            "region__name",
            "deadline",
            "first_submitted_at",
            "published_on",
            "overdue",
            "on_time",
            "publication_state",
        )
    )
    found = Circular([], [], [], [])
    for row in rows:
        entry = CircularEntry(
            agency=row["name"],
            region=row["region__name"],
            deadline=row["deadline"],
            handed_in=row["first_submitted_at"],
            published_on=row["published_on"],
        )
        if row["overdue"]:
            found.not_reported.append(entry)
        if row["on_time"] is False:
            found.reported_late.append(entry)
        if publication_due and row["publication_state"] == Publication.State.NONE:
            found.not_published.append(entry)
        if publication_due and row["publication_state"] == Publication.State.LATE:
            found.published_late.append(entry)
    return found
