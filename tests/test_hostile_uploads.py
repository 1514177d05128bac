"""Uploads an attacker or a careless clerk might send, through the real upload path.

Every case asserts what the user is told, the status code, and that no Report, Section or file
is left behind; the bombs also assert what reading them cost the child process that read them,
and that the process serving the request did not grow.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from benchmarks.rss import run_watching_tree
from reports.models import Report, Section
from reports.parsing.isolation import LIMIT_EXCEEDED, MIB, run_isolated
from reports.stored import TEXT_PAGE_CHARS
from tests.conftest import stored_files
from tests.hostile_files import flate_bomb_pdf, lying_zip_docx
from tests.parsing.builders import billion_laughs_docx, xxe_docx
from tests.samples import COMPLETE, demo_bytes, demo_text

CORRUPT_DOCX = "文件已损坏，无法作为 Word 文档读取，请在 Word 或 WPS 中重新保存为 .docx 后上传"
UNSAFE_XML = "文件含有不安全的内容（XML 实体声明），无法读取"


@pytest.fixture
def clerk(client, agency_user, open_period):
    client.force_login(agency_user)
    return client


def upload(client, name: str, data: bytes):
    return client.post(reverse("reports:upload"), {"file": SimpleUploadedFile(name, data)})


def field_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("file", []))


def nothing_left(media_root: Path) -> bool:
    return (Report.objects.count(), Section.objects.count(), stored_files(media_root)) == (0, 0, [])


def own_peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("报告.docx", lying_zip_docx, CORRUPT_DOCX),
        ("报告.pdf", flate_bomb_pdf, LIMIT_EXCEEDED),
        ("报告.docx", xxe_docx, UNSAFE_XML),
        ("报告.docx", billion_laughs_docx, UNSAFE_XML),
    ],
    ids=["lying-zip", "flate-bomb", "external-entity", "billion-laughs"],
)
def test_upload_of_hostile_file_is_refused_and_leaves_nothing(
    clerk, media_root, name, make, message
):
    data = make()
    before = own_peak_rss()

    response = upload(clerk, name, data)

    assert (response.status_code, field_errors(response)) == (200, [message])
    assert nothing_left(media_root)
    # The bombs unfold to 1 GiB; the serving process must not have held any of it.
    assert own_peak_rss() - before < 100 * MIB


@pytest.mark.parametrize(
    ("name", "make", "ended_by"),
    [
        ("bomb.docx", lying_zip_docx, {"finished"}),
        ("bomb.pdf", flate_bomb_pdf, {"memory", "crashed"}),
    ],
    ids=["lying-zip", "flate-bomb"],
)
def test_bomb_is_read_in_a_child_that_stays_under_its_memory_limit(name, make, ended_by):
    outcome = run_isolated(make(), name)

    assert outcome.result is None
    assert outcome.ended_by in ended_by
    assert outcome.peak_rss_bytes < 600 * MIB
    assert outcome.wall_seconds < 10


def test_checkreport_refuses_the_flate_bomb_like_the_upload(tmp_path, capsys):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf())

    with pytest.raises(SystemExit) as exited:
        call_command("checkreport", str(bomb), "--json")

    assert exited.value.code == 1
    assert capsys.readouterr().out.strip() == (
        f'{{"file": "{bomb}", "error": "{LIMIT_EXCEEDED}", "code": "limit_exceeded"}}'
    )


def test_checkreport_on_the_flate_bomb_stays_under_600_mb_as_a_whole_tree(tmp_path):
    """The command as a user runs it: its own process, the zygote and the child together. 600 MB
    as a buyer reads it, in millions of bytes."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf())
    keep = ("PATH", "HOME", "LANG")
    environment = {key: value for key, value in os.environ.items() if key in keep}

    status, _seconds, peak = run_watching_tree(
        [sys.executable, "manage.py", "checkreport", str(bomb), "--json"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    assert status == 1
    assert peak < 600_000_000


def test_txt_with_nul_and_control_bytes_is_stored_without_them(clerk, media_root):
    text = demo_text(COMPLETE).replace("。", "。\x00", 3).replace("，", "\x07，", 2)

    response = upload(clerk, "报\x00告.txt", text.encode())

    report = Report.objects.get()
    assert response.status_code == 302
    stored = [report.text, report.title, report.original_name, str(report.result)]
    assert [value for value in stored if "\x00" in value or "\x07" in value] == []
    assert report.original_name == "报告.txt"
    assert report.text.count("。") == demo_text(COMPLETE).count("。")


def test_huge_text_is_stored_and_shown_a_part_at_a_time(clerk, media_root):
    report_text = demo_text(COMPLETE)
    data = (report_text + "\n") * (1_200_000 // len(report_text))

    response = upload(clerk, "合订本.txt", data.encode())

    report = Report.objects.get()
    page = clerk.get(report.get_absolute_url())
    last = clerk.get(report.get_absolute_url(), {"page": str(len(report.page_starts))})
    assert response.status_code == 302
    assert len(report.text) > 1_000_000
    assert len(report.page_starts) == pytest.approx(len(report.text) / TEXT_PAGE_CHARS, abs=2)
    assert page.status_code == last.status_code == 200
    assert len(page.content) < 2 * MIB
    assert report.text.rstrip().splitlines()[-1] in last.content.decode()


def test_report_with_absurdly_many_headings_stores_a_bounded_outline(clerk, media_root):
    lines = ["某县司法局2023年度法治政府建设年度报告", "一、主要举措和成效"]
    lines += [f"{index % 90 + 1}. 第{index}项工作" for index in range(12_000)]

    response = upload(clerk, "目录.txt", "\n".join(lines).encode())

    report = Report.objects.get()
    codes = [finding.code for finding in report.reading.findings]
    assert response.status_code == 302
    assert report.sections.count() == 2000
    assert "outline_truncated" in codes
    assert len(clerk.get(report.get_absolute_url()).content) < 2 * MIB


@pytest.mark.parametrize(
    "backend", ["tests.faulty_storage.DiskFullStorage", "tests.faulty_storage.ReadOnlyStorage"]
)
def test_storage_failure_mid_write_is_a_message_and_leaves_nothing(
    clerk, media_root, settings, caplog, backend
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": backend, "OPTIONS": {"location": media_root, "base_url": None}},
    }

    with caplog.at_level(logging.ERROR, logger="reports.storage"):
        response = upload(clerk, "报告.txt", demo_bytes(COMPLETE))

    assert response.status_code == 503
    assert "没有保存任何内容" in " ".join(field_errors(response))
    assert nothing_left(media_root)
    storage_log = [
        record.levelname for record in caplog.records if record.name == "reports.storage"
    ]
    assert storage_log == ["ERROR"]


def test_download_of_a_file_gone_from_storage_is_a_message(clerk, media_root, caplog):
    upload(clerk, "报告.txt", demo_bytes(COMPLETE))
    report = Report.objects.get()
    (media_root / report.file.name).unlink()

    with caplog.at_level(logging.ERROR, logger="reports.storage"):
        response = clerk.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 503
    assert "在存储中找不到" in response.content.decode()
    assert report.file.name in caplog.text
