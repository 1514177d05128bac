"""gunicorn's configuration for Nianbao; every value can be overridden from the environment.

gunicorn config.wsgi:application          # reads this file from the working directory
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each request is short (a file is read in a child process in well under a
# second); the usual two per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Longer than the deadline of reading one file (PARSE_TIMEOUT_SECONDS, 60 s by default), so a
# slow file ends as a message to its user, not as a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "90"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, at different moments, so that no slow leak accumulates.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Heartbeat files in memory: a container's disk can be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Client address, request, status, bytes, time taken in microseconds.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
# The proxy in front tells the scheme; trust it only from where the proxy stands.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Start the worker's file-reading sandbox now, not on its first upload; then set aside
    what the worker has loaded from the garbage collector's full passes."""
    from config.workers import freeze_startup_heap
    from reports.parsing.isolation import warm

    warm()
    freeze_startup_heap()
