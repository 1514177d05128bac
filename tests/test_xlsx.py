"""The XLSX writer of the completeness table, read back by openpyxl and by LibreOffice."""

import csv
import datetime
import io
import os
import pathlib
import shutil
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from reviews.xlsx import Column, Workbook, XlsxError, column_letters
from tests.parsing.test_extract_soffice import soffice_convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Calc, the part of LibreOffice that opens spreadsheets, is a package of its own.
HAS_CALC = bool(SOFFICE) and any(
    (pathlib.Path(os.path.realpath(SOFFICE)).parent / name).exists()
    for name in ("libsclo.so", "libsclo.dylib", "sclo.dll")
)
# Spreadsheets hold local times without a zone.
MOMENT = datetime.datetime(2024, 2, 20, 9, 30)  # noqa: DTZ001
ROWS = [
    ["甲县司法局", 3, 2.5, MOMENT, datetime.date(2024, 4, 1), "=SUM(A1:A2)"],
    ["<b>&amp;</b>", Decimal("0.5"), None, "", "\u3000\u3000缩进", "行一\n行二"],
    ["含\x00控制\x1f字符", -1, 0, True, " 前后空格 ", "@cmd"],
]


def workbook_bytes(rows=ROWS, **sheet) -> bytes:
    output = io.BytesIO()
    book = Workbook(output)
    table = book.add_sheet(
        "完成情况", [Column(f"列{index}", 10 + index) for index in range(6)], **sheet
    )
    for row in rows:
        table.write_row(row)
    other = book.add_sheet("By 'region'", [Column("Region", 20), Column("Count", 8)])
    other.write_row(["甲县", 4])
    book.close()
    return output.getvalue()


def test_cells_read_back_with_their_types():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes()))

    rows = list(book.worksheets[0].iter_rows(values_only=True))

    assert rows[0] == tuple(f"列{index}" for index in range(6))
    day = datetime.datetime(2024, 4, 1)  # noqa: DTZ001 - openpyxl reads a date as a datetime
    assert rows[1] == ("甲县司法局", 3, 2.5, MOMENT, day, "=SUM(A1:A2)")
    assert rows[2] == ("<b>&amp;</b>", 0.5, None, None, "\u3000\u3000缩进", "行一\n行二")
    assert rows[3] == ("含控制字符", -1, 0, True, " 前后空格 ", "@cmd")


def test_text_that_looks_like_a_formula_stays_text():
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes())).worksheets[0]

    assert sheet["F2"].data_type == "s"
    assert sheet["F2"].value == "=SUM(A1:A2)"


def test_dates_carry_their_formats_and_the_header_its_style():
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes())).worksheets[0]

    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.b
    assert sheet["A1"].fill.fgColor.rgb == "FFE8F0FA"
    assert sheet["A1"].alignment.wrap_text
    assert not sheet["A2"].font.b


def test_layout_widths_frozen_panes_and_autofilter():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(freeze=(1, 2), autofilter=True)))
    table, other = book.worksheets

    assert [sheet.title for sheet in book.worksheets] == ["完成情况", "By 'region'"]
    assert table.freeze_panes == "C2"
    assert other.freeze_panes == "A2"
    assert table.auto_filter.ref == "A1:F4"
    assert other.auto_filter.ref is None
    assert round(table.column_dimensions["B"].width) == 12
    assert other["A2"].value == "甲县"


def test_time_zone_aware_times_refused():
    with pytest.raises(XlsxError):
        workbook_bytes(rows=[[MOMENT.replace(tzinfo=datetime.UTC)]])


@pytest.mark.parametrize("name", ["", "a" * 32, "区域[1]", "a/b"])
def test_sheet_names_a_spreadsheet_refuses_are_refused(name):
    book = Workbook(io.BytesIO())
    with pytest.raises(XlsxError):
        book.add_sheet(name, [Column("A", 5)])


def test_two_sheets_of_one_name_refused():
    book = Workbook(io.BytesIO())
    book.add_sheet("Sheet", [Column("A", 5)])
    with pytest.raises(XlsxError):
        book.add_sheet("SHEET", [Column("A", 5)])


def test_long_text_cut_to_what_a_cell_holds():
    data = workbook_bytes(rows=[["长" * 40_000]])

    value = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value
    assert len(value) == 32_767


def test_package_is_a_well_formed_zip_with_each_part_once():
    with zipfile.ZipFile(io.BytesIO(workbook_bytes())) as package:
        names = package.namelist()

    assert sorted(names) == sorted(
        [
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "[Content_Types].xml",
            "_rels/.rels",
        ]
    )


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letters(index, letters):
    assert column_letters(index) == letters


@pytest.mark.skipif(
    not HAS_CALC, reason="LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)"
)
def test_libreoffice_reads_the_table(tmp_path):
    data = soffice_convert(
        workbook_bytes(freeze=(1, 2), autofilter=True),
        ".xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, double quote, UTF-8
        tmp_path,
    )

    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [f"列{index}" for index in range(6)]
    assert rows[1] == ["甲县司法局", "3", "2.5", "2024-02-20 09:30", "2024-04-01", "=SUM(A1:A2)"]
    assert rows[2][0] == "<b>&amp;</b>"
    assert rows[2][4] == "\u3000\u3000缩进"
    assert rows[3][0] == "含控制字符"
