"""Reads the agency pages need, kept out of the views so they stay composable and testable."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from reports import access
from reports.findings import finding_text
from reports.models import Agency, Report, ReportingPeriod, Section, User, submission_deadline
from reports.presentation import Highlight, where_label


def open_period() -> ReportingPeriod | None:
    """The period agencies are reporting on now: the latest open one."""
    return ReportingPeriod.objects.open().order_by("-year").first()


@dataclass(frozen=True)
class Countdown:
    """An agency's own deadline (its kind's, or its extension) and the days left to it."""

    deadline: datetime.date
    days_left: int  # negative once it has passed


def countdown(agency: Agency, period: ReportingPeriod) -> Countdown:
    deadline = submission_deadline(agency, period)
    return Countdown(deadline, (deadline - timezone.localdate()).days)


def versions_for_user(user: User, agency: Agency, period: ReportingPeriod) -> list[Report]:
    """The agency's versions for the period that the user may see, newest first."""
    return list(
        access.reports_for_user(user)
        .filter(agency=agency, period=period)
        .select_related("period", "submitted_by")
        .order_by("-version")
    )


@dataclass(frozen=True)
class OutlineEntry:
    section: Section
    depth: int


def outline_for_report(sections: list[Section]) -> list[OutlineEntry]:
    """The report's sections (in reading order), each with its nesting depth."""
    return [OutlineEntry(section=section, depth=section.level - 1) for section in sections]


@dataclass(frozen=True)
class PartRow:
    key: str
    label: str
    status: str
    sections: list[str]
    where: str | None


def part_rows(report: Report) -> list[PartRow]:
    """The four required parts in the prescribed order, as the checker found them."""
    return [
        PartRow(
            key=part.key,
            label=part.title,
            status=part.status,
            sections=list(part.sections),
            where=where_label(part.where),
        )
        for part in report.reading.parts
    ]


def current_report(agency: Agency, period: ReportingPeriod) -> Report | None:
    return Report.objects.current().filter(agency=agency, period=period).first()


@dataclass(frozen=True)
class FindingRow:
    code: str
    severity: str
    message: str
    target: str  # the fragment to link to ("finding-3", "section-2"), or "" when nowhere
    offset: int | None  # where in the text the target stands


def finding_rows(
    report: Report, sections: list[Section], extra: Iterable[FindingRow] = ()
) -> list[FindingRow]:
    """The checker's findings and `extra` ones (reused text), errors first, each with its place."""
    opening = {section.start: section for section in sections}
    first_section_of_part: dict[str, Section] = {}
    for section in sections:
        first_section_of_part.setdefault(section.part, section)
    rows = []
    for finding in report.reading.findings:
        offset = finding.start
        if finding.start in opening:
            # A finding about a whole section points at its heading rather than painting it.
            target = f"section-{opening[finding.start].order}"
        elif finding.has_span:
            target = f"finding-{finding.index}"
        elif finding.part in first_section_of_part:
            section = first_section_of_part[finding.part]
            target, offset = f"section-{section.order}", section.start
        else:
            target = ""
        rows.append(
            FindingRow(
                code=finding.code,
                severity=finding.severity,
                message=finding_text(finding),
                target=target,
                offset=offset,
            )
        )
    rows.extend(extra)
    severity_rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(rows, key=lambda row: severity_rank.get(row.severity, 3))


def finding_highlights(report: Report, sections: list[Section]) -> list[Highlight]:
    """Spans the findings point at, except those that are a whole section (see finding_rows)."""
    opening = {section.start for section in sections}
    return [
        Highlight(finding.start, finding.end, finding.severity, f"finding-{finding.index}")
        for finding in report.reading.findings
        if finding.start is not None and finding.end is not None and finding.start not in opening
    ]
