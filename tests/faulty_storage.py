"""Storage that fails the way disks do, for the tests of what an upload leaves behind."""

from __future__ import annotations

import errno
import os

from reports.storage import ReportFileStorage


class _FailingWriter:
    """A file that takes `budget` bytes, then fails as a full disk would."""

    def __init__(self, descriptor: int, budget: int, error: int) -> None:
        self._file = os.fdopen(descriptor, "wb")
        self._budget = budget
        self._error = error

    def write(self, data: bytes) -> int:
        if len(data) > self._budget:
            self._file.write(data[: self._budget])
            self._file.flush()
            raise OSError(self._error, os.strerror(self._error))
        self._budget -= len(data)
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def __enter__(self) -> _FailingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


class DiskFullStorage(ReportFileStorage):
    """Writes half of each file, then runs out of space."""

    def _open_for_writing(self, descriptor: int):  # type: ignore[no-untyped-def]
        return _FailingWriter(descriptor, budget=1024, error=errno.ENOSPC)


class ReadOnlyStorage(ReportFileStorage):
    """A filesystem remounted read-only: no byte can be written."""

    def _open_for_writing(self, descriptor: int):  # type: ignore[no-untyped-def]
        return _FailingWriter(descriptor, budget=0, error=errno.EROFS)
