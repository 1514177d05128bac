"""Time and peak memory of exporting the completeness table: 15,000 agencies, CSV and XLSX.

Target (issue 6): under 3 s each, with memory that does not grow with the rows. The database is
generated once (SQLite); each export then runs in a fresh process so that its peak resident
memory is its own, once for a single county (~120 rows) and once for all 15,000 rows: memory
flat in the rows means the two peaks are close.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.rss import peak_rss_mib

AGENCIES = 15_000
TARGET_SECONDS = 3.0


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-export-bench-"))
    database = workdir / "bench.sqlite3"
    try:
        started = time.perf_counter()
        _run("prepare", database)
        print(
            f"Export benchmark (SQLite): {AGENCIES:,} agencies generated in "
            f"{time.perf_counter() - started:.0f} s"
        )
        for fmt in ("csv", "xlsx"):
            for scope in ("region", "all"):
                _run("export", database, fmt, scope)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(*args: object) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.exports", *map(str, args)], check=False
    )
    if done.returncode:
        raise SystemExit(f"export benchmark step {args[0]} failed ({done.returncode})")


def _setup(database: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def prepare(database: str) -> None:
    _setup(database)
    from django.core.management import call_command

    from reports.models import Role, User

    call_command("migrate", verbosity=0)
    call_command("generate_load", agencies=AGENCIES, years=1, force=True, stdout=io.StringIO())
    User.objects.create_user(username="bench-admin", role=Role.ADMIN, is_staff=True)


def export(database: str, fmt: str, scope: str) -> None:
    _setup(database)
    from django.test import Client
    from django.urls import reverse

    from reports.models import Region, User

    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    query = f"?format={fmt}"
    if scope == "region":
        county = Region.objects.filter(level=Region.Level.COUNTY).order_by("code").first()
        query += f"&region={county.code}"
    client.get(reverse("reviews:export") + "?format=csv&q=nothing-matches")  # warm up
    started = time.perf_counter()
    response = client.get(reverse("reviews:export") + query)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    rows = _exported_rows()
    line = (
        f"  {fmt.upper():<4} {rows:>6,} rows  {seconds:5.2f} s  {size / 1024:6.0f} KiB  "
        f"process peak RSS {peak_rss_mib():5.1f} MiB"
    )
    if scope == "all":
        line += (
            f"  target < {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'MISSED'}"
        )
    print(line)


def _exported_rows() -> int:
    from reviews.models import ExportRecord

    return ExportRecord.objects.latest("created_at").row_count


if __name__ == "__main__":
    step, *rest = sys.argv[1:]
    {"prepare": prepare, "export": export}[step](*rest)
