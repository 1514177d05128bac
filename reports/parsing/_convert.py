"""Legacy .doc/.wps, .odt (and RTF, Word 2003 XML, HTML saved as .doc) → .docx via LibreOffice.

LibreOffice is optional and parses untrusted files with a large attack surface, so each run gets
a throwaway profile, an empty environment, no network where `unshare -n` works, and a timeout
after which its whole process group is killed.

Given the socket of a kept converter (_officeserver, started by `manage.py runconverter`), the
file goes there instead and costs a few tens of milliseconds rather than a LibreOffice start;
where none listens, the file is converted on its own as before.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from . import _officeserver
from .types import ReadError

#: Below the sandbox's 60 s wall clock (isolation.Limits), so that a child converting a file
#: never outlives its deadline and leaves LibreOffice behind.
TIMEOUT_SECONDS = 40.0
NEEDS_CONVERSION = "本机无法转换 .doc/.wps/.odt 文件，请在 Word 或 WPS 中另存为 .docx 后上传"
CONVERSION_FAILED = "无法转换该 .doc/.wps/.odt 文件（文件可能已损坏或设置了密码），请在 Word 或 WPS 中另存为 .docx 后上传"
TIMED_OUT = "转换 .doc/.wps/.odt 文件超时，请在 Word 或 WPS 中另存为 .docx 后上传"


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _no_network_prefix() -> tuple[str, ...]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    # Plain -n needs privileges; -rn works for ordinary users where user namespaces are allowed.
    for flags in ("-n", "-rn"):
        try:
            done = subprocess.run(
                [unshare, flags, "true"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return (unshare, flags)
    return ()


def convert_to_docx(
    data: bytes, suffix: str, *, timeout: float = TIMEOUT_SECONDS, converter: str | None = None
) -> bytes:
    """The .docx LibreOffice makes of `data`; `suffix` (".doc", ".rtf" …) helps its filter choice.

    `converter` is the socket of a kept converter; where none listens there, or none is given,
    one LibreOffice is started for this file.
    """
    if converter:
        try:
            return _officeserver.convert(converter, data, suffix, timeout)
        except _officeserver.ConverterError as error:
            if error.code == "timeout":
                raise ReadError(TIMED_OUT, code="conversion_failed") from error
            raise ReadError(CONVERSION_FAILED, code="conversion_failed") from error
        except TimeoutError as exc:
            raise ReadError(TIMED_OUT, code="conversion_failed") from exc
        except OSError:
            pass  # not running (no socket, or nobody listening): convert this file alone
    return _convert_alone(data, suffix, timeout)


def _convert_alone(data: bytes, suffix: str, timeout: float) -> bytes:
    exe = soffice_path()
    if exe is None:
        raise ReadError(NEEDS_CONVERSION, code="needs_conversion")
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        command = [
            *_no_network_prefix(),
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "TMPDIR": tmp,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=tmp,
                start_new_session=True,
            )
        except OSError as exc:
            raise ReadError(NEEDS_CONVERSION, code="needs_conversion") from exc
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            # soffice forks soffice.bin; the new session's process group holds both. The leader
            # is not reaped yet, so its pid (the group id) cannot have been reused.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            process.wait()
            raise ReadError(TIMED_OUT, code="conversion_failed") from exc
        result = outdir / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise ReadError(CONVERSION_FAILED, code="conversion_failed")
        return result.read_bytes()
