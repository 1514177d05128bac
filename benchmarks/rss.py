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
