"""PDFs exported by an office suite read like the Word files they were exported from.

The corpus and the invented samples are laid out as .docx (office_renderings.LAYOUTS) and exported
by LibreOffice with embedded CJK fonts; each PDF must give the sections, parts, verdict, title,
agency, year and findings its .docx gives, and what the labels say.
"""

import io
import re
from pathlib import Path

import docx
import pytest

from reports.parsing import Part, PartStatus, Verdict, check_file, read_document
from tests.parsing.builders import libreoffice_export, office_docx
from tests.parsing.office_renderings import (
    LAYOUTS,
    NEEDS_SOFFICE,
    PLAIN_SAMPLES,
    SAMPLE_LAYOUTS,
    corpus_rendering,
    sample_rendering,
)
from tests.parsing.test_corpus import EXPECTED, _labels, _observe

pytestmark = [pytest.mark.soffice, NEEDS_SOFFICE]


def _squeezed(text):
    # PDF text loses the spaces typed between a name and a year ("局 2023年度").
    return re.sub(r"\s", "", text) if text else text


def _reading(result):
    return {
        "sections": [_squeezed(f"{s.number}、{s.heading}") for s in result.sections],
        "parts": {part.value: (r.status, r.sections, r.where) for part, r in result.parts.items()},
        "verdict": result.verdict,
        "order_ok": result.order_ok,
        "title": _squeezed(result.title),
        "agency": result.agency,
        "year": result.year,
        "signature": result.signature,
        "findings": sorted(finding.code for finding in result.findings),
        "text": _squeezed(result.text),
    }


def _both(rendered):
    docx_data, pdf_data = rendered
    return _reading(check_file(docx_data, "report.docx")), _reading(check_file(pdf_data, "r.pdf"))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("label", _labels())
def test_office_pdf_of_corpus_reads_like_its_docx(label, layout):
    from_docx, from_pdf = _both(corpus_rendering(label["file"], layout))

    assert from_pdf == from_docx


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("label", _labels())
def test_office_pdf_of_corpus_agrees_with_labels(label, layout):
    result = check_file(corpus_rendering(label["file"], layout)[1], "report.pdf")

    assert [_squeezed(f"{s.number}、{s.heading}") for s in result.sections] == [
        _squeezed(top) for top in label["top_sections"]
    ]
    assert {part.value: r.status.value for part, r in result.parts.items()} == {
        name: expected["status"] for name, expected in label["parts"].items()
    }
    assert result.verdict == Verdict(label["verdict"])
    assert (_squeezed(result.title), result.agency, result.year) == (
        _squeezed(label["title"]),
        label["agency"],
        label["year"],
    )


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("label", _labels())
def test_office_pdf_of_corpus_has_every_expected_finding(label, layout):
    result = check_file(corpus_rendering(label["file"], layout)[1], "report.pdf")
    expectations = EXPECTED[Path(label["file"]).name[:3]]

    for sentence in label["expected_findings"]:
        for expectation in expectations[sentence]:
            observed, expected = _observe(result, expectation)
            assert observed == expected, (sentence, expectation)


def _sample_params():
    return [
        pytest.param(sample, layout, id=f"{sample.name}-{layout}")
        for sample in PLAIN_SAMPLES
        for layout in SAMPLE_LAYOUTS
    ]


@pytest.mark.parametrize(("sample", "layout"), _sample_params())
def test_office_pdf_of_invented_report_reads_like_its_docx(sample, layout):
    from_docx, from_pdf = _both(sample_rendering(sample.name, layout))

    assert from_pdf == from_docx


@pytest.mark.parametrize(("sample", "layout"), _sample_params())
def test_office_pdf_of_invented_report_reads_as_expected(sample, layout):
    result = check_file(sample_rendering(sample.name, layout)[1], "report.pdf")
    expected = sample.expected
    read = {}
    for part, found in result.parts.items():
        if found.status == PartStatus.PRESENT:
            read[part.value] = ("present", found.sections)
        elif found.status == PartStatus.EMBEDDED:
            read[part.value] = ("embedded", found.where)
        else:
            read[part.value] = ("missing",)

    assert [(s.number, _squeezed(s.heading)) for s in result.sections] == [
        (number, _squeezed(heading)) for number, heading in expected.top
    ]
    assert read == expected.parts
    assert (result.verdict.value, _squeezed(result.title), result.agency, result.year) == (
        expected.verdict,
        _squeezed(expected.title),
        expected.agency,
        expected.year,
    )


# ---------------------------------------------------------------------------------------------
# What an office layout does to single lines

_OPENING = "为深入推进依法行政和法治政府建设，我局在县委县政府的正确领导下认真贯彻落实上级部署，扎实开展各项工作，取得了明显成效。"
_LONG = "党政主要负责人履行推进法治建设第一责任人职责加强法治政府建设的有关情况汇总"
# Headings from well short of a line to well over one, so that one of them fills its line
# exactly and others wrap by one character or several, whatever the font's metrics.
_HEADINGS = {length: "三、" + _LONG[: length - 2] for length in range(20, 36)}
_SUBHEADINGS = {length: "（一）" + _LONG[: length - 4] for length in range(20, 36)}


@pytest.fixture(scope="module")
def heading_pdfs():
    documents = {}
    for length, heading in _HEADINGS.items():
        for indent in (True, False):
            lines = [
                "某某县司法局2023年度法治政府建设年度报告",
                _OPENING,
                heading,
                _OPENING * 2,
                _SUBHEADINGS[length],
                _OPENING,
            ]
            documents[f"h{length}-{indent}.docx"] = office_docx(lines, indent=indent)
    return libreoffice_export(documents)


def test_office_pdf_heading_that_fills_or_wraps_its_line_stays_whole(heading_pdfs):
    misread = []
    for name, data in heading_pdfs.items():
        length = int(name[1:3])
        blocks = [block.text for block in read_document(data, "report.pdf").blocks]
        if blocks[2:5] != [_HEADINGS[length], _OPENING * 2, _SUBHEADINGS[length]]:
            misread.append((name, blocks[2:5]))

    assert misread == []


def test_office_pdf_keeps_curly_quotes_where_they_stand():
    sentence = "切实履行“第一责任人”职责，落实“谁执法谁普法”普法责任制，开展“八五”普法中期评估。"
    lines = ["某某县司法局2023年度法治政府建设年度报告", *[sentence] * 6]
    (data,) = libreoffice_export({"quotes.docx": office_docx(lines)}).values()

    blocks = [block.text for block in read_document(data, "report.pdf").blocks]

    assert blocks[1:] == [sentence] * 6


@pytest.mark.parametrize("first_page_differs", [True, False], ids=["first-page-bare", "every-page"])
def test_office_pdf_of_long_report_finds_title_equal_to_running_header(first_page_differs):
    title = "某某县司法局2023年度法治政府建设年度报告"
    body = [f"（{n}）第{n}项工作。" + _OPENING * 6 for n in "一二三四五六七八九"]
    lines = [title, _OPENING, "一、主要举措和成效", *body, "二、存在的不足和原因", *body[:3]]
    document = docx.Document(io.BytesIO(office_docx(lines, header=title)))
    document.sections[0].different_first_page_header_footer = first_page_differs
    out = io.BytesIO()
    document.save(out)
    (data,) = libreoffice_export({"long.docx": out.getvalue()}).values()

    result = check_file(data, "long.pdf")

    assert (result.title, result.year, [s.number for s in result.sections]) == (
        title,
        2023,
        ["一", "二"],
    )
    assert result.parts[Part.SHORTCOMINGS].status == PartStatus.PRESENT
