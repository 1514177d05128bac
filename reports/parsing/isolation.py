"""Reading an untrusted file in a child process with hard limits, so that no file harms the caller.

A crafted 1 MB PDF or .docx can make a parser allocate gigabytes or spin for minutes. Each file
is therefore read by a fresh process forked from a small, long-lived server (the zygote) that
has already imported the parsers, so a file costs a fork and not an interpreter start:

    caller ──request──▶ zygote ──fork──▶ child: limits on, read, check, reply, exit
           ◀──reply───         ◀─pipe──

The child runs with an address-space limit, a CPU-time limit and, watched by the zygote, a
wall-clock deadline. A child that hits one ends as a ReadError with a message for the user; the
zygote reports what the child used (peak resident memory from wait4, CPU, wall time). The
zygote exits when its caller goes away (its stdin closes), and the caller starts a new one when
it finds the old one gone.

    outcome = run_isolated(data, "报告.pdf", options={"period_year": 2023})
    outcome.result or outcome.error
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .types import CheckResult, ReadError

MIB = 1024 * 1024

LIMIT_EXCEEDED = (
    "文件解压后过大或结构异常，无法读取。请在 Word 或 WPS 中重新保存（或重新导出 PDF）后上传"
)
TIMED_OUT = "读取文件超时（文件结构可能异常），请在 Word 或 WPS 中重新保存后上传"
# What a child may send back: the text of the largest accepted file several times over.
MAX_REPLY = 256 * MIB
# How much longer than the child's own deadline the caller waits for the zygote's answer.
_GRACE = 10.0
_HEADER = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class Limits:
    memory_bytes: int = 512 * MIB  # address space of the child
    cpu_seconds: int = 30
    wall_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """How reading one file ended, and what it cost the child."""

    result: CheckResult | None
    error: ReadError | None
    #: "finished", or the limit that ended it: "memory", "cpu", "timeout", "crashed", "too_large"
    ended_by: str
    peak_rss_bytes: int
    cpu_seconds: float
    wall_seconds: float
    #: A traceback from inside the child when a parser failed unexpectedly, for the log.
    detail: str = ""

    def unwrap(self) -> CheckResult:
        """The result, or the ReadError that stands for the way the child ended."""
        if self.result is not None:
            return self.result
        raise self.error or ReadError(LIMIT_EXCEEDED, code="limit_exceeded")


def _to_json(value: Any) -> Any:
    """check_document's options cross to the child as JSON; a date (the deadline) as tagged ISO."""
    return {"date": value.isoformat()} if isinstance(value, datetime.date) else value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"date"}:
        return datetime.date.fromisoformat(value["date"])
    return value


class Sandbox:
    """The caller's side: one zygote per process, started on first use, one file at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._owner = 0

    def run(
        self,
        data: bytes,
        filename: str,
        *,
        options: dict[str, Any],
        limits: Limits,
        converter: str | None = None,
    ) -> Outcome:
        request = {
            "filename": filename,
            "options": {key: _to_json(value) for key, value in options.items()},
            "converter": converter,
            "memory_bytes": limits.memory_bytes,
            "cpu_seconds": limits.cpu_seconds,
            "wall_seconds": limits.wall_seconds,
        }
        with self._lock:
            for attempt in (1, 2):
                process = self._zygote()
                try:
                    _send(_fd(process.stdin), request, data)
                    reply, payload = _receive(
                        _fd(process.stdout), time.monotonic() + limits.wall_seconds + _GRACE
                    )
                except (OSError, EOFError, TimeoutError, ValueError):
                    # The zygote died or hung (it never should): start afresh, once.
                    self._stop()
                    if attempt == 2:
                        raise
                    continue
                return _outcome(reply, payload)
        raise AssertionError("unreachable")

    def warm(self) -> None:
        """Start the zygote now rather than on the first file (a web worker at start-up)."""
        with self._lock:
            self._zygote()

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _zygote(self) -> subprocess.Popen[bytes]:
        # A forked caller (a web server's worker) must not share its parent's zygote.
        if self._process is not None and (
            self._owner != os.getpid() or self._process.poll() is not None
        ):
            self._stop()
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=Path(__file__).resolve().parents[2],
                close_fds=True,
            )
            self._owner = os.getpid()
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if self._owner != os.getpid():
            # Not ours to stop: only forget the inherited handles.
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def _fd(stream: BinaryIO | None) -> int:
    if stream is None:
        raise OSError("the zygote's pipe is closed")
    return stream.fileno()


_sandbox = Sandbox()


def run_isolated(
    data: bytes,
    filename: str,
    *,
    options: dict[str, Any] | None = None,
    limits: Limits | None = None,
    converter: str | None = None,
) -> Outcome:
    """Read and check `data` in a limited child; `options` are check_document's keyword arguments
    (JSON values), `converter` the socket of a kept LibreOffice for .doc/.wps/.odt."""
    return _sandbox.run(
        data, filename, options=options or {}, limits=limits or Limits(), converter=converter
    )


def check_file_isolated(
    data: bytes,
    filename: str,
    *,
    limits: Limits | None = None,
    converter: str | None = None,
    **options: Any,
) -> CheckResult:
    """check_file, in a limited child: the result, or a ReadError for the user."""
    return run_isolated(
        data, filename, options=options, limits=limits, converter=converter
    ).unwrap()


def warm() -> None:
    """Start this process's zygote ahead of the first file."""
    _sandbox.warm()


def _outcome(reply: dict[str, Any], payload: bytes) -> Outcome:
    from .transfer import result_from_json

    ended_by = reply["ended_by"]
    result = error = None
    if ended_by == "finished" and reply.get("refused"):
        error = ReadError(reply["refused"]["message"], code=reply["refused"]["code"])
    elif ended_by == "finished":
        result = result_from_json(payload)
    elif ended_by == "timeout":
        error = ReadError(TIMED_OUT, code="timeout")
    else:
        error = ReadError(LIMIT_EXCEEDED, code="limit_exceeded")
    return Outcome(
        result=result,
        error=error,
        ended_by=ended_by,
        peak_rss_bytes=reply["peak_rss_kib"] * 1024,
        cpu_seconds=reply["cpu_seconds"],
        wall_seconds=reply["wall_seconds"],
        detail=reply.get("detail", ""),
    )


# --- framing: a 4-byte length, a JSON header, then header["size"] bytes of payload ---------------


def _send(fd: int, header: dict[str, Any], payload: bytes) -> None:
    encoded = json.dumps({**header, "size": len(payload)}).encode()
    _write_all(fd, _HEADER.pack(len(encoded)) + encoded)
    _write_all(fd, payload)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int, deadline: float | None = None) -> tuple[dict[str, Any], bytes]:
    (length,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    if length > 1 * MIB:
        raise ValueError("header too long")
    header = json.loads(_read_exact(fd, length, deadline))
    size = header.pop("size")
    if not 0 <= size <= MAX_REPLY:
        raise ValueError("payload too long")
    return header, _read_exact(fd, size, deadline)


def _read_exact(fd: int, count: int, deadline: float | None) -> bytes:
    pieces = []
    while count:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError("no answer in time")
        piece = os.read(fd, min(count, 1 * MIB))
        if not piece:
            raise EOFError("stream closed")
        pieces.append(piece)
        count -= len(piece)
    return b"".join(pieces)


# --- the zygote and its children ----------------------------------------------------------------


def _serve(requests: int, replies: int) -> None:
    """The zygote's loop: one request, one child, one reply, until the caller goes away."""
    while True:
        try:
            request, data = _receive(requests)
        except EOFError:
            return
        reply, payload = _read_in_child(request, data, closing=(requests, replies))
        _send(replies, reply, payload)


def _read_in_child(
    request: dict[str, Any], data: bytes, *, closing: tuple[int, ...]
) -> tuple[dict[str, Any], bytes]:
    reader, writer = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        status = 70
        try:
            os.close(reader)
            for fd in closing:
                os.close(fd)
            _child(writer, request, data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    ended_by, message, payload = _collect(reader, pid, started + request["wall_seconds"])
    os.close(reader)
    _pid, wait_status, usage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(wait_status)
    if ended_by == "finished":
        if code == -signal.SIGXCPU or code == -signal.SIGKILL:
            ended_by = "cpu"
        elif message is None:
            ended_by = "crashed"
        elif message.get("outcome") == "memory":
            ended_by = "memory"
        elif message.get("outcome") == "failed":
            ended_by = "crashed"
    reply: dict[str, Any] = {
        "ended_by": ended_by,
        "peak_rss_kib": usage.ru_maxrss,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "wall_seconds": round(time.monotonic() - started, 3),
    }
    if message is not None and message.get("outcome") == "refused":
        reply["refused"] = {"message": message["message"], "code": message["code"]}
    if message is not None and message.get("detail"):
        reply["detail"] = message["detail"]
    if ended_by != "finished" or "refused" in reply:
        payload = b""
    return reply, payload


def _collect(reader: int, pid: int, deadline: float) -> tuple[str, dict[str, Any] | None, bytes]:
    """The child's message and payload, read until it closes the pipe or runs out of time."""
    try:
        message, payload = _receive(reader, deadline)
        return "finished", message, payload
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        return "timeout", None, b""
    except ValueError:
        os.kill(pid, signal.SIGKILL)
        return "too_large", None, b""
    except EOFError:
        return "finished", None, b""


def _child(writer: int, request: dict[str, Any], data: bytes) -> None:  # pragma: no cover
    from .checker import check_document
    from .extract import read_document
    from .transfer import result_to_json

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)

    def limit() -> None:
        memory = request["memory_bytes"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = request["cpu_seconds"]
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    message: dict[str, Any]
    payload = b""
    try:
        document = read_document(
            data, request["filename"], before_parsing=limit, converter=request.get("converter")
        )
        options = {key: _from_json(value) for key, value in request["options"].items()}
        result = check_document(document, file=request["filename"], **options)
        payload = result_to_json(result)
        message = {"outcome": "result"}
    except ReadError as error:
        message = {"outcome": "refused", "message": error.message, "code": error.code}
    except MemoryError:
        payload = b""
        message = {"outcome": "memory"}
    except BaseException:
        message = {"outcome": "failed", "detail": traceback.format_exc(limit=20)}
    _send(writer, message, payload)


def _zygote_main(stdin: BinaryIO, stdout: BinaryIO) -> None:  # pragma: no cover
    # The caller's Ctrl-C reaches the whole process group; the zygote ends with its caller.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import pypdfium2

    from . import _pdf, checker  # noqa: F401  (loaded once here, shared by every child)

    # PDFium initialises itself on first use; do it before forking, not in every child.
    pypdfium2.PdfDocument.new().close()
    # Children only read what the zygote imported; keep the collector from touching (and so
    # copying) those pages in every child.
    gc.freeze()
    _serve(stdin.fileno(), stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    _zygote_main(sys.stdin.buffer, sys.stdout.buffer)
