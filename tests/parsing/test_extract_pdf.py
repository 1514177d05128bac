"""Reading PDFs: page furniture, wrapped lines, spacing, scans and password files."""

import resource

import pypdfium2
import pytest

from reports.parsing.extract import read_document
from reports.parsing.types import ReadError
from tests.parsing import builders

PHRASES = [
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "深入学习贯彻党的二十大精神和习近平法治思想",
    "严格落实重大行政决策程序规定",
    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度",
    "持续深化“放管服”改革，优化法治化营商环境",
    "认真办理行政复议和行政应诉案件",
    "组织干部职工参加学法用法考试，参考率和通过率均达到100%",
    "加强规范性文件合法性审核和备案管理",
]


def paragraph(index: int) -> str:
    """A distinct body paragraph of two to four wrapped lines."""
    parts = [PHRASES[(index + k) % len(PHRASES)] for k in range(2 + index % 3)]
    return f"第{index + 1}项，" + "，".join(parts) + "。"


REPORT = [
    "某某县司法局2023年度法治政府建设年度报告",
    "一、主要举措和成效",
    "（一）加强组织领导",
    *[paragraph(i) for i in range(12)],
    "（二）推进依法行政",
    *[paragraph(i) for i in range(12, 30)],
    "二、存在的不足和原因",
    paragraph(30),
    "三、2024年工作安排",
    paragraph(31),
    "某某县司法局",
    "2024年1月30日",
]


def texts(data: bytes) -> list[str]:
    return [block.text for block in read_document(data, "report.pdf").blocks]


def read_error(data: bytes) -> tuple[str, str]:
    with pytest.raises(ReadError) as caught:
        read_document(data, "report.pdf")
    return caught.value.code, caught.value.message


def test_read_pdf_joins_wrapped_lines_and_drops_page_furniture():
    data = builders.pdf_from_lines(REPORT, header="某某县司法局2023年度法治政府建设年度报告")

    assert texts(data) == REPORT


def test_read_pdf_joins_paragraphs_across_page_breaks():
    data = builders.pdf_from_lines(REPORT, header="页眉")

    pdf = pypdfium2.PdfDocument(data)
    pages = len(pdf)
    pdf.close()

    assert (pages > 1, texts(data)) == (True, REPORT)


@pytest.mark.parametrize(
    "footer",
    [
        "— {page} —",
        "- {page} -",
        "第{page}页",
        "第 {page} 页 共 {pages} 页",
        "{page}",
        "{page}/{pages}",
    ],
)
def test_read_pdf_drops_page_number_variants(footer):
    data = builders.pdf_from_lines(REPORT, footer=footer)

    assert texts(data) == REPORT


def test_read_pdf_keeps_title_equal_to_running_header():
    data = builders.pdf_from_lines(REPORT[:1] + REPORT[1:], header=REPORT[0])

    assert texts(data)[0] == REPORT[0]


def test_read_pdf_heading_lines_stay_paragraphs_of_their_own():
    lines = [
        "一、主要举措和成效",
        "（一）加强组织领导",
        "1.健全制度",
        "（1）完善机制",
        paragraph(0),
    ]

    assert texts(builders.pdf_from_lines(lines)) == lines


def test_read_pdf_heading_with_running_text_is_joined():
    line = "（一）加强组织领导。" + paragraph(3)

    assert texts(builders.pdf_from_lines([line, "二、存在的不足"])) == [line, "二、存在的不足"]


def test_read_pdf_removes_spaces_between_chinese_and_digits():
    data = builders.pdf_with_strings(
        ["法 治政府建设 2023 年度报告，用 Word 文档编写。", "正文内容，用来凑够字数的一行文字。"]
    )

    assert texts(data) == [
        "法治政府建设2023年度报告，用 Word 文档编写。",
        "正文内容，用来凑够字数的一行文字。",
    ]


def test_read_pdf_scanned_is_refused_with_exact_message():
    assert read_error(builders.image_only_pdf()) == (
        "scanned",
        "无法读取文字：文件似乎是扫描件，请上传 Word 文件或带文字层的 PDF",
    )


def test_read_pdf_with_password_is_refused():
    data = builders.pdf_from_lines(REPORT[:3], encrypt="secret")

    assert read_error(data)[0] == "encrypted"


def test_read_pdf_truncated_is_corrupt():
    data = builders.pdf_from_lines(REPORT)

    assert read_error(data[: len(data) // 3])[0] == "corrupt"


def test_read_pdf_garbage_after_magic_is_corrupt():
    assert read_error(b"%PDF-1.7\n" + bytes(range(256)) * 10)[0] == "corrupt"


def test_read_pdf_memory_stays_flat_over_many_files():
    data = builders.pdf_from_lines(REPORT)
    for _ in range(20):
        read_document(data, "warm.pdf")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    for _ in range(300):
        read_document(data, "report.pdf")

    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 40
