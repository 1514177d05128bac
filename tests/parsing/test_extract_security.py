"""Hostile .docx files: zip bombs, XML entity tricks, encryption and damage are refused early."""

import time
import tracemalloc

import pytest

from reports.parsing.extract import read_document
from reports.parsing.types import ReadError
from tests.parsing import builders
from tests.parsing.builders import document_xml, docx_package, para


def read_error(data: bytes, filename: str = "report.docx") -> tuple[str, str]:
    with pytest.raises(ReadError) as caught:
        read_document(data, filename)
    return caught.value.code, caught.value.message


def test_read_zip_bomb_is_refused_fast_without_inflating():
    data = builders.zip_bomb_docx()
    tracemalloc.start()
    started = time.perf_counter()

    code, _ = read_error(data)

    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (len(data) < 2_000_000, code, elapsed < 1.0, peak < 20_000_000) == (
        True,
        "zip_bomb",
        True,
        True,
    )


def test_read_zip_bomb_under_total_limit_is_refused_by_ratio():
    assert read_error(builders.zip_bomb_docx(150))[0] == "zip_bomb"


def test_read_docx_with_thousands_of_entries_is_refused():
    assert read_error(builders.many_entries_docx())[0] == "zip_bomb"


def test_read_docx_with_encrypted_zip_entries_is_refused():
    assert read_error(builders.encrypted_entry_docx())[0] == "encrypted"


def test_read_docx_external_entity_is_refused_and_not_resolved():
    with pytest.raises(ReadError) as caught:
        read_document(builders.xxe_docx(), "report.docx")

    assert (caught.value.code, "root:" in caught.value.message) == ("unsafe", False)


def test_read_docx_billion_laughs_is_refused_fast():
    started = time.perf_counter()

    code, message = read_error(builders.billion_laughs_docx())

    assert (code, message, time.perf_counter() - started < 1.0) == (
        "unsafe",
        "文件含有不安全的内容（XML 实体声明），无法读取",
        True,
    )


def test_read_docx_doctype_in_utf16_part_is_refused():
    document = document_xml(para("正文")).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    document = document.replace("?>", '?><!DOCTYPE w:document [<!ENTITY a "b">]>', 1)

    assert read_error(docx_package(document.encode("utf-16")))[0] == "unsafe"


def test_read_docx_doctype_in_styles_is_refused():
    styles = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><w:styles xmlns:w="x"/>'

    assert read_error(docx_package(document_xml(para("正文")), styles=styles))[0] == "unsafe"


def test_read_truncated_docx_is_corrupt():
    assert read_error(builders.truncated_docx()) == (
        "corrupt",
        "文件已损坏，无法作为 Word 文档读取，请在 Word 或 WPS 中重新保存为 .docx 后上传",
    )


def test_read_docx_with_broken_xml_is_corrupt():
    assert read_error(docx_package("<w:document><w:body><w:p>"))[0] == "corrupt"


def test_read_docx_with_foreign_root_is_corrupt():
    assert read_error(docx_package("<html><body/></html>"))[0] == "corrupt"


def test_read_docx_with_corrupted_deflate_data_is_corrupt():
    data = bytearray(builders.docx_from_lines(["一、主要举措"] * 50))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 20 : start + 60] = b"\xff" * 40

    assert read_error(bytes(data))[0] == "corrupt"


def test_read_random_bytes_with_zip_magic_is_corrupt():
    assert read_error(b"PK\x03\x04" + bytes(range(256)) * 8)[0] == "corrupt"
