"""Peak resident memory of this process, for benchmarks that run each measure in a child."""

import resource
import sys
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's own peak resident memory.

    On Linux ru_maxrss carries over the parent's peak into a child it starts (the high-water mark
    survives fork and exec), so a benchmark child would report its parent's size; VmHWM belongs
    to the process's current address space alone.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    # Elsewhere ru_maxrss is in KiB (Linux) or bytes (macOS); only Linux runs CI.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent pid follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _memory_bytes(pid: int) -> int:
    """The process's proportional share of resident memory (PSS): pages a forked child shares
    with its parent count once across the tree, as they do in RAM, not once per process."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_memory_bytes(root: int) -> int:
    """Memory in use by a process and all its descendants, now."""
    children = _children()
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += _memory_bytes(pid)
        pending += children.get(pid, [])
    return total


def run_watching_tree(
    command: list[str], *, interval: float = 0.01, **popen
) -> tuple[int, float, int]:
    """Run `command`; (exit status, seconds, peak memory of its whole process tree)."""
    import subprocess
    import time

    started = time.perf_counter()
    process = subprocess.Popen(command, **popen)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory_bytes(process.pid))
        time.sleep(interval)
    return process.returncode, time.perf_counter() - started, peak
