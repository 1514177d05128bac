"""Server time of upload + read + check + store for a typical .docx report (target: median < 150 ms).

Runs the real request stack (middleware, form, service, database writes, file storage) through
Django's test client against a throwaway SQLite database, with everything an upload does: the
fingerprint and its band keys, and the comparison with the reports stored before it. The agency
has handed in the same file for the four years before (the most there is to compare: every
sentence reused), and its neighbours in the region their own reports of this year.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

ROUNDS = 30
TARGET_MS = 150
EARLIER_YEARS = 4


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    # Always a throwaway file: a DATABASE_URL exported for other work must not receive these rows.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
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
    from reports.services import submit_report, upload_report

    settings.MEDIA_ROOT = workdir / "media"
    settings.STORAGES["default"]["OPTIONS"]["location"] = settings.MEDIA_ROOT
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="基准县", code="bench")
    agency = Agency.objects.create(name="基准县司法局", region=region)
    period = ReportingPeriod.objects.create(year=2023)
    user = User.objects.create_user(username="bench", role=Role.AGENCY, agency=agency)
    client = Client()
    client.force_login(user)

    _source, by_format = renderings(["docx"])
    name, data = by_format["docx"][0]

    def hand_in(who: Agency, clerk: User, year: ReportingPeriod, file: tuple[str, bytes]) -> None:
        report = upload_report(agency=who, period=year, user=clerk, filename=file[0], data=file[1])
        submit_report(report=report, user=clerk, agency_confirmed=True)

    for year in range(period.year - EARLIER_YEARS, period.year):
        hand_in(agency, user, ReportingPeriod.objects.create(year=year), (name, data))
    neighbours = by_format["docx"][1:]
    for index, file in enumerate(neighbours):
        other = Agency.objects.create(name=f"基准县第{index + 1}局", region=region)
        clerk = User.objects.create_user(username=f"bench-{index}", role=Role.AGENCY, agency=other)
        hand_in(other, clerk, period, file)
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
    verdict = "met" if median < TARGET_MS else "MISSED"
    print(
        f"Upload benchmark: {name} ({len(data) / 1024:.0f} KiB), {ROUNDS} uploads on SQLite, "
        f"each compared with {EARLIER_YEARS} earlier years and {len(neighbours)} neighbours: "
        f"median {median:.0f} ms, p95 {p95:.0f} ms (target median < {TARGET_MS} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
