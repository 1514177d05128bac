""".doc/.wps/.odt through the kept LibreOffice (runconverter), started here as a real process."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from reports.parsing import _officeserver, check_file, read_document
from reports.parsing.types import ReadError
from tests.parsing import builders
from tests.parsing.test_extract_docx import OUTLINE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# LibreOffice's Python bridge ships for the system Python (Debian: python3-uno).
UNO_PYTHON = next(
    (
        python
        for python in ("/usr/bin/python3", shutil.which("python3"))
        if python
        and Path(python).exists()
        and subprocess.run([python, "-I", "-c", "import uno"], capture_output=True).returncode == 0
    ),
    None,
)

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(
        UNO_PYTHON is None, reason="no Python with LibreOffice's uno module (python3-uno)"
    ),
]


@pytest.fixture(scope="module")
def converter(tmp_path_factory):
    """The socket of a kept converter, as `manage.py runconverter` starts it."""
    socket_path = tmp_path_factory.mktemp("converter") / "converter.sock"
    process = subprocess.Popen(
        [UNO_PYTHON, "-I", _officeserver.__file__, "--socket", str(socket_path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the converter did not start: {process.stderr.read().decode()}")
        time.sleep(0.05)
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def legacy_files():
    """The test outline as Word 97 .doc and as OpenDocument .odt, made by LibreOffice."""
    source = builders.docx_from_lines(OUTLINE, word_numbering=True)
    doc = builders.libreoffice_export({"outline.docx": source}, "doc:MS Word 97")["outline.docx"]
    odt = builders.libreoffice_export({"outline.docx": source}, "odt")["outline.docx"]
    return {"doc": doc, "odt": odt}


def _texts(document):
    return [block.text for block in document.blocks]


@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_converter_reads_legacy_files_like_a_conversion_of_their_own(kind, converter, legacy_files):
    kept = read_document(legacy_files[kind], f"report.{kind}", converter=converter)
    alone = read_document(legacy_files[kind], f"report.{kind}")

    assert (kept.format, _texts(kept)) == (alone.format, _texts(alone)) == (kind, OUTLINE)


def test_converter_takes_under_half_a_second_per_doc(converter, legacy_files):
    read_document(legacy_files["doc"], "warm.doc", converter=converter)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        read_document(legacy_files["doc"], "report.doc", converter=converter)
        times.append(time.perf_counter() - started)

    assert sorted(times)[2] < 0.5


def test_converter_restarts_libreoffice_after_a_file_overruns(converter, legacy_files):
    with pytest.raises(_officeserver.ConverterError) as caught:
        _officeserver.convert(converter, legacy_files["doc"], ".doc", timeout=0.001)

    again = read_document(legacy_files["doc"], "report.doc", converter=converter)

    assert (caught.value.code, _texts(again)) == ("timeout", OUTLINE)


def test_converter_refuses_a_damaged_file_and_goes_on(converter, legacy_files):
    with pytest.raises(ReadError) as caught:
        read_document(builders.fake_doc(), "report.doc", converter=converter)

    again = read_document(legacy_files["doc"], "report.doc", converter=converter)

    assert (caught.value.code, _texts(again)) == ("conversion_failed", OUTLINE)


def test_converter_not_running_falls_back_to_a_conversion_of_its_own(tmp_path, legacy_files):
    document = read_document(legacy_files["doc"], "report.doc", converter=str(tmp_path / "none"))

    assert _texts(document) == OUTLINE


def test_converter_checks_a_whole_report_from_odt(converter):
    lines = [
        "某某县司法局2023年度法治政府建设年度报告",
        "一、主要举措和成效",
        "全年组织法治培训四次，办理行政复议案件三件，规范性文件全部经过合法性审核。",
        "二、存在的不足和原因",
        "一是执法人员法律素养有待提高，原因是培训不够系统。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "主要负责人带头学法，亲自部署重要工作，听取法治建设工作汇报两次。",
        "四、2024年工作安排",
        "2024年，我局将继续深化依法行政，加强执法监督，推进法治宣传。",
    ]
    odt = builders.libreoffice_export({"r.docx": builders.docx_from_lines(lines)}, "odt")["r.docx"]

    result = check_file(odt, "报告.odt", converter=converter)

    assert (result.format, result.verdict.value, [s.number for s in result.sections]) == (
        "odt",
        "complete",
        ["一", "二", "三", "四"],
    )


def test_converter_server_runs_without_the_project_on_its_path():
    # Started with the system Python in isolated mode, it must need nothing of ours to start.
    found = subprocess.run(
        [UNO_PYTHON, "-I", _officeserver.__file__, "--help"], capture_output=True, text=True
    )

    assert (found.returncode, "--socket" in found.stdout) == (0, True)
