"""A small streaming XLSX writer for the completeness table: tables of text, numbers and dates.

Why not xlsxwriter: in its constant-memory mode it spends ~1.1 s on the 15,000 rows × 40 cells
of a province's table, most of the 1.5 s an export may take. A table needs little of the format:
a header style, two date formats, column widths, frozen panes and an autofilter. Each row here
becomes one string of XML, written straight into the zip member of its sheet, so memory stays
flat in the rows. Text goes in as inline strings, which a spreadsheet never reads as a formula.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

#: The most characters a cell holds in Excel; a longer text is cut.
MAX_CELL_CHARS = 32767
MAX_ROWS = 1_048_576
# Rows gathered before one write into the zip member: a write per row costs more than the row.
_ROWS_PER_WRITE = 200
# Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Spreadsheet serial days count from 1899-12-30 (the 1900 leap-year convention).
_EPOCH_DAY = datetime.date(1899, 12, 30).toordinal()

# Style indexes in styles.xml's cellXfs, in the order written there.
_PLAIN, _HEADER, _DATETIME, _DATE = 0, 1, 2, 3
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFE8F0FA"/><bgColor indexed="64"/>\
</patternFill></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom>\
<diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" \
applyBorder="1" applyAlignment="1"><alignment wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


class XlsxError(ValueError):
    """A workbook asked of the writer that a spreadsheet cannot hold."""


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters, as a spreadsheet measures a column


def column_letters(index: int) -> str:
    """A, B, … Z, AA, AB … for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class Sheet:
    """One worksheet being written: a header row, then rows, in order."""

    def __init__(
        self,
        stream: IO[bytes],
        columns: Sequence[Column],
        *,
        freeze: tuple[int, int],
        autofilter: bool,
    ) -> None:
        self.stream = stream
        self.letters = [column_letters(index) for index in range(len(columns))]
        self.autofilter = autofilter
        self.rows = 0
        self.pending: list[str] = []
        pane = _frozen_pane(*freeze)
        widths = "".join(
            f'<col min="{index}" max="{index}" width="{column.width + 0.71:.2f}" customWidth="1"/>'
            for index, column in enumerate(columns, start=1)
        )
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
        )
        self.write_row([column.header for column in columns], style=_HEADER)

    def write_row(self, values: Iterable[Any], *, style: int = _PLAIN) -> None:
        """One row of text, numbers (int, float, Decimal), dates and datetimes; None and "" are
        left empty; anything else is written as its text."""
        if self.rows == MAX_ROWS:
            raise XlsxError(f"a sheet holds at most {MAX_ROWS:,} rows")
        self.rows += 1
        number = str(self.rows)
        cells = []
        for letter, value in zip(self.letters, values, strict=False):
            if value is None or value == "":
                continue
            # The common types first, by exact type: a table has ~40 cells a row.
            kind = type(value)
            if kind is str:
                cells.append(f'<c r="{letter}{number}"{_text(value, style)}')
            elif kind is int or (kind is float and math.isfinite(value)):
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
            else:
                cells.append(_other_cell(letter + number, value, style))
        self.pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.pending) == _ROWS_PER_WRITE:
            self._flush()

    def close(self) -> str:
        """End the sheet; return the range its autofilter covers, or ""."""
        self._flush()
        self._write("</sheetData>")
        covered = ""
        if self.autofilter:
            covered = f"A1:{self.letters[-1]}{max(self.rows, 2)}"
            self._write(f'<autoFilter ref="{covered}"/>')
        self._write("</worksheet>")
        self.stream.close()
        return covered

    def _flush(self) -> None:
        self._write("".join(self.pending))
        self.pending = []

    def _write(self, xml: str) -> None:
        self.stream.write(xml.encode())


def _serial(moment: datetime.date) -> float:
    """A date or a naive datetime as a spreadsheet's serial day number."""
    day = moment.toordinal() - _EPOCH_DAY
    if not isinstance(moment, datetime.datetime):
        return day
    if moment.tzinfo is not None:
        # A spreadsheet has no time zones: the caller says which local time the reader sees.
        raise XlsxError("a time with a time zone: convert it to local time first")
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return day + seconds / 86400


def _frozen_pane(rows: int, cols: int) -> str:
    """The sheet view's pane that keeps `rows` rows and `cols` columns in view."""
    if not (rows or cols):
        return ""
    active = {(True, True): "bottomRight", (True, False): "bottomLeft"}.get(
        (bool(rows), bool(cols)), "topRight"
    )
    split = (f'xSplit="{cols}" ' if cols else "") + (f'ySplit="{rows}" ' if rows else "")
    return (
        f'<pane {split}topLeftCell="{column_letters(cols)}{rows + 1}" activePane="{active}" '
        f'state="frozen"/><selection pane="{active}"/>'
    )


def _other_cell(where: str, value: Any, style: int) -> str:
    if isinstance(value, bool):
        return f'<c r="{where}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        if not math.isfinite(value):
            raise XlsxError(f"not a number a spreadsheet holds: {value}")
        return f'<c r="{where}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        return f'<c r="{where}" s="{_DATETIME}"><v>{_serial(value)!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{where}" s="{_DATE}"><v>{_serial(value)}</v></c>'
    return f'<c r="{where}"{_text(str(value), style)}'


@functools.lru_cache(maxsize=4096)
def _text(text: str, style: int) -> str:
    """A text cell after its reference: statuses and yes/no repeat on every row."""
    text = _NOT_XML.sub("", text)[:MAX_CELL_CHARS]
    # Without xml:space a reader may drop the spaces that open or close the text.
    space = ' xml:space="preserve"' if text != text.strip(" \t\n") else ""
    styled = f' s="{style}"' if style else ""
    return f'{styled} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class Workbook:
    """Sheets written one after the other into an XLSX package in `output`."""

    def __init__(self, output: IO[bytes]) -> None:
        # Level 1: the table compresses nearly as well, in a third of the time of the default.
        self.package = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []
        self.filters: list[str] = []
        self.current: Sheet | None = None

    def add_sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        freeze: tuple[int, int] = (1, 0),
        autofilter: bool = False,
    ) -> Sheet:
        """A new sheet, after the one written before it (which is ended)."""
        if not 0 < len(name) <= 31 or _SHEET_NAME_FORBIDDEN.search(name):
            raise XlsxError(f"not a sheet name: {name!r}")
        if name.casefold() in (known.casefold() for known in self.names):
            raise XlsxError(f"two sheets named {name!r}")
        if not columns:
            raise XlsxError("a sheet needs at least one column")
        self._end_sheet()
        self.names.append(name)
        stream = self.package.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w")
        self.current = Sheet(stream, columns, freeze=freeze, autofilter=autofilter)
        return self.current

    def close(self) -> None:
        self._end_sheet()
        if not self.names:
            raise XlsxError("a workbook needs at least one sheet")
        count = len(self.names)
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{index}" r:id="rId{index}"/>'
            for index, name in enumerate(self.names, start=1)
        )
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{escape(_quoted_sheet(name))}!{_absolute(covered)}</definedName>"
            for index, (name, covered) in enumerate(zip(self.names, self.filters, strict=True))
            if covered
        )
        defined = f"<definedNames>{filters}</definedNames>" if filters else ""
        self._put(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>{defined}</workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{index}" Type="{_RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
            for index in range(1, count + 1)
        )
        self._put(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{relations}'
            f'<Relationship Id="rId{count + 1}" Type="{_RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        self.package.writestr("xl/styles.xml", _STYLES)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            f'ContentType="{_CONTENT_TYPE}.worksheet+xml"/>'
            for index in range(1, count + 1)
        )
        self._put(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CONTENT_TYPE}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self._put(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        self.package.close()

    def _end_sheet(self) -> None:
        if self.current is not None:
            self.filters.append(self.current.close())
            self.current = None

    def _put(self, name: str, xml: str) -> None:
        self.package.writestr(
            name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
        )


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(covered: str) -> str:
    """A1:Z9 as $A$1:$Z$9."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", end) for end in covered.split(":"))
