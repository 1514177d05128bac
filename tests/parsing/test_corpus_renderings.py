"""The seed corpus again, as agencies really send it: Word files and PDFs made from the texts.

Headings typed by hand, headings numbered by Word's list numbering (the marker lives only in
numbering.xml), headings in Heading styles, and a text PDF with running headers, page numbers and
lines wrapped at the margin: each must read exactly as the .txt does.
"""

from functools import cache
from pathlib import Path

import pytest

from reports.parsing import Part, Verdict, check_file
from tests.parsing.builders import docx_from_lines, pdf_from_lines
from tests.parsing.test_corpus import CORPUS, EXPECTED, _labels, _observe

RENDERINGS = ["docx-typed", "docx-word-numbering", "docx-heading-styles", "pdf"]


@cache
def _rendered(file: str, rendering: str) -> tuple[str, bytes]:
    lines = (CORPUS / file).read_text(encoding="utf-8").splitlines()
    stem = Path(file).stem
    if rendering == "docx-typed":
        return f"{stem}.docx", docx_from_lines(lines)
    if rendering == "docx-word-numbering":
        return f"{stem}.docx", docx_from_lines(lines, word_numbering=True)
    if rendering == "docx-heading-styles":
        return f"{stem}.docx", docx_from_lines(lines, word_numbering=True, heading_styles=True)
    return f"{stem}.pdf", pdf_from_lines(lines, header="法治政府建设年度报告")


def _check(label, rendering):
    name, data = _rendered(label["file"], rendering)
    return check_file(data, name)


def _same(text: str | None) -> str | None:
    # PDF extraction loses the spaces typed between a name and a year ("局 2023年度").
    return text.replace(" ", "") if text else text


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("label", _labels())
def test_rendered_corpus_top_sections(label, rendering):
    result = _check(label, rendering)

    assert [_same(f"{s.number}、{s.heading}") for s in result.sections] == [
        _same(top) for top in label["top_sections"]
    ]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("label", _labels())
def test_rendered_corpus_parts_and_verdict(label, rendering):
    result = _check(label, rendering)

    assert {part.value: r.status.value for part, r in result.parts.items()} == {
        name: expected["status"] for name, expected in label["parts"].items()
    }
    for name, expected in label["parts"].items():
        if expected["status"] == "present":
            accepted = [expected["sections"], *expected.get("also", [])]
            assert list(result.parts[Part(name)].sections) in accepted, name
    assert result.verdict == Verdict(label["verdict"])


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("label", _labels())
def test_rendered_corpus_title_agency_year(label, rendering):
    result = _check(label, rendering)

    assert (_same(result.title), result.agency, result.year) == (
        _same(label["title"]),
        label["agency"],
        label["year"],
    )


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("label", _labels())
def test_rendered_corpus_expected_findings(label, rendering):
    result = _check(label, rendering)
    expectations = EXPECTED[Path(label["file"]).name[:3]]

    for sentence in label["expected_findings"]:
        for expectation in expectations[sentence]:
            observed, expected = _observe(result, expectation)
            assert observed == expected, (sentence, expectation)
