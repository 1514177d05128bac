"""What a security review checks: login throttling, headers, idle sessions, deployment settings."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from config.middleware import IdleSessionTimeoutMiddleware
from reports.models import ReportingPeriod
from reports.services import upload_report
from tests.samples import COMPLETE, demo_bytes

ROOT = Path(__file__).resolve().parents[1]
LOCKED = "登录失败次数过多"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in_user(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def fail_five_times(username: str, address: str = "10.0.0.1") -> None:
    for _ in range(5):
        sign_in(Client(), username, "wrong", address)


def test_five_failures_lock_the_user_on_that_address(agency_user):
    fail_five_times("clerk")
    client = Client()

    response = sign_in(client, "clerk", "pw")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "15 分钟" in response.content.decode()
    assert signed_in_user(client) is None


def test_lock_does_not_reach_the_user_on_another_address(agency_user):
    fail_five_times("clerk", "10.0.0.1")
    client = Client()

    sign_in(client, "clerk", "pw", "10.0.0.2")

    assert signed_in_user(client) == str(agency_user.pk)


def test_four_failures_then_the_right_password_signs_in(agency_user):
    for _ in range(4):
        sign_in(Client(), "clerk", "wrong")
    client = Client()

    sign_in(client, "clerk", "pw")

    assert signed_in_user(client) == str(agency_user.pk)


def test_admin_lists_the_lockout_and_lifting_it_lets_the_user_in(agency_user, admin_user):
    fail_five_times("clerk")
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    attempt = AccessAttempt.objects.get(username="clerk")

    admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    client = Client()
    sign_in(client, "clerk", "pw")

    assert "clerk" in listing.content.decode()
    assert AccessAttempt.objects.count() == 0
    assert signed_in_user(client) == str(agency_user.pk)


def test_forwarded_address_counts_only_behind_a_trusted_proxy(agency_user, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for index in range(5):
        Client().post(
            reverse("login"),
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index}",
        )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.9"]


def test_proxy_address_is_read_from_the_right_of_the_forwarded_chain(agency_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    Client().post(
        reverse("login"),
        {"username": "clerk", "password": "wrong"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.20",
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.20"]


def private_headers(response) -> dict[str, bool]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {
        "no-store": "no-store" in response.headers.get("Cache-Control", ""),
        "csp self scripts": "script-src 'self'" in policy,
        "csp no inline": "unsafe-inline" not in policy,
        "permissions": "camera=()" in response.headers.get("Permissions-Policy", ""),
        "nosniff": response.headers.get("X-Content-Type-Options") == "nosniff",
        "no framing": response.headers.get("X-Frame-Options") == "DENY",
    }


def test_signed_in_page_carries_the_security_headers(client, agency_user):
    client.force_login(agency_user)

    response = client.get(reverse("reports:agency_home"))

    assert response.status_code == 200
    assert set(private_headers(response).values()) == {True}


def test_download_is_never_cached(client, agency_user, agency, db):
    period = ReportingPeriod.objects.create(year=2023)
    report = upload_report(
        agency=agency,
        period=period,
        user=agency_user,
        filename="报告.txt",
        data=demo_bytes(COMPLETE),
    )
    client.force_login(agency_user)

    response = client.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert set(private_headers(response).values()) == {True}


def test_idle_session_is_signed_out_with_a_message(client, agency_user, settings):
    client.force_login(agency_user)
    session = client.session
    session[IdleSessionTimeoutMiddleware.KEY] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("reports:agency_home"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert signed_in_user(client) is None
    assert "已自动退出" in response.content.decode()


def test_active_session_stays_signed_in(client, agency_user):
    client.force_login(agency_user)
    session = client.session
    session[IdleSessionTimeoutMiddleware.KEY] = int(time.time()) - 29 * 60
    session.save()

    response = client.get(reverse("reports:agency_home"))

    assert response.status_code == 200
    assert client.session[IdleSessionTimeoutMiddleware.KEY] >= int(time.time()) - 5


def test_session_cookie_ends_with_the_browser(client, agency_user, settings):
    response = sign_in(client, "clerk", "pw")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["expires"], cookie["max-age"], cookie["httponly"]) == ("", "", True)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL", "PGHOST", "PGUSER", "PGPORT"}
    environment = {key: value for key, value in os.environ.items() if key in keep}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k8$Zq1-this-is-a-long-random-looking-test-key-with-many-characters-9f2",
    "ALLOWED_HOSTS": "nianbao.example.gov.cn",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_SSL_REDIRECT": "1",
}


def test_deploy_check_is_clean_under_the_production_variables():
    done = run_manage("check", "--deploy", **PRODUCTION)

    assert (done.returncode, done.stderr.strip(), done.stdout.strip()) == (
        0,
        "",
        "System check identified no issues (0 silenced).",
    )


def test_deploy_check_names_a_missing_secret_key():
    settings = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}

    done = run_manage("check", "--deploy", **settings)

    assert done.returncode == 1
    assert "(nianbao.E001) SECRET_KEY is not set." in done.stderr


def test_server_refuses_to_start_without_a_secret_key():
    settings = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    keep = {"PATH", "HOME", "LANG"}
    environment = {key: value for key, value in os.environ.items() if key in keep}

    done = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", **settings},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set" in done.stderr


def test_checkreport_runs_without_a_secret_key():
    done = run_manage("checkreport", "reports/demo/sifaju_complete.txt", DEBUG="0")

    assert (done.returncode, done.stderr) == (0, "")
    assert "完整" in done.stdout.splitlines()[0]
