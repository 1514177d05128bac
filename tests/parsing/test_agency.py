"""Whose report it is: the agency handing a report in against the agency the report names."""

import json
from pathlib import Path

import pytest

from reports.parsing import check_text
from reports.parsing.transfer import result_from_json, result_to_json
from tests.parsing.generalisation_samples import SAMPLES
from tests.parsing.test_corpus import CORPUS, _labels


def _mismatches(result):
    return [(f.severity.value, f.named) for f in result.findings if f.code == "agency_mismatch"]


def _corpus_text(label):
    return (CORPUS / label["file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("label", _labels())
def test_agency_corpus_report_handed_in_by_its_own_agency_is_no_mismatch(label):
    result = check_text(_corpus_text(label), agency_names=[label["agency"]])

    assert _mismatches(result) == []


@pytest.mark.parametrize("label", _labels())
def test_agency_corpus_report_handed_in_by_another_agency_is_flagged(label):
    result = check_text(_corpus_text(label), agency_names=["青山镇人民政府", "青山镇"])
    names_itself = label["title"].startswith(label["agency"][:2]) or "县科" in label["title"]

    # 002 names no agency in title, header or signature: nothing to compare.
    expected = [("error", label["agency"])] if names_itself else []
    assert _mismatches(result) == expected


def test_agency_corpus_003_handed_in_by_a_township_names_the_county_bureau():
    labels = (
        json.loads((CORPUS / "labels.json").read_text(encoding="utf-8")) if CORPUS.is_dir() else []
    )
    label = next((item for item in labels if Path(item["file"]).name.startswith("003")), None)
    if label is None:
        pytest.skip(f"the seed corpus is not checked out at {CORPUS}")

    finding = next(
        f
        for f in check_text(_corpus_text(label), agency_names=["青山镇人民政府"]).findings
        if f.code == "agency_mismatch"
    )

    assert (finding.named, finding.to_dict()["named"]) == ("岳阳县科学技术局", "岳阳县科学技术局")
    assert "青山镇人民政府" in finding.message


_BODY = (
    "一、2023年推进法治政府建设的主要举措和成效\n"
    "全年组织法治培训四次，办理行政复议案件三件，规范性文件全部经过合法性审核。\n"
    "二、存在的不足和原因\n一是执法人员法律素养有待提高，原因是培训不够系统。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法，亲自部署重要工作。\n"
    "四、2024年工作安排\n2024年，我们将继续深化依法行政，加强执法监督。\n"
)


def _report(title, signature=None, header=None):
    lines = [header, title, _BODY.rstrip(), signature, "2024年1月20日"]
    return "\n".join(line for line in lines if line)


@pytest.mark.parametrize(
    ("report", "names"),
    [
        (_report("静海区2023年度法治政府建设年度报告"), ["天津市静海区人民政府"]),
        (_report("岳阳县科技局2023年度法治政府建设年度报告"), ["岳阳县科学技术局"]),
        (
            _report(
                "县科工信局2023年度法治政府建设年度报告", header="古丈县科技和工业信息化局文件"
            ),
            ["古丈县科技和工业信息化局"],
        ),
        (
            _report(
                "古丈县科技和工业信息化局2023年度法治政府建设年度报告", "古文县科技和工业信息化局"
            ),
            ["古丈县科技和工业信息化局"],
        ),
        (_report("关于2023年度法治政府建设工作情况的报告"), ["青山镇人民政府"]),
        (
            _report("青山镇2023年度法治政府建设年度报告", "青山镇人民政府"),
            ["青山乡政府", "青山镇人民政府"],
        ),
    ],
    ids=[
        "place-alone",
        "organ-abbreviated",
        "bare-county-under-header",
        "signature-typo",
        "unnamed",
        "alias",
    ],
)
def test_agency_same_agency_written_otherwise_is_no_mismatch(report, names):
    assert _mismatches(check_text(report, agency_names=names)) == []


@pytest.mark.parametrize(
    ("report", "names", "named"),
    [
        (_report("泸县人民政府2023年度法治政府建设年度报告"), ["泸州市人民政府"], "泸县人民政府"),
        (
            _report("天津市人民政府2023年度法治政府建设年度报告"),
            ["天津市静海区人民政府"],
            "天津市人民政府",
        ),
        (
            _report("某某县司法局2023年度法治政府建设年度报告", "某某县水利局"),
            ["某某县司法局"],
            "某某县水利局",
        ),
        (
            _report("关于2023年度法治政府建设工作情况的报告", header="东江县水利局文件"),
            ["东江县司法局"],
            "东江县水利局",
        ),
    ],
    ids=["county-in-city", "city-above-district", "signature-of-another", "header-of-another"],
)
def test_agency_another_agency_named_is_an_error(report, names, named):
    assert _mismatches(check_text(report, agency_names=names)) == [("error", named)]


def test_agency_not_checked_without_names():
    assert _mismatches(check_text(_report("泸县人民政府2023年度法治政府建设年度报告"))) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_agency_invented_report_by_its_own_agency_is_no_mismatch(sample):
    result = check_text(sample.text, agency_names=[sample.expected.agency or "某某县司法局"])

    assert _mismatches(result) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_agency_invented_report_by_another_agency_is_flagged_when_it_names_one(sample):
    result = check_text(sample.text, agency_names=["碧水湾街道办事处"])
    lines = sample.text.split("\n")
    # Named where the check looks: the lines above the body (title, header, byline) or the
    # signature below it.
    around = lines[:4] + lines[-3:]
    names = [name for name in (sample.expected.agency, sample.expected.signature[0]) if name]
    named = any(name in line for line in around for name in names)

    assert bool(_mismatches(result)) == named


def test_agency_mismatch_survives_the_trip_across_processes():
    result = check_text(
        _report("泸县人民政府2023年度法治政府建设年度报告"), agency_names=["泸州市人民政府"]
    )

    assert result_from_json(result_to_json(result)) == result
