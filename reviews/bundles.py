"""All the reports of a dashboard filter in one zip, streamed as it is written.

Each file is copied from storage a chunk at a time and each chunk leaves for the browser as soon
as the zip has it, so memory stays flat whatever the number of files. The completeness table of
the same filter rides along, and a file missing from storage is listed rather than failing all.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Agency, Report, ReportingPeriod
from reports.storage import StorageUnavailable, open_file

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
# Word and PDF files are zips or compressed already; text is worth compressing.
_COMPRESS = {"txt": zipfile.ZIP_DEFLATED}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class Entry:
    name: str
    report: Report


def entries(agencies: QuerySet[Agency], period: ReportingPeriod) -> Iterator[Entry]:
    """The handed-in current version of each agency (annotated as the dashboard's rows), named."""
    ids = agencies.exclude(report_id__isnull=True).values_list("report_id", flat=True)
    reports = (
        Report.objects.filter(pk__in=ids)
        .select_related("agency__region")
        .only(
            "pk",
            "file",
            "format",
            "version",
            "original_name",
            "agency__name",
            "agency__region__name",
        )
        .order_by("agency__region__code", "agency__sort_key", "agency__name")
    )
    for report in reports.iterator(chunk_size=500):
        stem = _("%(agency)s %(year)s version %(version)s") % {
            "agency": report.agency.name,
            "year": period.year,
            "version": report.version,
        }
        folder = _safe(report.agency.region.name)
        yield Entry(f"{folder}/{_safe(stem)}.{report.format}", report)


def zip_stream(
    items: Iterable[Entry], extras: Iterable[tuple[str, IO[bytes]]] = ()
) -> Iterator[bytes]:
    """The bytes of a zip of the entries' stored files and of `extras`, piece by piece."""
    sink = _Sink()
    missing: list[str] = []
    with zipfile.ZipFile(sink, mode="w") as archive:
        for entry in items:
            try:
                source = open_file(entry.report.file.name)
            except StorageUnavailable:
                missing.append(entry.name)
                continue
            with source:
                yield from _copy(
                    archive, sink, entry.name, source, _COMPRESS.get(entry.report.format)
                )
        for name, source in extras:
            with source:
                yield from _copy(archive, sink, name, source, zipfile.ZIP_DEFLATED)
        if missing:
            note = _("These files could not be read from storage and are not in the archive:")
            archive.writestr(
                _("missing-files.txt"), "\n".join([note, *missing]).encode("utf-8-sig")
            )
    yield sink.take()


def _copy(
    archive: zipfile.ZipFile, sink: _Sink, name: str, source: IO[bytes], compression: int | None
) -> Iterator[bytes]:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = compression or zipfile.ZIP_STORED
    with archive.open(info, "w") as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
            if data := sink.take():
                yield data
    if data := sink.take():
        yield data


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip() or "_"


class _Sink:
    """Where the zip writes; what has been written is taken away as it comes."""

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data
