"""A LibreOffice kept running, converting one file at a time to .docx for the readers.

Starting LibreOffice costs more than a second and two hundred megabytes a file; this server
starts it once and hands it each .doc/.wps/.odt in turn, over a Unix socket only the same user
can open:

    client ──connect──▶ server ──UNO pipe──▶ soffice (headless, no network, throwaway profile)
           ── {"suffix": ".doc", "timeout": 40} + bytes ──▶
           ◀── {"ok": true} + .docx bytes, or {"ok": false, "error": "timeout"} ──

The files are untrusted and LibreOffice has a large attack surface, so the protections of a
per-file conversion stay: LibreOffice runs without network where `unshare` allows it, in its own
process group with a minimal environment and a profile made for it; links are not updated and
macros never run; a conversion that overruns its time kills LibreOffice, which is started again
(as it is when it dies, and after every `RECYCLE_AFTER` files, so nothing one file left behind
reaches many others); only a non-empty zip counts as output.

It runs under the Python that ships LibreOffice's `uno` module (Debian: python3-uno, the system
python3), not the project's, and imports nothing but the standard library before that; run it as
a script in isolated mode so that this folder's modules never shadow the standard library's:

    python3 -I _officeserver.py --socket var/converter.sock [--soffice soffice] [--timeout 40]

`convert(socket_path, data, suffix, timeout)` is the client's side and needs no `uno`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

#: A file's conversion is refused after this long unless the client asks for less.
MAX_SECONDS = 40.0
#: LibreOffice is started afresh after this many files.
RECYCLE_AFTER = 200
MAX_FILE = 20 * 1024 * 1024
MAX_OUTPUT = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")
_START_SECONDS = 30.0


class ConverterError(Exception):
    """The server answered that it could not convert: `code` is "timeout" or "failed"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- the protocol, shared by both sides ---------------------------------------------------------


def _send(connection: socket.socket, header: dict[str, Any], payload: bytes) -> None:
    encoded = json.dumps({**header, "size": len(payload)}).encode()
    connection.sendall(_HEADER.pack(len(encoded)) + encoded)
    connection.sendall(payload)


def _receive(connection: socket.socket, limit: int) -> tuple[dict[str, Any], bytes]:
    (length,) = _HEADER.unpack(_read_exact(connection, _HEADER.size))
    if length > 4096:
        raise ValueError("header too long")
    header = json.loads(_read_exact(connection, length))
    size = header.pop("size")
    if not isinstance(size, int) or not 0 <= size <= limit:
        raise ValueError("payload too long")
    return header, _read_exact(connection, size)


def _read_exact(connection: socket.socket, count: int) -> bytes:
    pieces = []
    while count:
        piece = connection.recv(min(count, 1 << 20))
        if not piece:
            raise EOFError("connection closed")
        pieces.append(piece)
        count -= len(piece)
    return b"".join(pieces)


#: Seconds the client waits beyond the conversion's own time limit for the server's answer.
ANSWER_GRACE = 5.0


def convert(socket_path: str, data: bytes, suffix: str, timeout: float) -> bytes:
    """The .docx the server makes of `data`.

    Raises OSError (FileNotFoundError, ConnectionRefusedError …) when no server listens there,
    TimeoutError when no answer comes within `timeout` seconds (waiting for earlier files
    included) and ANSWER_GRACE more, ConverterError when the server could not convert the file.
    The server keeps the time itself and answers "timeout"; the grace lets that answer arrive
    on a busy machine instead of the client giving up a moment before it.
    """
    deadline = time.monotonic() + timeout + ANSWER_GRACE
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout + ANSWER_GRACE)
        connection.connect(socket_path)
        # The server takes one file at a time; this one's own time starts when it is taken.
        _send(connection, {"suffix": suffix, "timeout": timeout}, data)
        connection.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            header, payload = _receive(connection, MAX_OUTPUT)
        except (EOFError, ValueError) as exc:
            raise ConverterError("failed") from exc
        except TimeoutError:
            raise
    if not header.get("ok"):
        raise ConverterError(str(header.get("error", "failed")))
    return payload


# --- the server ---------------------------------------------------------------------------------


def _no_network_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    # Plain -n needs privileges; -cn works for ordinary users where user namespaces are allowed.
    # Not -rn: LibreOffice names its pipe after the user id, which must be the same inside.
    for flags in ("-n", "-cn"):
        try:
            done = subprocess.run(
                [unshare, flags, "true"], capture_output=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return [unshare, flags]
    return []


class Office:
    """One headless LibreOffice and the UNO connection to it."""

    def __init__(self, soffice: str) -> None:
        self._soffice = soffice
        self._prefix = _no_network_prefix()
        self._process: subprocess.Popen[bytes] | None = None
        self._work: tempfile.TemporaryDirectory[str] | None = None
        self._desktop: Any = None
        self.converted = 0

    def start(self) -> None:
        import uno  # type: ignore[import-not-found]

        self.stop()
        self._work = tempfile.TemporaryDirectory(prefix="nianbao-office-")
        work = Path(self._work.name)
        pipe = f"nianbao_{uuid.uuid4().hex}"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),
            "TMPDIR": str(work),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        self._process = subprocess.Popen(
            [
                *self._prefix,
                self._soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=work,
            start_new_session=True,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + _START_SECONDS
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("LibreOffice did not start") from None
                time.sleep(0.1)
        self._desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        self.converted = 0

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        process, self._process = self._process, None
        self._desktop = None
        if process is not None and process.poll() is None:
            # The session's process group holds soffice and soffice.bin (and unshare).
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
        if process is not None:
            process.wait()
        if self._work is not None:
            self._work.cleanup()
            self._work = None

    def convert(self, data: bytes, suffix: str, seconds: float) -> bytes:
        """The .docx of `data`; ConverterError when it fails or overruns `seconds`."""
        if not self.alive() or self.converted >= RECYCLE_AFTER:
            self.start()
        assert self._work is not None
        self.converted += 1
        overran = threading.Event()

        def kill() -> None:
            overran.set()
            self.stop_process()

        watchdog = threading.Timer(seconds, kill)
        with tempfile.TemporaryDirectory(dir=self._work.name, ignore_cleanup_errors=True) as tmp:
            source = Path(tmp) / f"input{suffix}"
            target = Path(tmp) / "output.docx"
            source.write_bytes(data)
            watchdog.start()
            try:
                self._store(source, target)
            except Exception as exc:
                if overran.is_set():
                    self.stop()
                    raise ConverterError("timeout") from exc
                # LibreOffice may be left in any state by a file it could not open.
                self.stop()
                raise ConverterError("failed") from exc
            finally:
                watchdog.cancel()
            if overran.is_set():
                self.stop()
                raise ConverterError("timeout")
            if not target.is_file() or target.stat().st_size == 0:
                raise ConverterError("failed")
            result = target.read_bytes()
        if not result.startswith(b"PK") or len(result) > MAX_OUTPUT:
            raise ConverterError("failed")
        return result

    def stop_process(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()

    def _store(self, source: Path, target: Path) -> None:
        import uno
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

        def properties(**values: Any) -> tuple[Any, ...]:
            found = []
            for name, value in values.items():
                item = PropertyValue()
                item.Name, item.Value = name, value
                found.append(item)
            return tuple(found)

        document = self._desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(source)),
            "_blank",
            0,
            # Hidden, read-only, no macros (NEVER_EXECUTE), no links updated (NO_UPDATE).
            properties(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0),
        )
        if document is None:
            raise RuntimeError("LibreOffice could not open the file")
        try:
            document.storeToURL(
                uno.systemPathToFileUrl(str(target)), properties(FilterName="MS Word 2007 XML")
            )
        finally:
            try:
                document.close(True)
            except Exception:
                document.dispose()


_SUFFIXES = frozenset({".doc", ".wps", ".rtf", ".xml", ".html", ".odt"})


def serve(socket_path: str, soffice: str, max_seconds: float) -> None:
    office = Office(soffice)
    office.start()
    path = Path(socket_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_socket():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(socket_path)
            except OSError:
                path.unlink()  # left by a server that was killed
            else:
                office.stop()
                raise SystemExit(f"a converter already listens on {socket_path}")
    old_umask = os.umask(0o077)  # the socket is for this user only
    try:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(socket_path)
    finally:
        os.umask(old_umask)
    listener.listen(64)
    sys.stdout.write(f"converter listening on {socket_path}\n")
    sys.stdout.flush()

    def stop(_signum: int, _frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            connection, _ = listener.accept()
            with connection:
                _answer(connection, office, max_seconds)
    finally:
        listener.close()
        path.unlink(missing_ok=True)
        office.stop()


def _answer(connection: socket.socket, office: Office, max_seconds: float) -> None:
    connection.settimeout(10)
    try:
        header, data = _receive(connection, MAX_FILE)
    except (OSError, EOFError, ValueError):
        return
    suffix = header.get("suffix")
    requested = header.get("timeout")
    seconds = max_seconds
    if isinstance(requested, int | float) and requested > 0:
        seconds = min(max_seconds, float(requested))
    if suffix not in _SUFFIXES:
        reply: dict[str, Any] = {"ok": False, "error": "failed"}
        payload = b""
    else:
        try:
            payload = office.convert(data, suffix, seconds)
            reply = {"ok": True}
        except ConverterError as error:
            reply, payload = {"ok": False, "error": error.code}, b""
        except RuntimeError:
            reply, payload = {"ok": False, "error": "failed"}, b""
    try:
        connection.settimeout(30)
        _send(connection, reply, payload)
    except OSError:
        return  # the client gave up waiting


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--socket", required=True)
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument("--timeout", type=float, default=MAX_SECONDS)
    args = parser.parse_args(argv)
    serve(args.socket, args.soffice, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
