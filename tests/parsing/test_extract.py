"""read_document: type sniffing, plain text, limits and the messages users see."""

import codecs
import subprocess
import sys

import pytest

from reports.parsing.extract import MAX_FILE_SIZE, read_document, sniff
from reports.parsing.types import Block, ExtractedDocument, ReadError
from tests.parsing import builders

REPORT_LINES = [
    "某某县司法局2023年度法治政府建设年度报告",
    "一、主要举措和成效",
    "今年以来，我局坚持依法行政。",
]


def read_error(data: bytes, filename: str) -> tuple[str, str]:
    with pytest.raises(ReadError) as caught:
        read_document(data, filename)
    return caught.value.code, caught.value.message


def texts(document: ExtractedDocument) -> list[str]:
    return [block.text for block in document.blocks]


def test_read_txt_utf8_gives_one_block_per_line():
    data = "一、主要举措\n\n  今年以来，我局坚持依法行政。 \r\n（一）加强学习".encode()

    document = read_document(data, "报告.txt")

    assert document == ExtractedDocument(
        format="txt",
        blocks=(
            Block("一、主要举措"),
            Block("今年以来，我局坚持依法行政。"),
            Block("（一）加强学习"),
        ),
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-8", b""),
        ("gb18030", b""),
        ("gbk", b""),
        ("gb2312", b""),
    ],
)
def test_read_txt_decodes_common_chinese_encodings(encoding, bom):
    data = bom + "\n".join(REPORT_LINES).encode(encoding)

    assert texts(read_document(data, "report.txt")) == REPORT_LINES


def test_read_txt_short_gbk_text_is_not_mistaken():
    # Ten characters are where charset guessing fails; the fixed order does not.
    assert texts(read_document("依法行政工作情况".encode("gbk"), "a.txt")) == ["依法行政工作情况"]


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n ", "\u3000\n".encode(), codecs.BOM_UTF8 + b" \n"]
)
def test_read_empty_or_blank_file_is_refused(data):
    assert read_error(data, "report.txt") == ("empty", "文件是空的")


def test_read_txt_binary_garbage_is_refused():
    data = bytes(range(256)) * 40

    assert read_error(data, "report.txt")[0] == "undecodable"


def test_read_txt_utf16_without_bom_is_refused_as_not_text():
    data = "\n".join(REPORT_LINES * 5).encode("utf-16-le")

    assert read_error(data, "report.txt")[0] == "undecodable"


def test_read_txt_undecodable_bytes_are_refused():
    assert read_error(b"\x80\x80\x80 abc \xff\xff", "report.txt")[0] == "undecodable"


def test_read_too_large_file_is_refused():
    data = b"a" * (MAX_FILE_SIZE + 1)

    code, message = read_error(data, "report.txt")

    assert (code, message.startswith("文件超过 20 MB")) == ("too_large", True)


def test_read_docx_named_pdf_is_read_by_content():
    data = builders.docx_from_lines(REPORT_LINES)

    document = read_document(data, "report.pdf")

    assert (document.format, texts(document)) == ("docx", REPORT_LINES)


def test_read_pdf_named_txt_is_read_by_content():
    data = builders.pdf_from_lines(REPORT_LINES)

    document = read_document(data, "report.txt")

    assert (document.format, texts(document)) == ("pdf", REPORT_LINES)


def test_read_text_named_docx_is_reported_corrupt():
    code, message = read_error("一、主要举措".encode(), "report.docx")

    assert (code, message) == ("corrupt", "文件已损坏，或不是真正的 .docx 文件，请重新保存后上传")


def test_read_unknown_type_lists_accepted_types():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100

    assert read_error(png, "scan.png") == (
        "unsupported_type",
        "不支持这种文件，请上传 .docx、.pdf、.txt、.doc、.wps 或 .odt 文件",
    )


def test_read_text_with_unaccepted_extension_is_unsupported():
    assert read_error("一、主要举措".encode(), "report.md")[0] == "unsupported_type"


def test_read_zip_without_document_named_docx_is_corrupt():
    assert read_error(builders.zip_without_document(), "report.docx")[0] == "corrupt"


def test_read_zip_without_document_named_xlsx_is_unsupported():
    assert read_error(builders.zip_without_document(), "report.xlsx")[0] == "unsupported_type"


def test_read_password_protected_docx_says_encrypted():
    assert read_error(builders.encrypted_docx(), "report.docx") == (
        "encrypted",
        "文件设置了打开密码，无法读取，请在 Word 或 WPS 中取消密码后重新上传",
    )


def test_read_doc_without_libreoffice_asks_for_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert read_error(builders.fake_doc(), "report.doc") == (
        "needs_conversion",
        "本机无法转换 .doc/.wps/.odt 文件，请在 Word 或 WPS 中另存为 .docx 后上传",
    )


def test_read_wps_without_libreoffice_asks_for_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert read_error(builders.fake_doc(), "report.wps")[0] == "needs_conversion"


def test_read_ole_file_without_word_stream_is_unsupported():
    data = builders.ole_file({"Workbook": b"\0" * 100})

    assert read_error(data, "report.doc")[0] == "unsupported_type"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.4", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "ole"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b'<?xml version="1.0"?><w:wordDocument xmlns:w="x"/>', "word_xml"),
        (b"<html><body>report</body></html>", "html"),
        ("一、主要举措".encode(), "text"),
    ],
)
def test_sniff_recognises_magic_bytes(data, kind):
    assert sniff(data) == kind


def test_sniff_docx_and_other_zip():
    assert (sniff(builders.docx_from_lines(["正文"])), sniff(builders.zip_without_document())) == (
        "docx",
        "zip",
    )


def test_parsing_package_imports_no_django():
    code = "import reports.parsing.extract, sys; sys.exit('django' in sys.modules)"

    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)

    assert (done.returncode, done.stderr) == (0, b"")


def _odf(mimetype: str) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_sniff_tells_odt_by_its_mimetype_member():
    text = _odf("application/vnd.oasis.opendocument.text")
    sheet = _odf("application/vnd.oasis.opendocument.spreadsheet")

    assert (sniff(text), sniff(sheet)) == ("odt", "zip")


def test_read_odt_without_libreoffice_asks_for_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert read_error(_odf("application/vnd.oasis.opendocument.text"), "report.odt")[0] == (
        "needs_conversion"
    )
