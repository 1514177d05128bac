"""Reads the agency pages need, kept out of the views so they stay composable and testable."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reports.models import Agency, Report, ReportingPeriod, Section

PART_LABELS = {
    "measures": _("Measures and results of the year"),
    "shortcomings": _("Shortcomings and their causes"),
    "leadership": _("Principal leaders' duty as first person responsible"),
    "plans": _("Plans for the next year"),
}


def open_period() -> ReportingPeriod | None:
    """The period agencies are reporting on now: the latest open one."""
    return ReportingPeriod.objects.open().order_by("-year").first()


def versions_for_agency(agency: Agency, period: ReportingPeriod) -> list[Report]:
    return list(
        Report.objects.filter(agency=agency, period=period)
        .select_related("period", "submitted_by")
        .order_by("-version")
    )


@dataclass(frozen=True)
class OutlineEntry:
    section: Section
    depth: int


def outline_for_report(report: Report) -> list[OutlineEntry]:
    """The report's sections in reading order, each with its nesting depth."""
    return [
        OutlineEntry(section=section, depth=section.level - 1)
        for section in report.sections.order_by("order")
    ]


@dataclass(frozen=True)
class PartRow:
    key: str
    label: str
    status: str
    sections: list[str]
    where: str | None


def part_rows(report: Report) -> list[PartRow]:
    """The four required parts in the prescribed order, as the checker found them."""
    parts = report.result.get("parts", {})
    return [
        PartRow(
            key=key,
            label=str(label),
            status=parts.get(key, {}).get("status", "missing"),
            sections=parts.get(key, {}).get("sections", []),
            where=parts.get(key, {}).get("where"),
        )
        for key, label in PART_LABELS.items()
    ]
