"""The completeness table: one row per expected agency, written as CSV or XLSX for Excel and WPS.

Rows are produced in chunks from the same annotated queryset as the dashboard, so an export of
15,000 agencies holds one chunk in memory at a time; the writers stream what they get.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.models import Agency, Region, Report, ReportingPeriod, Role, Section, User
from reports.presentation import place_words
from reports.stored import REQUIRED_PART_KEYS
from reviews.assessment import FACT_FIELDS, Scorer, latest_overrides
from reviews.models import Publication, Reminder, ReportEvent
from reviews.queries import (
    NO_ACTIVITY,
    Circular,
    ReviewActivity,
    counts_by_region,
    review_activity,
)
from reviews.rollups import region_totals
from reviews.xlsx import Column, Workbook

CHUNK = 1000
# Cells that a spreadsheet would take for a formula: report text and names come from uploads.
FORMULA_START = frozenset("=+-@\t\r")


def columns() -> list[Column]:
    part_labels = {key: Section.Part(key).label for key in REQUIRED_PART_KEYS}
    part_columns = []
    for key in REQUIRED_PART_KEYS:
        part_columns += [
            Column(str(part_labels[key]), 12),
            Column(_("%(part)s: where") % {"part": part_labels[key]}, 16),
        ]
    return [
        Column(_("Region"), 12),
        Column(_("Agency"), 36),
        Column(_("Status"), 12),
        Column(_("Version"), 7),
        Column(_("Submitted at"), 17),
        Column(_("On time"), 8),
        *part_columns,
        Column(_("Structure"), 10),
        Column(_("Order kept"), 10),
        Column(_("Errors"), 7),
        Column(_("Warnings"), 7),
        Column(_("Notes"), 7),
        Column(_("Reused (%)"), 9),
        Column(_("Open comments"), 10),
        Column(_("Last decision"), 14),
        Column(_("Decided at"), 17),
        Column(_("Publication"), 14),
        Column(_("Contacts"), 40),
        Column(_("Last reminded"), 17),
        Column(_("Score"), 8),
    ]


#: What a row needs of an annotated agency; plain values are cheaper than model instances.
ROW_FIELDS = (
    "pk",
    "name",
    "region__name",
    "report_id",
    "report_status",
    "report_version",
    "report_submitted_at",
    "report_verdict",
    "report_order_ok",
    "report_errors",
    "report_warnings",
    "report_infos",
    "report_reuse",
    "report_part_places",
    *(f"report_{key}" for key in REQUIRED_PART_KEYS),
    "on_time",
    "overdue",
    "publication_state",
)
# And what the year's assessment reads.
ROW_FIELDS += tuple(name for name in FACT_FIELDS if name not in ROW_FIELDS)


@dataclass(frozen=True)
class DeductionLine:
    region: str
    agency: str
    item: str
    times: int
    points: Decimal
    reason: str  # the legal office's, where it changed the computed deduction


class CompletenessTable:
    """The rows of the table for agencies annotated by reviews.queries.with_handed_in_report.

    Iterating yields the rows chunk by chunk; the deductions of the year's assessment are
    gathered on the way, for the sheet that lists them.
    """

    def __init__(self, agencies: QuerySet[Agency], period: ReportingPeriod) -> None:
        self.agencies = agencies
        self.period = period
        self.deductions: list[DeductionLine] = []
        self.scorer = Scorer(period)
        self.width = len(columns())
        # Labels translated once: a lazy label would be translated again in every row.
        self.statuses = {key: str(label) for key, label in Report.Status.choices}
        self.verdicts = {key: str(label) for key, label in Report.Verdict.choices}
        self.decisions = {key: str(label) for key, label in ReportEvent.Kind.choices}
        self.part_words = {"present": _("Yes"), "embedded": _("Partly"), "missing": _("No")}
        self.yes, self.no = _("Yes"), _("No")
        self.not_submitted = {True: _("Overdue, not submitted"), False: _("Not submitted")}
        self.publications = {key: str(label) for key, label in Publication.State.choices}
        self.places = place_words()
        self.zone = timezone.get_current_timezone()

    def local(self, moment: datetime.datetime | None) -> datetime.datetime | None:
        # Spreadsheets know no time zones: write Beijing time as the reviewer reads it.
        return moment.astimezone(self.zone).replace(tzinfo=None, microsecond=0) if moment else None

    def __iter__(self) -> Iterator[list[Any]]:
        # Comments and decisions of the whole period at once: two grouped queries, cheaper
        # than one pair per chunk, and a few small tuples per agency to hold.
        # So too the contacts, reminders and overrides: a list of a thousand ids per chunk
        # costs more to send than these few rows.
        ids = self.agencies.values("pk")
        self.activity = review_activity(self.period, ids)
        self.contacts = _contacts(ids)
        self.reminded = dict(
            Reminder.objects.filter(agency_id__in=ids, period=self.period)
            .values("agency_id")
            .annotate(latest=Max("created_at"))
            .values_list("agency_id", "latest")
        )
        self.overrides = latest_overrides(self.period, ids) if self.scorer else {}
        chunk: list[dict[str, Any]] = []
        for agency in self.agencies.values(*ROW_FIELDS).iterator(chunk_size=CHUNK):
            chunk.append(agency)
            if len(chunk) == CHUNK:
                yield from self.for_chunk(chunk)
                chunk = []
        yield from self.for_chunk(chunk)

    def for_chunk(self, chunk: list[dict[str, Any]]) -> Iterator[list[Any]]:
        scores = self.scorer.score(chunk, self.overrides)
        for agency in chunk:
            if agency["report_id"] is None:
                row = [
                    agency["region__name"],
                    agency["name"],
                    self.not_submitted[agency["overdue"]],
                ] + [""] * (self.width - 7)
            else:
                row = self.row(agency, self.activity.get(agency["pk"], NO_ACTIVITY))
            assessment = scores.get(agency["pk"])
            if assessment is not None:
                self.deductions += [
                    DeductionLine(
                        region=agency["region__name"],
                        agency=agency["name"],
                        item=deduction.label,
                        times=deduction.times,
                        points=deduction.points,
                        reason=deduction.override.reason if deduction.overridden else "",
                    )
                    for deduction in assessment.lost
                ]
            yield [
                *row,
                self.publications.get(agency["publication_state"], ""),
                self.contacts.get(agency["pk"], ""),
                self.local(self.reminded.get(agency["pk"])),
                float(assessment.score) if assessment is not None else "",
            ]

    def row(self, agency: dict[str, Any], activity: ReviewActivity) -> list[Any]:
        places = agency["report_part_places"] or {}
        part_cells: list[Any] = []
        for key in REQUIRED_PART_KEYS:
            status = agency[f"report_{key}"]
            where = places.get(key)
            part_cells += [
                self.part_words.get(status, ""),
                self.places.get(where, where) if where else "",
            ]
        on_time = agency["on_time"]
        return [
            agency["region__name"],
            agency["name"],
            self.statuses.get(agency["report_status"], agency["report_status"]),
            agency["report_version"],
            self.local(agency["report_submitted_at"]),
            "" if on_time is None else (self.yes if on_time else self.no),
            *part_cells,
            self.verdicts.get(agency["report_verdict"], ""),
            self.yes if agency["report_order_ok"] else self.no,
            agency["report_errors"],
            agency["report_warnings"],
            agency["report_infos"],
            # Whole per cent, as the dashboard shows it; a number the spreadsheet can sort.
            "" if agency["report_reuse"] is None else round(agency["report_reuse"] * 100),
            activity.open_comments,
            self.decisions.get(activity.last_decision, "") if activity.last_decision else "",
            self.local(activity.last_decision_at),
        ]


def _contacts(agency_ids: QuerySet[Agency]) -> dict[int, str]:
    """Each agency's staff as one cell: name, phone, e-mail; one query."""
    people: dict[int, list[str]] = {}
    staff = (
        User.objects.filter(agency_id__in=agency_ids, role=Role.AGENCY, is_active=True)
        .order_by("username")
        .values_list("agency_id", "last_name", "first_name", "username", "phone", "email")
    )
    for agency_id, last, first, username, phone, email in staff:
        person = " ".join(part for part in (f"{last}{first}" or username, phone, email) if part)
        people.setdefault(agency_id, []).append(person)
    return {agency_id: "；".join(found) for agency_id, found in people.items()}


@dataclass(frozen=True)
class RegionCount:
    region: str
    depth: int  # how far below the top of the user's regions: a sheet indents by it
    expected: int
    submitted: int
    complete: int
    partial: int
    incomplete: int
    overdue: int


def region_counts(agencies: QuerySet[Agency], regions: Iterable[Region]) -> list[RegionCount]:
    """Per region, rolled up the tree: expected, submitted, complete, partial, incomplete,
    overdue. One query for the counts, one for the regions."""
    return [
        RegionCount(region=node.region.name, depth=node.depth, **node.total)
        for node in region_totals(counts_by_region(agencies), regions)
    ]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV in UTF-8 with a BOM: without it Excel on Chinese Windows reads the file as GBK."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([column.header for column in columns()])
    lines: list[str] = []
    for row in rows:
        # Inline rather than a function per cell: a province's table has 400,000 cells.
        cells = [
            ("'" + value if value[:1] in FORMULA_START else value)
            if type(value) is str
            else _csv_cell(value)
            for value in row
        ]
        lines.append(writer.writerow(cells))
        if len(lines) == CSV_LINES_PER_PIECE:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


#: Lines sent in one piece of the streamed CSV: one write per line would cost more than it makes.
CSV_LINES_PER_PIECE = 200


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return "'" + value if value[:1] in FORMULA_START else value
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def write_xlsx(
    rows: Iterable[list[Any]], counts: list[RegionCount], circular: Circular | None = None
) -> IO[bytes]:
    """The table as an XLSX in a temporary file (rewound), plus a sheet of counts per region;
    with a CompletenessTable under a rubric, a sheet of deductions; with `circular`, its list."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    workbook = Workbook(output)
    table = workbook.add_sheet(_("Completeness"), columns(), freeze=(1, 2), autofilter=True)
    for row in rows:
        table.write_row(row)

    summary = workbook.add_sheet(
        _("By region"),
        [
            Column(_("Region"), 20),
            *(
                Column(heading, 14)
                for heading in (
                    pgettext("reports counted", "Expected"),
                    pgettext("reports counted", "Submitted"),
                    _("Complete"),
                    _("Partial"),
                    _("Incomplete"),
                    _("Overdue, not submitted"),
                )
            ),
        ],
        freeze=(1, 1),
    )
    for count in counts:
        summary.write_row(
            [
                # Full-width spaces: the sheet shows the tree as indents, as Chinese tables do.
                "\u3000" * count.depth + count.region,
                count.expected,
                count.submitted,
                count.complete,
                count.partial,
                count.incomplete,
                count.overdue,
            ]
        )
    if isinstance(rows, CompletenessTable) and rows.scorer:
        _deductions_sheet(workbook, rows.deductions)
    if circular is not None:
        _circular_sheet(workbook, circular)
    workbook.close()
    output.seek(0)
    return output


def _deductions_sheet(workbook: Workbook, lines: list[DeductionLine]) -> None:
    sheet = workbook.add_sheet(
        _("Deductions"),
        [
            Column(_("Region"), 12),
            Column(_("Agency"), 36),
            Column(_("Item"), 30),
            Column(_("Times"), 7),
            Column(_("Points deducted"), 10),
            Column(_("Changed by the legal office because"), 40),
        ],
        freeze=(1, 2),
        autofilter=True,
    )
    for line in lines:
        sheet.write_row(
            [line.region, line.agency, line.item, line.times, float(line.points), line.reason]
        )


def _circular_sheet(workbook: Workbook, circular: Circular) -> None:
    sheet = workbook.add_sheet(
        _("Circular list"),
        [
            Column(_("Failing"), 16),
            Column(_("Region"), 12),
            Column(_("Agency"), 36),
            Column(_("Date"), 12),
        ],
        autofilter=True,
    )
    groups = [
        (_("Not reported"), circular.not_reported, "deadline"),
        (_("Reported late"), circular.reported_late, "handed_in"),
        (_("Not made public"), circular.not_published, ""),
        (_("Made public late"), circular.published_late, "published_on"),
    ]
    for label, entries, date_field in groups:
        for entry in entries:
            day = getattr(entry, date_field) if date_field else None
            if isinstance(day, datetime.datetime):
                day = timezone.localtime(day).date()
            sheet.write_row([label, entry.region, entry.agency, day])
