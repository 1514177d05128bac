import json
import sys

import pytest
from django.core.management import call_command

from tests.samples import COMPLETE, CORPUS, INCOMPLETE, demo_bytes


def run(capsys, *args):
    try:
        call_command("checkreport", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def report_files(tmp_path):
    complete = tmp_path / "司法局报告.txt"
    complete.write_bytes(demo_bytes(COMPLETE))
    incomplete = tmp_path / "青山镇报告.txt"
    incomplete.write_bytes(demo_bytes(INCOMPLETE))
    empty = tmp_path / "空文件.docx"
    empty.write_bytes(b"")
    return complete, incomplete, empty


def test_checkreport_json_prints_one_line_per_file(capsys, report_files):
    complete, incomplete, _empty = report_files

    code, out, _err = run(capsys, str(complete), str(incomplete), "--json")

    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(line["file"], line["verdict"]) for line in lines] == [
        (str(complete), "complete"),
        (str(incomplete), "incomplete"),
    ]
    assert lines[1]["parts"]["shortcomings"] == {"status": "missing", "sections": []}


def test_checkreport_unreadable_file_exits_1_and_others_still_print(capsys, report_files):
    complete, _incomplete, empty = report_files

    code, out, _err = run(capsys, str(empty), str(complete), "--json")

    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert sorted(lines[0]) == ["code", "error", "file"]
    assert (lines[0]["file"], lines[1]["verdict"]) == (str(empty), "complete")


def test_checkreport_missing_file_is_an_error_line(capsys, tmp_path):
    code, out, _err = run(capsys, str(tmp_path / "无此文件.txt"), "--json")

    assert code == 1
    assert json.loads(out)["file"] == str(tmp_path / "无此文件.txt")


def test_checkreport_summary_lists_parts_and_findings(capsys, report_files):
    _complete, incomplete, _empty = report_files

    code, out, _err = run(capsys, str(incomplete))

    assert code == 0
    assert "✗" in out
    assert "存在的不足和原因" in out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is absent")
def test_checkreport_agrees_with_corpus_labels(capsys):
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    files = [str(CORPUS / label["file"]) for label in labels]

    code, out, _err = run(capsys, *files, "--json")

    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert code == 0
    assert verdicts == [label["verdict"] for label in labels]


_REPORT = (
    "泸县人民政府2023年度法治政府建设年度报告\n"
    "一、2023年推进法治政府建设的主要举措和成效\n"
    "全年组织法治培训四次，办理行政复议案件三件，规范性文件全部经过合法性审核。\n"
    "二、存在的不足和原因\n一是执法人员法律素养有待提高，原因是培训不够系统。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法，亲自部署重要工作。\n"
    "四、2024年工作安排\n2024年，我们将继续深化依法行政，加强执法监督。\n"
)


def test_checkreport_agency_naming_another_agency_is_an_error_with_the_name(capsys, tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text(_REPORT, encoding="utf-8")

    code, out, _err = run(capsys, str(report), "--json", "--agency", "泸州市人民政府")

    mismatch = [f for f in json.loads(out)["findings"] if f["code"] == "agency_mismatch"]
    assert code == 0
    assert [(f["severity"], f["named"]) for f in mismatch] == [("error", "泸县人民政府")]


def test_checkreport_agency_alias_is_the_same_agency(capsys, tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text(_REPORT, encoding="utf-8")

    _code, out, _err = run(
        capsys, str(report), "--json", "--agency", "泸州县政府", "--alias", "泸县人民政府"
    )

    assert [f["code"] for f in json.loads(out)["findings"] if f["code"] == "agency_mismatch"] == []


def test_runconverter_refuses_a_python_without_uno(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.CONVERTER_PYTHON = sys.executable  # the project's Python has no uno module

    with pytest.raises(CommandError) as caught:
        call_command("runconverter", "--socket", str(tmp_path / "c.sock"))

    assert "uno" in str(caught.value)
