"""Real server processes for the tests that talk to one: started here, on loopback, and stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int, host: str = "127.0.0.1") -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


@contextlib.contextmanager
def running(command: Sequence[str], port: int, *, timeout: float = 30.0, **popen) -> Iterator[None]:
    """Run `command` until the block ends; ready once it accepts connections on `port`."""
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    process = subprocess.Popen(list(command), start_new_session=True, **popen)
    try:
        deadline = time.monotonic() + timeout
        while not answers(port):
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with status {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not listen on port {port} in {timeout} s")
            time.sleep(0.05)
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def unavailable(reason: str) -> None:
    """Skip a test whose server cannot be had; in CI (NIANBAO_REQUIRE_SERVERS=1) fail it."""
    import pytest

    if os.environ.get("NIANBAO_REQUIRE_SERVERS"):
        pytest.fail(f"required here: {reason}")
    pytest.skip(reason)
