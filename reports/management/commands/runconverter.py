"""`python manage.py runconverter`: keep one LibreOffice running to convert .doc/.wps/.odt uploads.

The web processes find it at settings.CONVERTER_SOCKET and fall back to a LibreOffice per file
while it is not running. It runs under settings.CONVERTER_PYTHON, the Python that has
LibreOffice's uno module, and stops on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.parsing import _officeserver
from reports.parsing._convert import soffice_path


class Command(BaseCommand):
    help = "Keep one LibreOffice running that converts .doc/.wps/.odt uploads to .docx."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--socket", default=None, help="Default: settings.CONVERTER_SOCKET.")
        parser.add_argument(
            "--timeout",
            type=float,
            default=_officeserver.MAX_SECONDS,
            help="Seconds a file may take before LibreOffice is restarted.",
        )

    def handle(self, *args, socket: str | None, timeout: float, **options):  # type: ignore[no-untyped-def]
        path = socket or settings.CONVERTER_SOCKET
        if not path:
            raise CommandError("No socket: set CONVERTER_SOCKET or pass --socket.")
        soffice = soffice_path()
        if soffice is None:
            raise CommandError("LibreOffice (soffice) is not installed.")
        python = shutil.which(settings.CONVERTER_PYTHON) or settings.CONVERTER_PYTHON
        found = subprocess.run([python, "-I", "-c", "import uno"], capture_output=True, check=False)
        if found.returncode != 0:
            raise CommandError(
                f"{python} cannot import LibreOffice's uno module "
                "(Debian: apt-get install python3-uno; or set CONVERTER_PYTHON)."
            )
        server = Path(_officeserver.__file__)
        command = [python, "-I", str(server), "--socket", path, "--soffice", soffice]
        command += ["--timeout", str(timeout)]
        # Replaced by the server: signals and the exit status are its own.
        os.execv(python, command)
