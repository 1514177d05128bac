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
from typing import IO, Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.models import Agency, Report, ReportingPeriod, Section
from reports.presentation import where_label
from reports.stored import REQUIRED_PART_KEYS, StoredPart, parts_from_json
from reviews.models import ReportEvent
from reviews.queries import completeness_counts

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
    ]


#: What a row needs of an annotated agency; plain values are cheaper than model instances.
ROW_FIELDS = (
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
    *(f"report_{key}" for key in REQUIRED_PART_KEYS),
    "on_time",
    "overdue",
    "open_comments",
    "last_decision",
    "last_decision_at",
)


def completeness_rows(agencies: QuerySet[Agency], period: ReportingPeriod) -> Iterator[list[Any]]:
    """Rows of the table for agencies annotated by reviews.queries.with_handed_in_report."""
    rows = _RowMaker(period)
    chunk: list[dict[str, Any]] = []
    for agency in agencies.values(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(agency)
        if len(chunk) == CHUNK:
            yield from rows.for_chunk(chunk)
            chunk = []
    yield from rows.for_chunk(chunk)


class _RowMaker:
    def __init__(self, period: ReportingPeriod) -> None:
        self.width = len(columns())
        # Labels translated once: a lazy label would be translated again in every row.
        self.statuses = {key: str(label) for key, label in Report.Status.choices}
        self.verdicts = {key: str(label) for key, label in Report.Verdict.choices}
        self.decisions = {key: str(label) for key, label in ReportEvent.Kind.choices}
        self.part_words = {"present": _("Yes"), "embedded": _("Partly"), "missing": _("No")}
        self.yes, self.no = _("Yes"), _("No")
        self.not_submitted = {True: _("Overdue, not submitted"), False: _("Not submitted")}

    def for_chunk(self, chunk: list[dict[str, Any]]) -> Iterator[list[Any]]:
        ids = [agency["report_id"] for agency in chunk if agency["report_id"]]
        # Only the parts' "where" is read from the stored result, not the whole checker output.
        wheres = dict(Report.objects.filter(pk__in=ids).values_list("pk", "result__parts"))
        for agency in chunk:
            if agency["report_id"] is None:
                yield [
                    agency["region__name"],
                    agency["name"],
                    self.not_submitted[agency["overdue"]],
                ] + [""] * (self.width - 3)
            else:
                yield self.row(agency, parts_from_json(wheres.get(agency["report_id"])))

    def row(self, agency: dict[str, Any], parts: tuple[StoredPart, ...]) -> list[Any]:
        part_cells: list[Any] = []
        for part in parts:
            part_cells += [
                self.part_words.get(agency[f"report_{part.key}"], ""),
                where_label(part.where),
            ]
        on_time = agency["on_time"]
        return [
            agency["region__name"],
            agency["name"],
            self.statuses.get(agency["report_status"], agency["report_status"]),
            agency["report_version"],
            _local(agency["report_submitted_at"]),
            "" if on_time is None else (self.yes if on_time else self.no),
            *part_cells,
            self.verdicts.get(agency["report_verdict"], ""),
            self.yes if agency["report_order_ok"] else self.no,
            agency["report_errors"],
            agency["report_warnings"],
            agency["report_infos"],
            # Whole per cent, as the dashboard shows it; a number the spreadsheet can sort.
            "" if agency["report_reuse"] is None else round(agency["report_reuse"] * 100),
            agency["open_comments"],
            self.decisions.get(agency["last_decision"], "") if agency["last_decision"] else "",
            _local(agency["last_decision_at"]),
        ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Spreadsheets know no time zones: write Beijing time as the reviewer reads it.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


@dataclass(frozen=True)
class RegionCount:
    region: str
    expected: int
    submitted: int
    complete: int
    partial: int
    incomplete: int
    overdue: int


def region_counts(agencies: QuerySet[Agency], period: ReportingPeriod) -> list[RegionCount]:
    """Per region: expected, submitted, complete, partial, incomplete, overdue. One query."""
    totals = (
        agencies.order_by()
        .values("region__name", "region__code")
        .annotate(**completeness_counts())
        .order_by("region__code")
    )
    return [
        RegionCount(
            region=row["region__name"],
            expected=row["expected"],
            submitted=row["submitted"],
            complete=row["complete"],
            partial=row["partial"],
            incomplete=row["incomplete"],
            overdue=row["overdue"],
        )
        for row in totals
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
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_xlsx(rows: Iterable[list[Any]], counts: list[RegionCount]) -> IO[bytes]:
    """The table as an XLSX in a temporary file (rewound), plus a sheet of counts per region."""
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
            elif isinstance(value, int):
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
        summary.write_string(row_index, 0, count.region)
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
    workbook.close()
    output.seek(0)
    return output
