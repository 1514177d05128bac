"""Reads for the legal office's pages: composable querysets, a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from reports import access
from reports.models import Agency, Report, ReportingPeriod, Role, User
from reviews.models import ReportEvent, ReviewerComment


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    report: Report | None


def agencies_for_reviewer(user: User) -> QuerySet[Agency]:
    return access.agencies_for_user(user).filter(is_active=True).select_related("region")


def dashboard_rows(user: User, period: ReportingPeriod) -> list[DashboardRow]:
    """One row per agency the user oversees, with its latest handed-in report for the period.

    A draft the agency is still working on does not count: the row keeps showing the version the
    legal office has (or "not submitted").
    """
    handed_in = (
        Report.objects.filter(period=period)
        .exclude(status=Report.Status.DRAFT)
        .select_related("period")
        .order_by("-version")
    )
    agencies = agencies_for_reviewer(user).prefetch_related(
        Prefetch("reports", queryset=handed_in, to_attr="handed_in")
    )
    return [
        DashboardRow(agency=agency, report=agency.handed_in[0] if agency.handed_in else None)
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
