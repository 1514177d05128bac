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

import xlsxwriter
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from reports.models import Agency, Region, Report, ReportingPeriod, Role, Section, User
from reports.presentation import place_words
from reports.stored import REQUIRED_PART_KEYS
from reviews.assessment import FACT_FIELDS, Scorer
from reviews.models import Publication, Reminder, ReportEvent
from reviews.queries import (
    NO_ACTIVITY,
    Circular,
    ReviewActivity,
    counts_by_region,
    review_activity,
)
from reviews.rollups import region_totals

CHUNK = 1000
# Cells that a spreadsheet would take for a formula: report text and names come from uploads.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in Excel character units; a Chinese character counts about two


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
        self.activity = review_activity(self.period, self.agencies.values("pk"))
        chunk: list[dict[str, Any]] = []
        for agency in self.agencies.values(*ROW_FIELDS).iterator(chunk_size=CHUNK):
            chunk.append(agency)
            if len(chunk) == CHUNK:
                yield from self.for_chunk(chunk)
                chunk = []
        yield from self.for_chunk(chunk)

    def for_chunk(self, chunk: list[dict[str, Any]]) -> Iterator[list[Any]]:
        agency_ids = [agency["pk"] for agency in chunk]
        contacts = _contacts(agency_ids)
        reminded = dict(
            Reminder.objects.filter(agency_id__in=agency_ids, period=self.period)
            .values("agency_id")
            .annotate(latest=Max("created_at"))
            .values_list("agency_id", "latest")
        )
        scores = self.scorer.score(chunk)
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
                contacts.get(agency["pk"], ""),
                self.local(reminded.get(agency["pk"])),
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


def _contacts(agency_ids: list[int]) -> dict[int, str]:
    """Each agency's staff as one cell: name, phone, e-mail; one query for a chunk."""
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


def region_counts(agencies: QuerySet[Agency], regions: QuerySet[Region]) -> list[RegionCount]:
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
        lines.append(writer.writerow([_csv_cell(value) for value in row]))
        if len(lines) == CSV_LINES_PER_PIECE:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


#: Lines sent in one piece of the streamed CSV: one write per line would cost more than it makes.
CSV_LINES_PER_PIECE = 200


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def write_xlsx(
    rows: Iterable[list[Any]], counts: list[RegionCount], circular: Circular | None = None
) -> IO[bytes]:
    """The table as an XLSX in a temporary file (rewound), plus a sheet of counts per region;
    with a CompletenessTable under a rubric, a sheet of deductions; with `circular`, its list."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd hh:mm",
        },
    )
    header = workbook.add_format(
        {"bold": True, "bg_color": "#E8F0FA", "border": 1, "text_wrap": True}
    )
    table = workbook.add_worksheet(_("Completeness"))
    cols = columns()
    for index, column in enumerate(cols):
        table.set_column(index, index, column.width)
        table.write_string(0, index, column.header, header)
    table.freeze_panes(1, 2)
    last_row = 0
    for last_row, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.datetime):
                table.write_datetime(last_row, index, value)
            elif isinstance(value, int | float):
                table.write_number(last_row, index, value)
            else:
                table.write_string(last_row, index, str(value))
    table.autofilter(0, 0, max(last_row, 1), len(cols) - 1)

    summary = workbook.add_worksheet(_("By region"))
    headings = [
        _("Region"),
        pgettext("reports counted", "Expected"),
        pgettext("reports counted", "Submitted"),
        _("Complete"),
        _("Partial"),
        _("Incomplete"),
        _("Overdue, not submitted"),
    ]
    for index, heading in enumerate(headings):
        summary.set_column(index, index, 14 if index else 20)
        summary.write_string(0, index, heading, header)
    summary.freeze_panes(1, 1)
    for row_index, count in enumerate(counts, start=1):
        # Full-width spaces: the sheet shows the tree as indents, as Chinese tables do.
        summary.write_string(row_index, 0, "\u3000" * count.depth + count.region)
        values = [
            count.expected,
            count.submitted,
            count.complete,
            count.partial,
            count.incomplete,
            count.overdue,
        ]
        for index, value in enumerate(values, start=1):
            summary.write_number(row_index, index, value)
    if isinstance(rows, CompletenessTable) and rows.scorer:
        _deductions_sheet(workbook, header, rows.deductions)
    if circular is not None:
        _circular_sheet(workbook, header, circular)
    workbook.close()
    output.seek(0)
    return output


def _deductions_sheet(workbook: Workbook, header: Format, lines: list[DeductionLine]) -> None:
    sheet = workbook.add_worksheet(_("Deductions"))
    headings = [
        (_("Region"), 12),
        (_("Agency"), 36),
        (_("Item"), 30),
        (_("Times"), 7),
        (_("Points deducted"), 10),
        (_("Changed by the legal office because"), 40),
    ]
    for index, (heading, width) in enumerate(headings):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, heading, header)
    sheet.freeze_panes(1, 2)
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 0, line.region)
        sheet.write_string(row, 1, line.agency)
        sheet.write_string(row, 2, line.item)
        sheet.write_number(row, 3, line.times)
        sheet.write_number(row, 4, float(line.points))
        if line.reason:
            sheet.write_string(row, 5, line.reason)
    sheet.autofilter(0, 0, max(len(lines), 1), len(headings) - 1)


def _circular_sheet(workbook: Workbook, header: Format, circular: Circular) -> None:
    sheet = workbook.add_worksheet(_("Circular list"))
    headings = [(_("Failing"), 16), (_("Region"), 12), (_("Agency"), 36), (_("Date"), 12)]
    for index, (heading, width) in enumerate(headings):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, heading, header)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    groups = [
        (_("Not reported"), circular.not_reported, "deadline"),
        (_("Reported late"), circular.reported_late, "handed_in"),
        (_("Not made public"), circular.not_published, ""),
        (_("Made public late"), circular.published_late, "published_on"),
    ]
    row = 0
    for label, entries, date_field in groups:
        for entry in entries:
            row += 1
            sheet.write_string(row, 0, label)
            sheet.write_string(row, 1, entry.region)
            sheet.write_string(row, 2, entry.agency)
            day = getattr(entry, date_field) if date_field else None
            if isinstance(day, datetime.datetime):
                day = timezone.localtime(day).date()
            if day is not None:
                sheet.write_datetime(
                    row, 3, datetime.datetime.combine(day, datetime.time()), date_format
                )
    sheet.autofilter(0, 0, max(row, 1), len(headings) - 1)
