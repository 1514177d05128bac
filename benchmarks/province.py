"""A province on one PostgreSQL: 15,000 agencies in ~14 cities and ~120 counties, 5 years.

Targets (issue 14): the dashboard's p95 under 150 ms for a county reviewer, a city reviewer, the
province's reviewer and an administrator, with the same number of queries whatever the number of
agencies behind it; the export of all 15,000 rows under 1.5 s. The review page (100 comments) is
printed beside them. The period is scored under a rubric, as an office that assesses does.

`python -m benchmarks.province` creates the database that BENCH_PROVINCE_POSTGRES_URL names
(default postgres://postgres@127.0.0.1:5432/nianbao_bench_province; the name must contain "bench",
since it is dropped first), generates the province, measures, and drops it again. An unreachable
server is skipped.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.dashboard import (
    COMMENTS_ON_REVIEW_PAGE,
    as_a_started_worker,
    generate_in_child,
    measure_page,
    report_with_comments,
)
from benchmarks.databases import checkpoint, throwaway_database

if TYPE_CHECKING:
    from reports.models import User

AGENCIES, YEARS = 15_000, 5
TARGET_P95_MS = 150
TARGET_EXPORT_SECONDS = 1.5
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/nianbao_bench_province"
VARIANTS = ("?page=1", "?verdict=incomplete", "?status=none", "?q=司法局", "?sort=-submitted_at")


def main() -> None:
    url = os.environ.get("BENCH_PROVINCE_POSTGRES_URL") or DEFAULT_URL
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-province-"))
    try:
        with throwaway_database("postgres", workdir, url=url, label="Province benchmark") as ready:
            if ready:
                _measure()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    from benchmarks.loadgen.province import USERNAME_PREFIX
    from reports.models import Report, ReportingPeriod, Role, User
    from reviews.assessment import start_rubric
    from reviews.queries import agencies_for_reviewer

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    seconds = generate_in_child(AGENCIES, YEARS)
    print(
        f"Province benchmark (PostgreSQL): generate_load --agencies {AGENCIES:,} --years {YEARS} "
        f"took {seconds:.0f} s ({Report.objects.count():,} report versions)"
    )
    start_rubric(ReportingPeriod.objects.order_by("-year").first())
    admin = User.objects.create_user(username="bench-admin", role=Role.ADMIN, is_staff=True)
    people = []
    for letter, who in (("r001", "county"), ("c01", "city"), ("p01", "province")):
        user = User.objects.get(username=f"{USERNAME_PREFIX}{letter}")
        seen = agencies_for_reviewer(user).count()
        people.append((f"{who} reviewer, {seen:,} agencies", user))
    people.append((f"admin, {AGENCIES:,} agencies", admin))
    checkpoint(os.environ["DATABASE_URL"])
    as_a_started_worker()

    print("  30 requests each after a warm-up; queries per request")
    dashboard = reverse("reviews:dashboard")
    worst = 0.0
    for who, user in people:
        for variant in VARIANTS:
            p95 = measure_page(f"dashboard{variant} ({who})", user, dashboard + variant)
            worst = max(worst, p95)
    verdict = "met" if worst < TARGET_P95_MS else "MISSED"
    print(f"  dashboard worst p95 {worst:.0f} ms: target p95 < {TARGET_P95_MS} ms {verdict}")

    county_reviewer = people[0][1]
    report = report_with_comments(county_reviewer)
    page = reverse("reports:detail", args=[report.pk])
    for who, user in (people[0], people[-1]):
        measure_page(f"review page, {COMMENTS_ON_REVIEW_PAGE} comments ({who})", user, page)

    for fmt in ("csv", "xlsx"):
        _time_export(admin, fmt)


def _time_export(admin: User, fmt: str) -> None:
    from django.test import Client
    from django.urls import reverse

    from reviews.models import ExportRecord

    client = Client()
    client.force_login(admin)
    client.get(reverse("reviews:export") + "?format=csv&q=nothing-matches")  # warm up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(reverse("reviews:export") + f"?format={fmt}")
        size = sum(len(chunk) for chunk in response.streaming_content)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    rows = ExportRecord.objects.latest("created_at").row_count
    verdict = "met" if best < TARGET_EXPORT_SECONDS else "MISSED"
    print(
        f"  export {fmt.upper():<4} {rows:,} rows  best of 3 {best:.2f} s "
        f"(slowest {max(timings):.2f} s)  {size / 1024:,.0f} KiB  "
        f"target < {TARGET_EXPORT_SECONDS} s: {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
