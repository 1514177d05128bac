"""Reading an uploaded file under the limits the settings give: the one door to the checker.

The upload and `checkreport` both come through here, so a file behaves the same in the browser
and on the command line: read in a child process (reports/parsing/isolation.py) that a hostile
file cannot push past PARSE_MEMORY_LIMIT_MB, PARSE_CPU_SECONDS or PARSE_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings

from reports.parsing import CheckResult, ReadError, check_file
from reports.parsing.isolation import MIB, Limits, Outcome, run_isolated

logger = logging.getLogger(__name__)

UNAVAILABLE = "服务器暂时无法读取文件，请稍后再试；如果一直如此，请联系管理员"


def limits() -> Limits:
    return Limits(
        memory_bytes=settings.PARSE_MEMORY_LIMIT_MB * MIB,
        cpu_seconds=settings.PARSE_CPU_SECONDS,
        wall_seconds=float(settings.PARSE_TIMEOUT_SECONDS),
    )


def check_upload(
    data: bytes,
    filename: str,
    *,
    period_year: int | None = None,
    agency_names: Sequence[str] = (),
    deadline: datetime.date | None = None,
) -> CheckResult:
    """Read and check a file as the upload does; ReadError with the user's message otherwise."""
    options: dict[str, object] = {"period_year": period_year}
    if agency_names:
        options["agency_names"] = list(agency_names)
    if deadline is not None:
        options["deadline"] = deadline
    # A .doc/.wps/.odt goes to the kept LibreOffice (runconverter) when one listens there.
    converter = settings.CONVERTER_SOCKET or None
    if not settings.PARSE_IN_CHILD:
        return check_file(data, filename, converter=converter, **options)  # type: ignore[arg-type]
    try:
        outcome = run_isolated(
            data, filename, options=options, limits=limits(), converter=converter
        )
    except Exception as exc:
        logger.exception("The sandbox that reads uploads could not be reached")
        raise ReadError(UNAVAILABLE, code="unavailable") from exc
    _log(outcome, filename, len(data))
    return outcome.unwrap()


def _log(outcome: Outcome, filename: str, size: int) -> None:
    if outcome.detail:
        logger.error("The checker failed on %r (%d bytes):\n%s", filename, size, outcome.detail)
    if outcome.ended_by != "finished":
        logger.warning(
            "Reading %r (%d bytes) was stopped: %s limit (peak %.0f MiB, CPU %.1f s, %.1f s)",
            filename,
            size,
            outcome.ended_by,
            outcome.peak_rss_bytes / MIB,
            outcome.cpu_seconds,
            outcome.wall_seconds,
        )
