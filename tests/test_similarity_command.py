import json

import pytest
from django.core.management import call_command

from reports.parsing import check_file
from tests.parsing.builders import docx_from_lines
from tests.parsing.reuse_samples import EARLIER, LATER, STRANGER, Report


def run(capsys, *args):
    try:
        call_command("similarity", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, report in (("2023.txt", LATER), ("2022.txt", EARLIER), ("民政局.txt", STRANGER)):
        paths[name] = tmp_path / name
        paths[name].write_text(report.text, encoding="utf-8")
    return paths


def test_similarity_json_is_one_line_of_the_contract(capsys, files):
    new, old, stranger = files["2023.txt"], files["2022.txt"], files["民政局.txt"]

    code, out, _err = run(capsys, str(new), "--against", str(stranger), str(old), "--json")

    (line,) = out.splitlines()
    data = json.loads(line)
    assert code == 0
    assert sorted(data) == ["copied_share", "file", "sources"]
    assert data["file"] == str(new)
    assert [(s["file"], sorted(s)) for s in data["sources"]] == [
        (str(old), ["file", "passages", "share"]),
        (str(stranger), ["file", "passages", "share"]),
    ]
    assert data["sources"][0]["share"] == data["copied_share"] > 0.5
    assert (data["sources"][1]["share"], data["sources"][1]["passages"]) == (0.0, [])
    first = data["sources"][0]["passages"][0]
    assert sorted(first) == ["end", "source_end", "source_start", "start", "text"]


def test_similarity_offsets_are_those_of_the_normalised_texts(capsys, files):
    new, old = files["2023.txt"], files["2022.txt"]

    _code, out, _err = run(capsys, str(new), "--against", str(old), "--json")

    passages = json.loads(out)["sources"][0]["passages"]
    new_text = check_file(new.read_bytes(), new.name).text
    old_text = check_file(old.read_bytes(), old.name).text
    assert [p["text"] for p in passages] == [new_text[p["start"] : p["end"]] for p in passages]
    assert passages[0]["text"] == LATER.sentence("M1")
    assert old_text[passages[0]["source_start"] : passages[0]["source_end"]] == (
        EARLIER.sentence("M1")
    )


def test_similarity_reads_word_files_as_checkreport_does(capsys, files, tmp_path):
    new = tmp_path / "2023.docx"
    new.write_bytes(docx_from_lines(LATER.text.split("\n"), word_numbering=True))

    _code, out, _err = run(capsys, str(new), "--against", str(files["2022.txt"]), "--json")

    data = json.loads(out)
    text = check_file(new.read_bytes(), new.name).text
    assert data["copied_share"] > 0.5
    assert [p["text"] for p in data["sources"][0]["passages"]] == [
        text[p["start"] : p["end"]] for p in data["sources"][0]["passages"]
    ]


def test_similarity_unreadable_old_file_prints_an_error_line_and_exits_1(capsys, files, tmp_path):
    empty = tmp_path / "空文件.docx"
    empty.write_bytes(b"")
    new, old = files["2023.txt"], files["2022.txt"]

    code, out, _err = run(capsys, str(new), "--against", str(empty), str(old), "--json")

    error, result = (json.loads(line) for line in out.splitlines())
    assert code == 1
    assert sorted(error) == ["error", "file"]
    assert error["file"] == str(empty)
    assert [s["file"] for s in result["sources"]] == [str(old)]


def test_similarity_unreadable_new_file_exits_1(capsys, files, tmp_path):
    missing = tmp_path / "无此文件.txt"

    code, out, _err = run(capsys, str(missing), "--against", str(files["2022.txt"]), "--json")

    assert code == 1
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(missing)]


def test_similarity_alias_names_the_new_agency_where_the_body_abbreviates_it(capsys, tmp_path):
    # The body calls the agency 县水务局, which its title's name 青禾县水利局 does not give.
    old_report = Report("青禾县农业农村局", 2022, {"measures": [["N6", "M11"]]})
    new_report = Report(
        "青禾县水利局", 2022, {"measures": [["N5", "M11"]]}, name_in_text="县水务局"
    )
    old, new = tmp_path / "旧.txt", tmp_path / "新.txt"
    old.write_text(old_report.text, encoding="utf-8")
    new.write_text(new_report.text, encoding="utf-8")

    _code, plain, _err = run(capsys, str(new), "--against", str(old), "--json")
    _code, aliased, _err = run(
        capsys, str(new), "--against", str(old), "--json", "--alias", "县水务局"
    )

    assert json.loads(plain)["copied_share"] == 0.0
    assert [p["text"] for p in json.loads(aliased)["sources"][0]["passages"]] == [
        new_report.sentence("M11")
    ]


def test_similarity_against_agency_names_the_old_reports_agency(capsys, tmp_path):
    # The old report's title names no agency, and its body calls it 县农业局.
    old_report = Report("", 2022, {"measures": [["N6", "M11"]]}, name_in_text="县农业局")
    new_report = Report("青禾县水利局", 2022, {"measures": [["N5", "M11"]]})
    old, new = tmp_path / "旧.txt", tmp_path / "新.txt"
    old.write_text(old_report.text, encoding="utf-8")
    new.write_text(new_report.text, encoding="utf-8")

    _code, plain, _err = run(capsys, str(new), "--against", str(old), "--json")
    _code, named, _err = run(
        capsys, str(new), "--against", str(old), "--json", "--against-agency", "县农业局"
    )

    assert json.loads(plain)["copied_share"] == 0.0
    assert [p["text"] for p in json.loads(named)["sources"][0]["passages"]] == [
        new_report.sentence("M11")
    ]


def test_similarity_summary_gives_the_share_and_the_passages(capsys, files):
    new, old = files["2023.txt"], files["2022.txt"]

    code, out, _err = run(capsys, str(new), "--against", str(old))

    data = json.loads(run(capsys, str(new), "--against", str(old), "--json")[1])
    lines = out.splitlines()
    assert code == 0
    assert f"{data['copied_share']:.0%}" in lines[0]
    assert len(lines) == 2 + len(data["sources"][0]["passages"])
    assert lines[2].split()[0] == "{start}–{end}".format(**data["sources"][0]["passages"][0])
