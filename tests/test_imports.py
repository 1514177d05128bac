"""Reading and checking agency lists: encodings, headers, row numbers and every kind of bad row."""

import csv
import io

import openpyxl
import pytest

from reports.imports import MAX_ROWS, ImportFileError, ImportRow, read_rows, validate
from reports.models import Agency, AgencyAlias, Role, User

HEADER = ["单位名称", "地区代码", "类型", "别名", "用户名", "姓名", "电子邮箱"]


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_error(data, filename="agencies.csv"):
    with pytest.raises(ImportFileError) as caught:
        read_rows(data, filename)
    return caught.value.message


SAMPLE = [
    HEADER,
    ["甲县教育局", "100001", "部门", "县教育局、甲县教体局", "jiaoyu", "李四", "li@example.cn"],
]
SAMPLE_ROW = ImportRow(
    number=2,
    name="甲县教育局",
    region_code="100001",
    kind="部门",
    aliases="县教育局、甲县教体局",
    username="jiaoyu",
    full_name="李四",
    email="li@example.cn",
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_read_rows_decodes_csv_encoding(encoding):
    assert read_rows(csv_bytes(SAMPLE, encoding), "agencies.csv").rows == [SAMPLE_ROW]


def test_read_rows_reads_xlsx_with_numeric_codes():
    rows = [
        HEADER,
        ["甲县教育局", 100001, "部门", "县教育局、甲县教体局", "jiaoyu", "李四", "li@example.cn"],
    ]

    assert read_rows(xlsx_bytes(rows), "agencies.xlsx").rows == [SAMPLE_ROW]


def test_read_rows_reads_workbook_whatever_its_name():
    assert read_rows(xlsx_bytes(SAMPLE), "agencies.csv").rows == [SAMPLE_ROW]


def test_read_rows_accepts_english_headers_in_any_order():
    rows = [
        ["Email", "Username", "Region", "Name", "Type"],
        ["li@example.cn", "jiaoyu", "甲县", "甲县教育局", "township"],
    ]

    assert read_rows(csv_bytes(rows), "agencies.csv").rows == [
        ImportRow(
            number=2,
            name="甲县教育局",
            region="甲县",
            kind="township",
            username="jiaoyu",
            email="li@example.cn",
        )
    ]


def test_read_rows_lists_ignored_columns():
    rows = [[*HEADER, "备注"], ["甲县教育局", "100001", "", "", "", "", "", "新设"]]

    assert read_rows(csv_bytes(rows), "agencies.csv").ignored_columns == ["备注"]


def test_read_rows_numbers_rows_as_the_sheet_shows_them():
    rows = [HEADER, ["第一行\n两行", "100001"], [], ["", ""], ["第四行", "100001"]]

    numbers = [row.number for row in read_rows(csv_bytes(rows), "agencies.csv").rows]

    assert numbers == [2, 5]


def test_read_rows_numbers_xlsx_rows_as_the_sheet_shows_them():
    rows = [HEADER, ["第二行", 100001], [], [None, None], ["第五行", 100001]]

    numbers = [row.number for row in read_rows(xlsx_bytes(rows), "agencies.xlsx").rows]

    assert numbers == [2, 5]


def test_read_rows_keeps_comma_quote_and_newline_in_name():
    name = '甲县"法治"办,\n综合科'

    rows = read_rows(csv_bytes([HEADER, [name, "100001"]]), "agencies.csv").rows

    assert [row.name for row in rows] == [name]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的。"),
        (b"\r\n\r\n", "文件是空的。"),
        ("单位名称,地区代码\r\n".encode(), "文件只有标题行，没有单位数据。"),
        ("名字,地区代码\r\n甲,1\r\n".encode(), "缺少“单位名称”列。第一行必须是列名。"),
        ("单位名称,类型\r\n甲,部门\r\n".encode(), "缺少“地区代码”或“地区”列。"),
        ("单位名称,name,地区\r\n甲,乙,丙\r\n".encode(), "“单位名称”列出现了两次。"),
        (b"PK\x03\x04broken", "无法读取该 Excel 文件。请打开后重新另存为 .xlsx。"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "这是旧版 Excel（.xls）文件。请另存为 .xlsx 或 CSV 后重新上传。",
        ),
        (b"a,b\x00c", "无法将该文件作为 CSV 文本读取。"),
        (b"\xef\xbb\xbf\xff\xfe", "无法识别文件的文字编码。请另存为“CSV UTF-8”或 .xlsx 格式。"),
    ],
)
def test_read_rows_rejects_unusable_file(data, message):
    assert file_error(data) == message


def test_read_rows_rejects_other_file_types():
    assert file_error(b"hello", "agencies.pdf") == "请上传 CSV（.csv）或 Excel（.xlsx）文件。"


def test_read_rows_rejects_too_many_rows():
    data = csv_bytes([HEADER] + [[f"单位{i}", "100001"] for i in range(MAX_ROWS + 1)])

    assert file_error(data) == "文件超过 20000 行，请拆分后分批导入。"


def test_read_rows_rejects_large_file():
    assert file_error(b"x" * (5 * 1024 * 1024 + 1)) == "文件超过 5 MB。"


def errors_by_row(rows, **options):
    return {result.row.number: result.errors for result in validate(rows, **options)}


def test_validate_accepts_good_rows(region):
    rows = [
        ImportRow(number=2, name="甲县教育局", region_code="100001", aliases="县教育局；教体局"),
        ImportRow(number=3, name="甲县青山镇", region="甲县", kind="乡镇", username="qingshan"),
    ]

    results = validate(rows)

    assert [(r.errors, r.region, r.kind, r.aliases, r.creates_user) for r in results] == [
        ([], region, "department", ["县教育局", "教体局"], False),
        ([], region, "township", [], True),
    ]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (ImportRow(number=7, region_code="100001"), "缺少单位名称。"),
        (ImportRow(number=7, name="新单位"), "缺少地区。"),
        (ImportRow(number=7, name="新单位", region_code="999999"), "没有代码为“999999”的地区。"),
        (ImportRow(number=7, name="新单位", region="丙县"), "没有名为“丙县”的地区。"),
        (
            ImportRow(number=7, name="新单位", region_code="100001", region="乙县"),
            "地区代码“100001”与地区“乙县”不一致。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", kind="局"),
            "类型“局”无法识别：请填写部门、乡镇、开发区、人民政府、省人民政府、示范地区或其他。",
        ),
        (ImportRow(number=7, name="甲县司法局", region_code="100001"), "单位“甲县司法局”已存在。"),
        (
            ImportRow(number=7, name="县司法局", region_code="100001"),
            "“县司法局”已是其他单位的别名。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", aliases="县司法局"),
            "别名“县司法局”已属于其他单位。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", aliases="乙县司法局"),
            "别名“乙县司法局”是另一已有单位的名称。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", username="Clerk"),
            "用户名“Clerk”已被占用。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", username="张 三"),
            "用户名“张 三”只能包含字母、数字和 @ . + - _。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", username="x", email="x@"),
            "“x@”不是有效的电子邮箱地址。",
        ),
        (
            ImportRow(number=7, name="新单位", region_code="100001", email="x@example.cn"),
            "填写了姓名或电子邮箱，但没有填写用户名。",
        ),
    ],
)
def test_validate_reports_bad_row(agency, other_agency, agency_user, row, error):
    AgencyAlias.objects.create(agency=agency, name="县司法局")

    assert errors_by_row([row]) == {7: [error]}


def test_validate_reports_duplicates_within_the_file_on_each_row(region):
    rows = [
        ImportRow(number=2, name="甲县教育局", region_code="100001", username="jy"),
        ImportRow(
            number=3, name="甲县财政局", region_code="100001", aliases="财政局", username="JY"
        ),
        ImportRow(number=4, name="甲县教育局", region_code="100001", aliases="财政局"),
    ]

    assert errors_by_row(rows) == {
        2: ["单位“甲县教育局”重复（另见第 4 行）。", "用户名“jy”在文件中重复出现。"],
        3: ["别名“财政局”在文件中重复出现。", "用户名“JY”在文件中重复出现。"],
        4: ["单位“甲县教育局”重复（另见第 2 行）。", "别名“财政局”在文件中重复出现。"],
    }


def test_validate_reports_alias_that_names_another_row(region):
    rows = [
        ImportRow(number=2, name="甲县教育局", region_code="100001", aliases="甲县财政局"),
        ImportRow(number=3, name="甲县财政局", region_code="100001"),
    ]

    assert errors_by_row(rows) == {2: ["别名“甲县财政局”同时是文件中另一单位的名称。"], 3: []}


def test_validate_accepts_existing_agency_when_updating(agency, agency_user, other_region):
    AgencyAlias.objects.create(agency=agency, name="县司法局")
    row = ImportRow(
        number=2, name="甲县司法局", region_code="100002", aliases="县司法局", username="clerk"
    )

    (result,) = validate([row], update_existing=True)

    assert (result.errors, result.existing, result.region, result.creates_user) == (
        [],
        agency,
        other_region,
        False,
    )


def test_validate_still_refuses_other_agencys_user_when_updating(agency, outsider):
    row = ImportRow(number=2, name="甲县司法局", region_code="100001", username="outsider")

    assert errors_by_row([row], update_existing=True) == {2: ["用户名“outsider”已被占用。"]}


def test_validate_queries_do_not_grow_with_rows(region, django_assert_num_queries):
    rows = [
        ImportRow(number=n, name=f"单位{n}", region_code="100001", username=f"u{n}")
        for n in range(2, 1202)
    ]

    # regions, then agencies, aliases and users in slices of 500 names
    with django_assert_num_queries(1 + 3 + 3 + 3):
        validate(rows)


def test_validate_leaves_database_alone(region):
    validate([ImportRow(number=2, name="甲县教育局", region_code="100001", username="jy")])

    assert (Agency.objects.count(), User.objects.filter(role=Role.AGENCY).count()) == (0, 0)
