"""Server time of the reviewers' dashboard and review page over 3,000 agencies × 5 years of reports.

Target (issue 5): dashboard p95 < 200 ms on PostgreSQL. `make bench` runs it on SQLite; PostgreSQL
is measured at province size by benchmarks.province. Each database runs in a process of its own
(`python -m benchmarks.dashboard sqlite|postgres`), since Django is set up once per process: a
throwaway SQLite file, and a PostgreSQL database created and dropped on the server that
BENCH_POSTGRES_URL names (default postgres://postgres@127.0.0.1:5432/nianbao_bench). That
database is dropped first, so its name must contain "bench"; an unreachable server is skipped.
"""

from __future__ import annotations

import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.databases import DEFAULT_POSTGRES_URL, throwaway_database

if TYPE_CHECKING:
    from reports.models import Report, User

AGENCIES, YEARS = 3000, 5
ROUNDS = 30
# A slow page stops short of ROUNDS after this long, so that `make bench` stays bounded.
SECONDS_PER_MEASURE = 30.0
TARGET_P95_MS = 200
COMMENTS_ON_REVIEW_PAGE = 100
DASHBOARD_VARIANTS = (
    "?page=1",
    "?verdict=incomplete",
    "?status=none",
    "?q=司法局",
    "?sort=-submitted_at",
)


def main() -> None:
    for backend in ("sqlite",):
        done = subprocess.run([sys.executable, "-m", "benchmarks.dashboard", backend], check=False)
        if done.returncode:
            print(f"Dashboard benchmark ({backend}): failed with exit status {done.returncode}")


def run(backend: str) -> None:
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[backend]
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    url = os.environ.get("BENCH_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    try:
        with throwaway_database(
            backend, workdir, url=url, label=f"Dashboard benchmark ({label})"
        ) as ready:
            if ready:
                _measure(label, target=backend == "postgres")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(label: str, *, target: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    from reports.models import Region, Report, Role, User

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    seconds = generate_in_child(AGENCIES, YEARS)
    as_a_started_worker()
    print(
        f"Dashboard benchmark ({label}): generate_load --agencies {AGENCIES} --years {YEARS} "
        f"took {seconds:.1f} s ({Report.objects.count():,} report versions)"
    )

    reviewer = User.objects.create_user(username="bench-reviewer", role=Role.REVIEWER)
    reviewer.regions.set(Region.objects.all())
    admin = User.objects.create_user(username="bench-admin", role=Role.ADMIN, is_staff=True)
    people = [(f"reviewer of {Region.objects.count()} regions", reviewer), ("admin", admin)]

    print(
        f"  {ROUNDS} requests each after a warm-up, as {people[0][0]} and as admin; "
        "queries per request"
    )
    dashboard = reverse("reviews:dashboard")
    for who, user in people:
        for variant in DASHBOARD_VARIANTS:
            measure_page(
                f"dashboard{variant} ({who})",
                user,
                dashboard + variant,
                target_ms=TARGET_P95_MS if target else None,
            )
    report = report_with_comments(reviewer)
    url = reverse("reports:detail", args=[report.pk])
    for who, user in people:
        label = f"review page, {COMMENTS_ON_REVIEW_PAGE} comments ({who})"
        measure_page(label, user, url)


def as_a_started_worker() -> None:
    """Leave the measuring process as gunicorn.conf.py leaves a worker that has started."""
    from config.workers import freeze_startup_heap

    freeze_startup_heap()


def generate_in_child(agencies: int, years: int) -> float:
    """Run generate_load in a process of its own and return its seconds. In the measuring
    process its millions of objects would stay on the heap, and every garbage collection of a
    request would walk them: a server's worker holds none of them."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_load",
            f"--agencies={agencies}",
            f"--years={years}",
            "--force",
        ],
        cwd=Path(__file__).resolve().parents[1],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def measure_page(label: str, user: User, url: str, *, target_ms: int | None = None) -> float:
    """Print the server time of one page (p50, p95, its queries and size); return the p95."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    response = client.get(url)  # warm-up: templates, caches, the connection
    if response.status_code != 200:
        print(f"  {_pad(label, 54)} HTTP {response.status_code}")
        return math.inf
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the next request clears the connection's query log.
    query_count = len(queries.captured_queries)
    timings: list[float] = []
    budget = time.perf_counter() + SECONDS_PER_MEASURE
    while len(timings) < ROUNDS and (len(timings) < 5 or time.perf_counter() < budget):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[math.ceil(len(timings) * 0.95) - 1]
    line = (
        f"  {_pad(label, 54)} p50 {p50:4.0f} ms  p95 {p95:4.0f} ms  {query_count:3d} queries"
        f"  {len(response.content) / 1024:4.0f} KiB"
    )
    if len(timings) < ROUNDS:
        line += f"  ({len(timings)} requests: time budget)"
    if target_ms is not None:
        line += f"  target p95 < {target_ms} ms: {'met' if p95 < target_ms else 'MISSED'}"
    print(line)
    return p95


def _pad(text: str, width: int) -> str:
    """Left-justify in a terminal, where a Chinese character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def report_with_comments(reviewer: User) -> Report:
    """A generated report under review that the reviewer oversees, given 100 comments and
    replies through the service."""
    from reports.models import Report
    from reviews.queries import agencies_for_reviewer
    from reviews.services import add_comment

    report = (
        Report.objects.current()
        .filter(agency__in=agencies_for_reviewer(reviewer))
        .filter(status=Report.Status.IN_REVIEW, comments__isnull=True)
        .select_related("agency")
        .order_by("-size", "pk")
        .first()
    )
    clerk = report.agency.users.first()
    sections = list(report.sections.all())
    rng = random.Random(5)
    threads = []
    for index in range(COMMENTS_ON_REVIEW_PAGE):
        if threads and index % 3 == 2:
            add_comment(
                report=report, user=clerk, body="已按要求修改。", parent=rng.choice(threads)
            )
            continue
        section = rng.choice(sections)
        start = rng.randrange(section.start, max(section.start + 1, section.end - 20))
        end = min(start + rng.randint(6, 30), len(report.text))
        span = (start, end) if index % 2 else None
        comment = add_comment(
            report=report, user=reviewer, section=section, span=span, body="请核实此处表述。"
        )
        threads.append(comment)
    return report


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run(sys.argv[1])
    else:
        main()
