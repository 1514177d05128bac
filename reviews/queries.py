"""Reads for the legal office's pages: composable querysets, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from reports import access
from reports.models import Agency, Report, ReportingPeriod, User


@dataclass(frozen=True)
class DashboardRow:
    agency: Agency
    report: Report | None


def agencies_for_reviewer(user: User) -> QuerySet[Agency]:
    return access.agencies_for_user(user).filter(is_active=True).select_related("region")


def dashboard_rows(user: User, period: ReportingPeriod) -> list[DashboardRow]:
    """One row per agency the user oversees, with its current report for the period if any."""
    current_reports = Report.objects.current().filter(period=period).select_related("period")
    agencies = agencies_for_reviewer(user).prefetch_related(
        Prefetch("reports", queryset=current_reports, to_attr="current_reports")
    )
    return [
        DashboardRow(
            agency=agency, report=agency.current_reports[0] if agency.current_reports else None
        )
        for agency in agencies
    ]
