"""Reads for the legal office's pages: composable querysets, a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
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
)
from reports.presentation import where_label
from reports.stored import REQUIRED_PART_KEYS, StoredPart, parts_from_json
from reviews.models import ReportEvent, ReviewerComment

PAGE_SIZE = 50


def agencies_for_reviewer(user: User) -> QuerySet[Agency]:
    return access.agencies_for_user(user).filter(is_active=True)


def deadline_expression(period: ReportingPeriod) -> Coalesce:
    """Each agency's submission deadline for the period: its latest extension, else the period's."""
    extension = DeadlineExtension.objects.filter(agency=OuterRef("pk"), period=period).order_by(
        "-created_at", "-pk"
    )
    return Coalesce(
        Subquery(extension.values("until")[:1]),
        Value(period.submission_deadline),
        output_field=DateField(),
    )


def with_handed_in_report(agencies: QuerySet[Agency], period: ReportingPeriod) -> QuerySet[Agency]:
    """Annotate each agency with its latest handed-in (not draft) report of the period.

    Everything the dashboard filters and sorts on becomes a column, so filtering, sorting and
    paging happen in the database, whatever the number of agencies.
    """
    latest = (
        Report.objects.filter(agency=OuterRef("pk"), period=period)
        .exclude(status=Report.Status.DRAFT)
        .order_by("-version")
    )
    columns = {
        "report_id": "pk",
        "report_status": "status",
        "report_version": "version",
        "report_submitted_at": "submitted_at",
        "report_verdict": "verdict",
        "report_order_ok": "order_ok",
        "report_errors": "error_count",
        "report_warnings": "warning_count",
        "report_infos": "info_count",
        "report_agency_mismatch": "agency_mismatch",
        **{f"report_{key}": f"{key}_status" for key in REQUIRED_PART_KEYS},
        "report_reuse": "comparison__share",
    }
    # Every version's: a remark left open on version 1 is still open when version 2 comes in.
    open_comments = (
        ReviewerComment.objects.filter(
            report__agency=OuterRef("pk"),
            report__period=period,
            parent__isnull=True,
            resolved_at__isnull=True,
        )
        .order_by()
        .values("report__agency")
        .annotate(count=Count("pk"))
        .values("count")
    )
    # Punctuality belongs to the agency's first hand-in: a version sent again after the legal
    # office returned the report is not late because the deadline has since passed.
    first_handed_in = (
        Report.objects.filter(agency=OuterRef("pk"), period=period, submitted_at__isnull=False)
        .order_by("submitted_at")
        .values("submitted_at")[:1]
    )
    decisions = ReportEvent.objects.filter(
        report__agency=OuterRef("pk"),
        report__period=period,
        kind__in=[ReportEvent.Kind.ACCEPTED, ReportEvent.Kind.RETURNED],
    ).order_by("-created_at", "-pk")
    return (
        agencies.annotate(
            **{name: Subquery(latest.values(field)[:1]) for name, field in columns.items()}
        )
        .annotate(
            open_comments=Coalesce(Subquery(open_comments[:1]), 0),
            last_decision=Subquery(decisions.values("kind")[:1]),
            last_decision_at=Subquery(decisions.values("created_at")[:1]),
            first_submitted_at=Subquery(first_handed_in),
            deadline=deadline_expression(period),
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
            overdue=Case(
                When(
                    Q(report_id__isnull=True) & Q(deadline__lt=timezone.localdate()),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
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
        "agency": F("name"),
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
        agencies = agencies.filter(region=region)
    if status := filters.get("status"):
        agencies = (
            agencies.filter(report_id__isnull=True)
            if status == "none"
            else agencies.filter(report_status=status)
        )
    if verdict := filters.get("verdict"):
        agencies = agencies.filter(report_verdict=verdict)
    if part := filters.get("part"):
        key, status = str(part).split(":")
        agencies = agencies.filter(**{f"report_{key}": status})
    if filters.get("overdue"):
        agencies = agencies.filter(overdue=True)
    if filters.get("open_comments"):
        agencies = agencies.filter(open_comments__gt=0)
    if filters.get("agency_mismatch"):
        agencies = agencies.filter(report_agency_mismatch=True)
    if filters.get("reused"):
        agencies = agencies.filter(reuse_flagged("report_reuse"))
    sort = str(filters.get("sort") or "region")
    descending = sort.startswith("-")
    expression = _sort_expression(sort.lstrip("-"))
    ordering = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return agencies.order_by(ordering, "region__code", "name")


@dataclass(frozen=True)
class DashboardCounts:
    expected: int
    submitted: int
    complete: int
    partial: int
    incomplete: int
    overdue: int
    awaiting_review: int


def completeness_counts() -> dict[str, Count]:
    """Expected, submitted, and handed-in reports by verdict, over agencies annotated as above."""
    return {
        "expected": Count("pk"),
        "submitted": Count("report_id"),
        "complete": Count("pk", filter=Q(report_verdict="complete")),
        "partial": Count("pk", filter=Q(report_verdict="partial")),
        "incomplete": Count("pk", filter=Q(report_verdict="incomplete")),
        # Spelled out rather than through the `overdue` annotation: wrapped in a subquery for
        # the aggregate, Django drops that annotation from the inner select.
        "overdue": Count("pk", filter=Q(report_id__isnull=True, deadline__lt=timezone.localdate())),
    }


def dashboard_counts(agencies: QuerySet[Agency]) -> DashboardCounts:
    """The figures on top of the dashboard, in one query."""
    totals = agencies.aggregate(
        **completeness_counts(),
        awaiting_review=Count("pk", filter=Q(report_status__in=Report.AWAITING_REVIEW)),
    )
    return DashboardCounts(**totals)


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    report: Report | None
    open_comments: int
    last_decision: str | None
    last_decision_at: datetime.datetime | None
    on_time: bool | None
    overdue: bool
    parts: tuple[StoredPart, ...]  # the checker's reading of the four parts, for the "where"
    reuse: float | None = None  # reused share of the report's body; None: not compared

    @property
    def reuse_flagged(self) -> bool:
        return self.agency.region.flags_reuse(self.reuse)

    @property
    def last_decision_label(self) -> str:
        return str(ReportEvent.Kind(self.last_decision).label) if self.last_decision else ""

    def part_cells(self) -> list[tuple[str, str, str]]:
        """(part key, status, where) for the four parts, for the ✓ ◐ ✗ columns."""
        if self.report is None:
            return [(key, "", "") for key in REQUIRED_PART_KEYS]
        return [(part.key, part.status, where_label(part.where)) for part in self.parts]


def dashboard_rows(agencies: list[Agency]) -> list[DashboardRow]:
    """Rows for one page of annotated agencies: one more query fetches their reports."""
    ids = [agency.report_id for agency in agencies if agency.report_id]
    reports = Report.objects.defer("text", "result").in_bulk(ids)
    # Only the parts of the stored reading, not its whole section tree and findings.
    parts = dict(Report.objects.filter(pk__in=ids).values_list("pk", "result__parts"))
    return [
        DashboardRow(
            agency=agency,
            report=reports.get(agency.report_id),
            open_comments=agency.open_comments,
            last_decision=agency.last_decision,
            last_decision_at=agency.last_decision_at,
            on_time=agency.on_time,
            overdue=agency.overdue,
            parts=parts_from_json(parts.get(agency.report_id)),
            reuse=agency.report_reuse,
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
