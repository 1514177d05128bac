"""The seed corpus read as a careful reviewer read it (labels.json), checked end to end."""

import datetime
import json
import re
from pathlib import Path

import pytest

from reports.parsing import Evidence, Part, PartStatus, Signature, Verdict, check_text

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_ABSENT = pytest.mark.skip(reason=f"the seed corpus is not checked out at {CORPUS}")
_WHERE_NUMBER = re.compile(
    r"[一二三四五六七八九十]+(?:[（(][一二三四五六七八九十]+[）)])*(?:\d+[.．、])?"
)


def _labels():
    path = CORPUS / "labels.json"
    if not path.exists():
        return [pytest.param(None, marks=_ABSENT, id="corpus-absent")]
    labels = json.loads(path.read_text(encoding="utf-8"))
    return [pytest.param(label, id=Path(label["file"]).name[:3]) for label in labels]


def _check(label):
    text = (CORPUS / label["file"]).read_text(encoding="utf-8")
    return check_text(text, file=Path(label["file"]).name)


def _count(result, code, part=None):
    return sum(1 for f in result.findings if f.code == code and (part is None or f.part == part))


# What each sentence of expected_findings commits the checker to.
# ("finding", code, part): exactly one such finding; ("no_finding", code): none;
# ("field", attribute path, value); ("text", substring): the normalised text contains it.
EXPECTED = {
    "000": {
        "leadership part has no top-level section of its own: it sits in subsection 一（二）": [
            ("finding", "part_embedded", Part.LEADERSHIP),
            ("field", "parts.leadership.where", "一（二）"),
        ],
        "the signature names 古文县科技和工业信息化局, the title 古丈县科技和工业信息化局: the names differ": [
            ("finding", "agency_name_mismatch", None),
            ("field", "signature.agency", "古文县科技和工业信息化局"),
        ],
        "signed 2024年1月30日: before the 1 March deadline": [
            ("field", "signature.date", datetime.date(2024, 1, 30)),
            ("no_finding", "signed_after_deadline"),
        ],
        "document number 古科工信发〔2024〕1号": [
            ("field", "document_number", "古科工信发〔2024〕1号")
        ],
        "full-width （一） and half-width (三) subsection markers are mixed": [
            ("finding", "subsection_markers_mixed", None),
            ("no_finding", "subsection_marker_halfwidth"),
        ],
        "page breaks split sentences (首 / 要政治任务; 法律 / 法规): the parser joins them": [
            ("text", "首要政治任务"),
            ("text", "法律法规，引导"),
        ],
    },
    "001": {
        "shortcomings and next-year plans have no section of their own: both sit in the closing paragraph": [
            ("finding", "part_embedded", Part.SHORTCOMINGS),
            ("finding", "part_embedded", Part.PLANS),
        ],
        "the shortcomings name no causes (原因)": [
            ("finding", "shortcomings_without_causes", Part.SHORTCOMINGS)
        ],
        "the title spans two lines: agency line, then 关于2023年法治政府建设工作情况的报告": [
            ("field", "title", "中站区科工信局关于2023年法治政府建设工作情况的报告")
        ],
        "a conversion artifact [bookmark: _GoBack] stands in the text": [
            ("finding", "conversion_artifacts", None),
            ("no_text", "[bookmark"),
        ],
        "no signature and no date": [
            ("finding", "signature_missing", None),
            ("finding", "date_missing", None),
            ("field", "signature", Signature()),
        ],
    },
    "002": {
        "the four parts stand out of the prescribed order: leadership comes first": [
            ("finding", "parts_out_of_order", None),
            ("field", "order_ok", False),
        ],
        "the leadership part is recognised from its content, not its heading": [
            ("finding", "part_found_by_content", Part.LEADERSHIP),
            ("field", "parts.leadership.evidence", Evidence.CONTENT),
        ],
        "the agency name is not in the title; the body names 西峡县科技局": [
            ("finding", "agency_not_in_title", None),
            ("field", "agency", "西峡县科技局"),
        ],
        "no signature and no date": [
            ("finding", "signature_missing", None),
            ("finding", "date_missing", None),
        ],
    },
    "003": {
        "all four parts present in the prescribed order": [
            ("field", "order_ok", True),
            ("no_finding", "parts_out_of_order"),
            ("no_finding", "part_missing"),
            ("no_finding", "part_embedded"),
        ],
        "the title says 法治建设年度报告 rather than 法治政府建设年度报告": [
            ("finding", "title_not_rule_of_law_government", None)
        ],
        "the header line names 岳阳县科学技术局, the title the short form 岳阳县科技局": [
            ("finding", "agency_name_variant", None),
            ("no_finding", "agency_name_mismatch"),
        ],
        "page breaks split sentences (党组理 / 论学习; 国家安 / 全教育日): the parser joins them": [
            ("text", "党组理论学习"),
            ("text", "国家安全教育日"),
        ],
        "no signature and no date": [
            ("finding", "signature_missing", None),
            ("finding", "date_missing", None),
        ],
    },
    "004": {
        "the next-year plans part (下一年度推进法治政府建设的主要安排) is missing": [
            ("finding", "part_missing", Part.PLANS),
            ("field", "parts.plans.status", PartStatus.MISSING),
        ],
        "the title reads 2023度: the character 年 is missing": [
            ("finding", "title_year_malformed", None)
        ],
        "half-width (一) subsection markers": [
            ("finding", "subsection_marker_halfwidth", None),
            ("no_finding", "subsection_markers_mixed"),
        ],
        "signed by 湖南洞口经济开发区管理委员会, with no date": [
            ("field", "signature", Signature(agency="湖南洞口经济开发区管理委员会", date=None)),
            ("finding", "date_missing", None),
            ("no_finding", "signature_missing"),
        ],
    },
}


def _field(result, path):
    value = result
    for name in path.split("."):
        value = value[Part(name)] if isinstance(value, dict) else getattr(value, name)
    return value


def _observe(result, expectation):
    """(observed, expected) for one expectation, so each is one equality assertion."""
    kind, subject, *rest = expectation
    if kind == "finding":
        return _count(result, subject, rest[0]), 1
    if kind == "no_finding":
        return _count(result, subject), 0
    if kind == "field":
        return _field(result, subject), rest[0]
    if kind == "text":
        return subject in result.text, True
    return subject in result.text, False


@pytest.mark.parametrize("label", _labels())
def test_corpus_top_sections(label):
    result = _check(label)

    assert [f"{s.number}、{s.heading}" for s in result.sections] == label["top_sections"]


@pytest.mark.parametrize("label", _labels())
def test_corpus_part_statuses_and_verdict(label):
    result = _check(label)

    assert {part.value: r.status.value for part, r in result.parts.items()} == {
        name: expected["status"] for name, expected in label["parts"].items()
    }
    assert result.verdict == Verdict(label["verdict"])


@pytest.mark.parametrize("label", _labels())
def test_corpus_part_sections(label):
    result = _check(label)

    for name, expected in label["parts"].items():
        if expected["status"] != "present":
            continue
        accepted = [expected["sections"], *expected.get("also", [])]
        observed = list(result.parts[Part(name)].sections)
        assert observed == next((a for a in accepted if a == observed), accepted[0]), name


@pytest.mark.parametrize("label", _labels())
def test_corpus_embedded_parts_say_where(label):
    result = _check(label)

    for name, expected in label["parts"].items():
        if expected["status"] != "embedded":
            continue
        where = expected["where"]
        number = _WHERE_NUMBER.match(where)
        wanted = "closing paragraph" if where.startswith("closing paragraph") else number.group(0)
        assert result.parts[Part(name)].where == wanted, name


@pytest.mark.parametrize("label", _labels())
def test_corpus_content_evidence(label):
    result = _check(label)

    for name, expected in label["parts"].items():
        if expected.get("evidence", "").startswith("content"):
            assert result.parts[Part(name)].evidence == Evidence.CONTENT, name


@pytest.mark.parametrize("label", _labels())
def test_corpus_title_agency_year(label):
    result = _check(label)

    assert (result.title, result.agency, result.year) == (
        label["title"],
        label["agency"],
        label["year"],
    )


@pytest.mark.parametrize("label", _labels())
def test_corpus_every_expected_finding_is_mapped(label):
    stem = Path(label["file"]).name[:3]

    assert sorted(EXPECTED[stem]) == sorted(label["expected_findings"])


@pytest.mark.parametrize("label", _labels())
def test_corpus_expected_findings(label):
    result = _check(label)
    expectations = EXPECTED[Path(label["file"]).name[:3]]

    for sentence in label["expected_findings"]:
        for expectation in expectations[sentence]:
            observed, expected = _observe(result, expectation)
            assert observed == expected, (sentence, expectation)


@pytest.mark.parametrize("label", _labels())
def test_corpus_reads_the_same_without_line_breaks_in_headings(label):
    text = (CORPUS / label["file"]).read_text(encoding="utf-8")

    flat = check_text(text.replace("\n", ""))

    assert [s.number for s in flat.sections] == [t.split("、")[0] for t in label["top_sections"]]
    assert flat.verdict == Verdict(label["verdict"])


@pytest.mark.parametrize("label", _labels())
def test_corpus_reads_the_same_in_traditional_characters(label):
    import opencc

    text = (CORPUS / label["file"]).read_text(encoding="utf-8")
    simplified = check_text(text)

    traditional = check_text(opencc.OpenCC("s2t").convert(text))

    assert [(s.number, s.start, s.end, s.part) for s in traditional.sections] == [
        (s.number, s.start, s.end, s.part) for s in simplified.sections
    ]
    assert traditional.parts == simplified.parts
    assert [f.code for f in traditional.findings] == [f.code for f in simplified.findings]
