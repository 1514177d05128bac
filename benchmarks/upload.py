"""Server time of upload + read + check + store for a typical .docx report (target: median < 300 ms).

Runs the real request stack (middleware, form, service, database writes, file storage) through
Django's test client against a throwaway SQLite database.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

ROUNDS = 30


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from benchmarks.samples import renderings
    from reports.models import Agency, Region, ReportingPeriod, Role, User

    settings.MEDIA_ROOT = workdir / "media"
    settings.STORAGES["default"]["OPTIONS"]["location"] = settings.MEDIA_ROOT
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="基准县", code="bench")
    agency = Agency.objects.create(name="基准县司法局", region=region)
    ReportingPeriod.objects.create(year=2023)
    user = User.objects.create_user(username="bench", role=Role.AGENCY, agency=agency)
    client = Client()
    client.force_login(user)

    _source, by_format = renderings()
    name, data = by_format["docx"][0]
    url = reverse("reports:upload")
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"upload failed with status {response.status_code}")
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "met" if median < 300 else "MISSED"
    print(
        f"Upload benchmark: {name} ({len(data) / 1024:.0f} KiB), {ROUNDS} uploads on SQLite: "
        f"median {median:.0f} ms, p95 {p95:.0f} ms (target median < 300 ms: {verdict})"
    )
