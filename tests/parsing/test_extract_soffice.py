"""LibreOffice as converter of .doc/.wps and as an independent oracle for our list numbering."""

import re
import subprocess

import pytest

from reports.parsing._convert import soffice_path
from reports.parsing.extract import read_document
from reports.parsing.types import ReadError
from tests.parsing import builders
from tests.parsing.builders import GOV_LIST, numbered_docx
from tests.parsing.builders import abstract_num as abstract
from tests.parsing.builders import num_instance as num
from tests.parsing.builders import num_level as level
from tests.parsing.test_extract_docx import OUTLINE

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed"),
]


def soffice_convert(data: bytes, suffix: str, target: str, tmp_path) -> bytes:
    source = tmp_path / f"in{suffix}"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice_path(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return next((tmp_path / "out").iterdir()).read_bytes()


def libreoffice_lines(data: bytes, tmp_path) -> list[str]:
    """What LibreOffice shows for a .docx, as text, whitespace removed."""
    text = soffice_convert(data, ".docx", "txt:Text (encoded):UTF8", tmp_path).decode("utf-8-sig")
    return [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]


def our_lines(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", b.text) for b in read_document(data, "report.docx").blocks]


def test_numbering_matches_libreoffice_for_built_report(tmp_path):
    lines = [*OUTLINE, "（三）二级跳号", "一、一级重复", "(一)半角括号保持原样", "（2）四级"]
    data = builders.docx_from_lines(lines, word_numbering=True)

    assert libreoffice_lines(data, tmp_path) == our_lines(data)


def test_numbering_matches_libreoffice_for_shared_lists_and_overrides(tmp_path):
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>'
    numbering = (
        GOV_LIST
        + abstract(2, level(0, "decimal", "%1."), level(1, "decimal", "%1.%2", extra="<w:isLgl/>"))
        + num(1, 1)
        + num(2, 1)
        + num(3, 1, override)
        + num(4, 2)
    )
    body = "".join(
        builders.para(text, num=ref)
        for text, ref in [
            ("甲", (1, 0)),
            ("乙", (1, 2)),
            ("丙", (1, 1)),
            ("丁", (2, 0)),
            ("戊", (3, 0)),
            ("己", (3, 0)),
            ("庚", (1, 0)),
            ("辛", (4, 0)),
            ("壬", (4, 1)),
        ]
    )
    data = numbered_docx(numbering, body)

    assert libreoffice_lines(data, tmp_path) == our_lines(data)


@pytest.mark.parametrize(("filename", "fmt"), [("report.doc", "doc"), ("report.wps", "wps")])
def test_read_doc_and_wps_through_libreoffice(filename, fmt, tmp_path):
    docx_data = builders.docx_from_lines(OUTLINE, word_numbering=True)
    doc_data = soffice_convert(docx_data, ".docx", "doc:MS Word 97", tmp_path)

    document = read_document(doc_data, filename)

    assert (doc_data[:4], document.format, [b.text for b in document.blocks]) == (
        b"\xd0\xcf\x11\xe0",
        fmt,
        OUTLINE,
    )


def test_read_rtf_named_doc_through_libreoffice():
    rtf = (
        rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 "
        rb"\u19968?\u12289?\u20027?\u35201?\u20030?\u25514?\par "
        rb"\u20170?\u24180?\u20197?\u26469?\u12290?\par}"
    )

    document = read_document(rtf, "report.doc")

    assert (document.format, [b.text for b in document.blocks]) == (
        "doc",
        ["一、主要举措", "今年以来。"],
    )


def test_read_damaged_doc_reports_conversion_failed():
    with pytest.raises(ReadError) as caught:
        read_document(builders.fake_doc(), "report.doc")

    assert caught.value.code == "conversion_failed"
