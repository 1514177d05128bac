"""Invented reports in layouts the seed corpus does not show, read as a careful reviewer reads them.

The samples and their expected readings live in generalisation_samples.py.
"""

import datetime

import pytest

from reports.parsing import Part, PartStatus, check_document
from tests.parsing.generalisation_samples import SAMPLES


def _params():
    return [pytest.param(sample, id=sample.name) for sample in SAMPLES]


def _check(sample):
    return check_document(sample.document(), file=f"{sample.name}.{sample.format}")


def _reading(result, part):
    found = result.parts[part]
    if found.status == PartStatus.PRESENT:
        return ("present", found.sections)
    if found.status == PartStatus.EMBEDDED:
        return ("embedded", found.where)
    return ("missing",)


@pytest.mark.parametrize("sample", _params())
def test_generalisation_sample_is_report_sized(sample):
    assert 1500 <= len(sample.text) <= 4000


@pytest.mark.parametrize("sample", _params())
def test_generalisation_title_agency_year(sample):
    result = _check(sample)
    expected = sample.expected

    assert (result.title, result.agency, result.year) == (
        expected.title,
        expected.agency,
        expected.year,
    )


@pytest.mark.parametrize("sample", _params())
def test_generalisation_document_number(sample):
    assert _check(sample).document_number == sample.expected.document_number


@pytest.mark.parametrize("sample", _params())
def test_generalisation_signature(sample):
    signature = _check(sample).signature
    agency, date = sample.expected.signature

    assert (signature.agency, signature.date) == (
        agency,
        datetime.date.fromisoformat(date) if date else None,
    )


@pytest.mark.parametrize("sample", _params())
def test_generalisation_top_sections(sample):
    sections = _check(sample).sections

    assert tuple((s.number, s.heading) for s in sections) == sample.expected.top


@pytest.mark.parametrize("sample", _params())
def test_generalisation_parts(sample):
    result = _check(sample)
    read = {part.value: _reading(result, part) for part in result.parts}

    assert read == sample.expected.parts


@pytest.mark.parametrize("sample", _params())
def test_generalisation_verdict_and_order(sample):
    result = _check(sample)

    assert (result.verdict.value, result.order_ok) == (
        sample.expected.verdict,
        sample.expected.order_ok,
    )


@pytest.mark.parametrize("sample", _params())
def test_generalisation_content_evidence(sample):
    result = _check(sample)
    by_content = tuple(
        part.value
        for part in (Part.MEASURES, Part.SHORTCOMINGS, Part.LEADERSHIP, Part.PLANS)
        if result.parts[part].evidence is not None
        and result.parts[part].evidence.value == "content"
        and result.parts[part].status == PartStatus.PRESENT
    )

    assert by_content == sample.expected.content_evidence


@pytest.mark.parametrize("sample", _params())
def test_generalisation_findings_reported(sample):
    codes = {finding.code for finding in _check(sample).findings}

    assert [code for code in sample.expected.findings if code not in codes] == []


@pytest.mark.parametrize("sample", _params())
def test_generalisation_findings_not_reported(sample):
    codes = {finding.code for finding in _check(sample).findings}

    assert [code for code in sample.expected.no_findings if code in codes] == []


@pytest.mark.parametrize("sample", _params())
def test_generalisation_normalised_text(sample):
    text = _check(sample).text

    assert [piece for piece in sample.expected.text_contains if piece not in text] == []
