"""Where uploaded files are kept, and what the application tells users when storage fails."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """Storage refused a read or a write; `message` is for the user, the log has the cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReportFileStorage(FileSystemStorage):
    """A FileSystemStorage whose files appear whole or not at all.

    Django's own writes straight to the final name, so a full disk leaves a truncated file behind
    under a name the database never learns. Here the bytes go to a hidden temporary file in the
    same directory, which is linked to its final name only once complete; on any failure the
    temporary file is removed. `os.link` fails if the name exists, so nothing is overwritten.
    """

    def _save(self, name: str, content: File) -> str:
        directory = Path(self.path(name)).parent
        directory.mkdir(parents=True, exist_ok=True, mode=self.directory_permissions_mode or 0o777)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with self._open_for_writing(descriptor) as out:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    _publish(temporary, self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            Path(temporary).unlink(missing_ok=True)
        return str(name).replace("\\", "/")

    def _open_for_writing(self, descriptor: int) -> BinaryIO:
        """The temporary file the bytes are written to."""
        return os.fdopen(descriptor, "wb")


def _publish(temporary: str, final: str) -> None:
    """Give the complete temporary file its final name; FileExistsError if the name is taken."""
    try:
        os.link(temporary, final)
    except FileExistsError:
        raise
    except OSError:
        # Some network filesystems have no hard links: claim the name, then rename over it.
        os.close(os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temporary, final)


def save_file(name: str, content: File, *, storage: Storage | None = None) -> str:
    """Store `content`; StorageUnavailable (logged with its cause) when the storage refuses."""
    storage = storage or default_storage
    try:
        return storage.save(name, content)
    except Exception as exc:  # any backend: OSError on disks, botocore's errors on S3
        logger.error("Storage refused to save %s: %s", name, exc, exc_info=True)
        raise StorageUnavailable(
            _(
                "The server could not store the file just now (its storage is full or "
                "unavailable). Nothing was saved. Please try again later; if it keeps failing, "
                "tell the administrator."
            )
        ) from exc


def delete_file(name: str, *, storage: Storage | None = None) -> None:
    """Remove a stored file, logging rather than failing when storage refuses."""
    storage = storage or default_storage
    try:
        storage.delete(name)
    except Exception:
        logger.error("Storage refused to delete %s; it is left behind", name, exc_info=True)


def open_file(name: str, *, storage: Storage | None = None) -> File:
    """Open a stored file for reading; StorageUnavailable (logged) when it is gone or unreadable."""
    storage = storage or default_storage
    try:
        return storage.open(name, "rb")
    except Exception as exc:
        logger.error("Stored file %s cannot be opened: %s", name, exc, exc_info=True)
        raise StorageUnavailable(
            _(
                "The file of this report cannot be found in storage just now. The administrator "
                "has been told; please try again later."
            )
        ) from exc
