"""The benchmarks' throwaway databases: a SQLite file, or a PostgreSQL database made and dropped."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/nianbao_bench"


@contextlib.contextmanager
def throwaway_database(backend: str, workdir: Path, *, url: str, label: str) -> Iterator[bool]:
    """Point Django (set up inside) at a new database: a SQLite file in `workdir`, or the
    PostgreSQL database `url`, created empty and dropped afterwards. Yields False, having said
    why under `label`, when the PostgreSQL server cannot give one."""
    drop: Callable[[], None] | None = None
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        try:
            drop = create_postgres_database(url)
        except (ValueError, ConnectionError) as error:
            print(f"{label}: skipped, {error}")
            yield False
            return
        os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    try:
        yield True
    finally:
        if drop is not None:
            from django.db import connections

            connections.close_all()
            drop()


def create_postgres_database(url: str) -> Callable[[], None]:
    """Create the (empty) benchmark database; return what drops it again."""
    import psycopg
    from psycopg import sql

    info = psycopg.conninfo.conninfo_to_dict(url)
    name = str(info.get("dbname") or "")
    if "bench" not in name:
        raise ValueError(f"the database name {name!r} must contain 'bench': it is dropped first")
    server = {**info, "dbname": "postgres", "connect_timeout": 5}
    try:
        with psycopg.connect(**server, autocommit=True) as connection:  # type: ignore[arg-type]
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name)
                )
            )
    except psycopg.Error as error:  # unreachable, or not allowed to create databases
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = lines[-1] if lines else type(error).__name__
        raise ConnectionError(f"no database at {safe_url(url)}: {reason}") from error

    def drop() -> None:
        with psycopg.connect(**server, autocommit=True) as connection:  # type: ignore[arg-type]
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    return drop


def safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def checkpoint(url: str) -> None:
    """Write out what setting up left in the server's buffers, as pgbench does before it runs:
    otherwise a checkpoint of the generated history falls inside the measured requests.
    Skipped, saying so, where the user may not ask for one."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CHECKPOINT")
    except psycopg.Error as error:
        print(f"  (no CHECKPOINT before measuring: {str(error).strip().splitlines()[0]})")
