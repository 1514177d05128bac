"""A deadline day on loopback: gunicorn with 4 workers on PostgreSQL, 50 signed-in users for 60 s.

30 reviewers read the dashboard, review pages, the list of agencies yet to report and exports;
20 agencies read their pages and upload their report, one request in seven. Each user waits a
moment between requests, as a person does. Targets (issue 10): no 5xx, p95 under 300 ms, and the
upload's median server time (from gunicorn's access log) under 150 ms.

`python -m benchmarks.load` runs it all: a throwaway database named in BENCH_POSTGRES_URL (it must
contain "bench"; default nianbao_bench_load on 127.0.0.1; BENCH_LOAD_POSTGRES_URL), generate_load with 3,000 agencies over
5 years, sessions made for the users, gunicorn on a free loopback port, the client threads. The
client and the server share the machine's cores, as they did when the baseline was taken.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.databases import checkpoint, create_postgres_database, safe_url

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/nianbao_bench_load"
REVIEWERS, AGENCIES = 30, 20
SECONDS = 60.0
THINK = (0.5, 2.0)  # seconds a person takes between two requests
UPLOAD_EVERY = 7
TARGET_P95_MS, TARGET_UPLOAD_MS = 300, 150


def main() -> None:
    url = os.environ.get("BENCH_LOAD_POSTGRES_URL") or DEFAULT_URL
    try:
        drop = create_postgres_database(url)
    except (ValueError, ConnectionError) as error:
        print(f"Load benchmark: skipped, {error}")
        return
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-load-"))
    try:
        _run(url, workdir)
    finally:
        drop()
        shutil.rmtree(workdir, ignore_errors=True)


def _environment(url: str, workdir: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG")
    return {
        **{key: value for key, value in os.environ.items() if key in keep},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
    }


def _run(url: str, workdir: Path) -> None:
    environment = _environment(url, workdir)

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    started = time.perf_counter()
    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("generate_load", "--agencies", "3000", "--years", "5", "--force")
    plan_file = workdir / "users.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.load", "setup", str(plan_file)],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    users = json.loads(plan_file.read_text())
    checkpoint(url)
    print(
        f"Load benchmark: {safe_url(url)}, 3,000 agencies × 5 years, set up in "
        f"{time.perf_counter() - started:.0f} s; gunicorn 4 workers; {len(users)} users for "
        f"{SECONDS:.0f} s, think time {THINK[0]}–{THINK[1]} s"
    )
    from tests.servers import free_port, running

    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "config.wsgi:application", "-c", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "4"]
    server_log = workdir / "server.log"
    with server_log.open("w") as log, running(command, port, cwd=ROOT, env=environment, stderr=log):
        results = _drive(port, users)
    _report(results, workdir / "access.log")
    if any(status >= 500 for status in results.statuses):
        print("  the server's log ends:", *server_log.read_text().splitlines()[-15:], sep="\n    ")


def setup(plan_file: str) -> None:
    """Choose the users, give each a signed-in session, and list the pages each may open."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from benchmarks.loadgen.province import REVIEWER_LETTERS, USERNAME_PREFIX
    from benchmarks.samples import renderings
    from config.middleware import IdleSessionTimeoutMiddleware
    from reports.models import Region, Report, ReportingPeriod, Role, User
    from reports.queries import open_period

    period = open_period() or ReportingPeriod.objects.first()
    rng = random.Random(7)

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "reports.backends.RoleBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[IdleSessionTimeoutMiddleware.KEY] = int(time.time()) + 3600
        store.create()
        return store.session_key

    plan = []

    def reviewers_of(level: str) -> list[User]:
        username = f"{USERNAME_PREFIX}{REVIEWER_LETTERS[level]}"
        return list(User.objects.filter(role=Role.REVIEWER, username__startswith=username))

    county = reviewers_of(Region.Level.COUNTY)
    city = reviewers_of(Region.Level.CITY)
    overseers = rng.sample(city, min(5, len(city)))
    reviewers = rng.sample(county, REVIEWERS - len(overseers)) + overseers
    dashboard = reverse("reviews:dashboard")
    for user in reviewers:
        handed_in = list(
            Report.objects.filter(agency__region__in=user.regions.all(), period=period)
            .exclude(status=Report.Status.DRAFT)
            .values_list("pk", flat=True)[:40]
        )
        plan.append(
            {
                "role": "reviewer",
                "session": session_for(user),
                "dashboard": [
                    dashboard,
                    f"{dashboard}?verdict=incomplete",
                    f"{dashboard}?status=none",
                    f"{dashboard}?sort=-submitted_at&page=2",
                ],
                "reviews": [reverse("reports:detail", args=[pk]) for pk in handed_in],
                "others": [
                    reverse("reviews:not_submitted"),
                    f"{reverse('reviews:export')}?format=xlsx",
                    f"{reverse('reviews:export')}?format=csv",
                ],
            }
        )
    # Agencies that may still upload: no handed-in version waiting or accepted.
    locked = Report.objects.filter(
        period=period, is_current=True, status__in=("submitted", "in_review", "accepted")
    ).values("agency")
    clerks = list(
        User.objects.filter(role=Role.AGENCY, agency__is_active=True)
        .exclude(agency__in=locked)
        .order_by("pk")[:400]
    )
    _source, by_format = renderings()
    for index, user in enumerate(rng.sample(clerks, AGENCIES)):
        current = Report.objects.filter(agency=user.agency, period=period, is_current=True).first()
        name, _data = by_format["docx"][index % len(by_format["docx"])]
        plan.append(
            {
                "role": "agency",
                "session": session_for(user),
                "pages": [reverse("reports:agency_home"), reverse("reports:upload")]
                + ([current.get_absolute_url()] if current else []),
                "upload": reverse("reports:upload"),
                "file": name,
            }
        )
    Path(plan_file).write_text(json.dumps(plan, ensure_ascii=False))


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: float = 0.0

    def add(self, kind: str, status: int, milliseconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(milliseconds)
            self.statuses[status] += 1


def _drive(port: int, users: list[dict]) -> Results:
    from benchmarks.samples import renderings

    _source, by_format = renderings()
    files = dict(by_format["docx"])
    results = Results()
    deadline = time.monotonic() + SECONDS
    csrf = uuid.uuid4().hex  # 32 characters: an unmasked token, as the cookie holds it

    def request(user: dict, method: str, path: str, body: bytes = b"", headers=None):  # type: ignore[no-untyped-def]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = f"sessionid={user['session']}; csrftoken={csrf}"
        try:
            started = time.perf_counter()
            connection.request(
                method, path, body=body, headers={"Cookie": cookie, **(headers or {})}
            )
            response = connection.getresponse()
            response.read()
            return response.status, (time.perf_counter() - started) * 1000
        finally:
            connection.close()

    def upload(user: dict) -> tuple[int, float]:
        boundary = uuid.uuid4().hex
        name = user["file"]
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f'{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + files[name]
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return request(
            user,
            "POST",
            user["upload"],
            body,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://127.0.0.1:{port}{user['upload']}",
            },
        )

    def person(user: dict, seed: int) -> None:
        rng = random.Random(seed)
        count = 0
        time.sleep(rng.uniform(0, THINK[1]))  # people do not all click in the same instant
        while time.monotonic() < deadline:
            count += 1
            try:
                if user["role"] == "agency" and count % UPLOAD_EVERY == 0:
                    kind, (status, ms) = "upload", upload(user)
                elif user["role"] == "agency":
                    kind = "agency page"
                    status, ms = request(user, "GET", rng.choice(user["pages"]))
                else:
                    roll = rng.random()
                    if roll < 0.45 or not user["reviews"]:
                        kind, path = "dashboard", rng.choice(user["dashboard"])
                    elif roll < 0.9:
                        kind, path = "review page", rng.choice(user["reviews"])
                    else:
                        path = rng.choice(user["others"])
                        kind = "export" if "export" in path else "not submitted"
                    status, ms = request(user, "GET", path)
                results.add(kind, status, ms)
            except (OSError, http.client.HTTPException) as error:
                with results.lock:
                    results.errors[type(error).__name__] += 1
            time.sleep(rng.uniform(*THINK))

    threads = [
        threading.Thread(target=person, args=(user, index), daemon=True)
        for index, user in enumerate(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    results.seconds = time.monotonic() - started
    return results


def _percentile(values: list[float], share: float) -> float:
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, int(share * len(ranked)))] if ranked else 0.0


def _report(results: Results, access_log: Path) -> None:
    every = [ms for values in results.latencies.values() for ms in values]
    errors = sum(count for status, count in results.statuses.items() if status >= 500)
    p95 = _percentile(every, 0.95)
    print(
        f"  {len(every):,} requests, {len(every) / results.seconds:.1f} req/s, 5xx: {errors}, "
        f"connection errors: {sum(results.errors.values())}; "
        f"p50 {_percentile(every, 0.5):.0f} ms, p95 {p95:.0f} ms, p99 "
        f"{_percentile(every, 0.99):.0f} ms (target 0 errors and p95 < {TARGET_P95_MS} ms: "
        f"{'met' if errors == 0 and not results.errors and p95 < TARGET_P95_MS else 'MISSED'})"
    )
    for kind, values in sorted(results.latencies.items()):
        print(
            f"    {kind:<14} {len(values):5d}  p50 {_percentile(values, 0.5):5.0f} ms  "
            f"p95 {_percentile(values, 0.95):5.0f} ms  p99 {_percentile(values, 0.99):5.0f} ms"
        )
    print(f"    statuses: {dict(sorted(results.statuses.items()))}")
    uploads = [
        int(match.group(1)) / 1000
        for line in access_log.read_text().splitlines()
        if '"POST /reports/upload/' in line and (match := re.search(r" (\d+)us ", line))
    ]
    if uploads:
        median = statistics.median(uploads)
        print(
            f"  upload server time: median {median:.0f} ms over {len(uploads)} uploads "
            f"(target < {TARGET_UPLOAD_MS} ms: {'met' if median < TARGET_UPLOAD_MS else 'MISSED'})"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        main()
