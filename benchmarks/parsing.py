"""Reports per second and peak memory of reading + checking, beside bare library extraction.

Targets (issue 3): checking adds at most 20% to bare extraction for docx and pdf; txt at 500
reports per second or more on one core; memory flat in the number of files.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable

import docx
import pypdfium2

from benchmarks.samples import renderings
from reports.parsing import check_file

SECONDS_PER_MEASURE = 0.6
ROUNDS = 6


def bare_txt(data: bytes) -> str:
    return data.decode("utf-8")


def bare_docx(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def bare_pdf(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return "\n".join(pages)
    finally:
        document.close()


BARE: dict[str, Callable[[bytes], str]] = {"txt": bare_txt, "docx": bare_docx, "pdf": bare_pdf}


def rate(work: Callable[[bytes, str], object], files: list[tuple[str, bytes]]) -> float:
    """Files per second over repeated passes (after one warm-up pass)."""
    for name, data in files:
        work(data, name)
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS_PER_MEASURE:
        for name, data in files:
            work(data, name)
        done += len(files)
    return done / (time.perf_counter() - started)


def peak_rss_mib(fmt: str, count: int) -> float:
    """Peak resident memory of a fresh process that checks `count` files of one format."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", fmt, str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(output.strip())


def main() -> None:
    source, by_format = renderings()
    print(f"Parsing benchmark: {source}, {len(by_format['txt'])} reports per format, one core")
    print(
        f"{'format':<6} {'bare/s':>9} {'checked/s':>10} {'overhead':>9}  "
        f"{'peak RSS 50 files':>18} {'500 files':>10}  target"
    )
    for fmt, files in by_format.items():
        # Alternate the two and keep each one's best round: on a shared machine a burst of load
        # would otherwise decide the overhead figure.
        bare = checked = 0.0
        for _ in range(ROUNDS):
            bare = max(bare, rate(lambda data, _name, fmt=fmt: BARE[fmt](data), files))
            checked = max(checked, rate(check_file, files))
        overhead = bare / checked - 1
        small, large = peak_rss_mib(fmt, 50), peak_rss_mib(fmt, 500)
        if fmt == "txt":
            shown, target = "—", f"≥500/s {'met' if checked >= 500 else 'MISSED'}"
        else:
            shown, target = f"{overhead:.0%}", f"≤20% {'met' if overhead <= 0.2 else 'MISSED'}"
        print(
            f"{fmt:<6} {bare:9.1f} {checked:10.1f} {shown:>9}  "
            f"{small:15.1f} MiB {large:6.1f} MiB  {target}"
        )
