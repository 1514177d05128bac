"""Several machines: uploads in an S3-compatible object store, a cache shared through Redis.

Both run against real server processes: moto's standalone S3 server, started here, and the
Redis at 127.0.0.1:6379 (or one started here when that is not running). Each skips, saying why,
only where its server cannot be had.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.settings import s3_storage
from reports.models import Report, ReportingPeriod, Section
from tests.samples import COMPLETE, demo_bytes
from tests.servers import answers, free_port, running, unavailable

ROOT = Path(__file__).resolve().parents[1]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        import boto3
        import moto.server  # noqa: F401
    except ImportError:
        unavailable("boto3 and moto[server] are not installed: pip install '.[dev]'")
    port = free_port()
    with running([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port):
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="cn-north-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        yield endpoint, client


@pytest.fixture
def bucket(s3_endpoint, settings):
    endpoint, client = s3_endpoint
    name = f"nianbao-{uuid.uuid4().hex[:12]}"
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            {
                **CREDENTIALS,
                "AWS_STORAGE_BUCKET_NAME": name,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "cn-north-1",
            }
        ),
    }
    return name, client


@pytest.fixture
def clerk(client, agency_user, db):
    today = timezone.localdate()
    ReportingPeriod.objects.create(
        year=today.year - 1,
        submission_deadline=today + datetime.timedelta(days=10),
        publication_deadline=today + datetime.timedelta(days=40),
    )
    client.force_login(agency_user)
    return client


def keys(client, bucket_name: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=bucket_name)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_upload_is_stored_in_the_object_store_and_downloads_whole(clerk, bucket):
    name, client = bucket
    data = demo_bytes(COMPLETE)

    response = clerk.post(reverse("reports:upload"), {"file": SimpleUploadedFile("报告.txt", data)})
    report = Report.objects.get()
    download = clerk.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 302
    assert keys(client, name) == [report.file.name]
    assert b"".join(download.streaming_content) == data


def test_same_file_name_twice_keeps_both_objects(clerk, bucket):
    name, client = bucket

    first = default_storage.save("reports/x/same.txt", ContentFile(b"one"))
    second = default_storage.save("reports/x/same.txt", ContentFile(b"two"))

    assert first != second
    assert keys(client, name) == sorted([first, second])


def test_object_store_refusing_the_write_is_a_message_and_leaves_nothing(clerk, bucket):
    name, client = bucket
    client.delete_bucket(Bucket=name)

    response = clerk.post(
        reverse("reports:upload"), {"file": SimpleUploadedFile("报告.txt", demo_bytes(COMPLETE))}
    )

    assert response.status_code == 503
    assert "没有保存任何内容" in " ".join(response.context["form"].errors["file"])
    assert (Report.objects.count(), Section.objects.count()) == (0, 0)


@pytest.fixture(scope="module")
def redis_url():
    try:
        import redis  # noqa: F401
    except ImportError:
        unavailable("the redis client is not installed: pip install -e .")
    if answers(6379):
        yield "redis://127.0.0.1:6379/15"
        return
    server = shutil.which("redis-server")
    if server is None:
        unavailable("no Redis at 127.0.0.1:6379 and no redis-server to start one")
    port = free_port()
    command = [
        server,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    with running(command, port):
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def shared_cache(redis_url, settings):
    prefix = f"nianbao-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    yield redis_url, prefix
    _delete_prefixed(redis_url, prefix)


def _delete_prefixed(url: str, prefix: str) -> None:
    import redis

    connection = redis.Redis.from_url(url)
    for key in connection.scan_iter(match=f"{prefix}:*"):
        connection.delete(key)


def test_cache_is_shared_with_another_process(shared_cache):
    url, prefix = shared_cache
    caches["default"].set("deadline-notice", "2025年3月1日", timeout=60)
    environment = {
        **{key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "REDIS_URL": url,
        "CACHE_KEY_PREFIX": prefix,
    }
    read_back = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.cache import cache; "
            "print(cache.get('deadline-notice'))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert read_back.stdout.strip() == "2025年3月1日"


def test_session_lives_in_the_shared_cache_and_the_database(
    shared_cache, settings, client, agency_user
):
    import redis

    url, prefix = shared_cache
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

    client.post(reverse("login"), {"username": "clerk", "password": "pw"})
    page = client.get(reverse("reports:agency_home"))

    cached = [key.decode() for key in redis.Redis.from_url(url).scan_iter(match=f"{prefix}:*")]
    assert page.status_code == 200
    assert any("django.contrib.sessions.cached_db" in key for key in cached)


def test_a_started_gunicorn_worker_sets_its_loaded_heap_aside_from_the_collector():
    import gc
    import runpy

    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](None)

        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_postgresql_connections_do_not_compile_queries_to_machine_code():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://…")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_postgresql_receives_parameters_apart_from_the_query_text():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://…")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid() AND %s <> ''",
            ["如此"],
        )
        (received,) = cursor.fetchone()

    assert "$1" in received
    assert "如此" not in received


def test_a_database_address_with_options_keeps_them_beside_jit_off():
    url = "postgres://nianbao@db.example/nianbao?options=-c%20statement_timeout%3D5000"
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings; print(settings.DATABASES['default']['OPTIONS'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x", "DEBUG": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "'options': '-c statement_timeout=5000 -c jit=off'" in printed
    assert "'server_side_binding': True" in printed
