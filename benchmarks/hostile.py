"""Hostile and huge files: what they cost, and that the server answers in seconds.

1. The two bombs (a lying zip .docx and a PDF flate bomb, each 1 MB unfolding to 1 GiB), rebuilt
   here: `checkreport` on each, with the peak resident memory of its whole process tree (target
   under 600 MB) and the child's own peak as the sandbox measured it.
2. A 20 MB .txt and a 990-page PDF uploaded through the real request stack into a throwaway
   SQLite database: the time to read and store each, and to render its report page (target:
   seconds, and a page in under a second).
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def bombs() -> None:
    from benchmarks.rss import run_watching_tree
    from reports.parsing.isolation import run_isolated
    from tests.hostile_files import flate_bomb_pdf, lying_zip_docx

    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    environment = {
        **{key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    print("Hostile files (checkreport, whole process tree; target peak < 600 MB):")
    for name, make in (("lying-zip.docx", lying_zip_docx), ("flate-bomb.pdf", flate_bomb_pdf)):
        data = make()
        path = workdir / name
        path.write_bytes(data)
        status, seconds, peak = run_watching_tree(
            [sys.executable, "manage.py", "checkreport", str(path), "--json"],
            cwd=ROOT,
            env=environment,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
        )
        outcome = run_isolated(data, name)
        verdict = "met" if peak < 600 * MIB else "MISSED"
        print(
            f"  {name:<15} {len(data) / MIB:4.1f} MB → 1 GiB: exit {status}, {seconds:5.2f} s, "
            f"tree peak {peak / MIB:5.0f} MiB ({verdict}); child peak "
            f"{outcome.peak_rss_bytes / MIB:4.0f} MiB, ended by {outcome.ended_by}, "
            f"“{outcome.error.message if outcome.error else ''}”"
        )


def big_files() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    # Its own database: under `make bench` the environment still names the upload benchmark's,
    # which already holds the same region and period.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    import django

    django.setup()
    import pypdfium2
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from benchmarks.samples import report_texts
    from reports.models import Agency, Region, Report, ReportingPeriod, Role, User
    from tests.parsing.builders import pdf_from_lines

    settings.MEDIA_ROOT = workdir / "media"
    settings.STORAGES["default"]["OPTIONS"]["location"] = settings.MEDIA_ROOT
    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="基准县", code="bench")
    ReportingPeriod.objects.create(year=2023)
    _source, texts = report_texts()
    joined = "\n".join(text for _name, text in texts)
    lines = joined.splitlines()

    probe = pdf_from_lines(lines * 4, header="法治政府建设年度报告")
    pages_per_copy = len(pypdfium2.PdfDocument(probe)) / 4
    pdf = pdf_from_lines(lines * math.ceil(990 / pages_per_copy), header="法治政府建设年度报告")
    pdf_pages = len(pypdfium2.PdfDocument(pdf))
    big_txt = (joined + "\n") * (20 * MIB // len(joined.encode()))
    files = [("20MB.txt", big_txt.encode()[: 20 * MIB - 1]), (f"{pdf_pages}页.pdf", pdf)]

    print("Huge files (upload → read → store, then the report page, SQLite):")
    for index, (name, data) in enumerate(files):
        agency = Agency.objects.create(name=f"基准县第{index}局", region=region)
        user = User.objects.create_user(username=f"bench{index}", role=Role.AGENCY, agency=agency)
        client = Client()
        client.force_login(user)
        started = time.perf_counter()
        response = client.post(reverse("reports:upload"), {"file": SimpleUploadedFile(name, data)})
        stored = time.perf_counter() - started
        if response.status_code != 302:
            refusal = response.context.get("refusal") or response.context["form"].errors.as_text()
            print(f"  {name}: upload answered {response.status_code}: {refusal}")
            continue
        report = Report.objects.get(agency=agency)
        timings = []
        for _ in range(6):  # the first also compiles templates; the median is what users see
            started = time.perf_counter()
            page = client.get(report.get_absolute_url())
            timings.append(time.perf_counter() - started)
        rendered = statistics.median(timings)
        pages = len(report.page_starts)
        print(
            f"  {name:<9} {len(data) / MIB:5.1f} MB: read and stored in {stored:5.2f} s "
            f"({len(report.text):,} characters, {report.sections.count()} sections); "
            f"page in {rendered * 1000:4.0f} ms (median), {len(page.content) / 1024:4.0f} KiB "
            f"(text in {pages} parts)"
        )


def main() -> None:
    bombs()
    print()
    big_files()


if __name__ == "__main__":
    main()
