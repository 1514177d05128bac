"""Report files the tests upload: the project's own demo reports, in the formats agencies use."""

from __future__ import annotations

from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "reports" / "demo"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def demo_bytes(name: str) -> bytes:
    return (DEMO / name).read_bytes()


def demo_text(name: str) -> str:
    raw = demo_bytes(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


COMPLETE = "sifaju_complete.txt"
PARTIAL = "jiaoyuju_partial.txt"
INCOMPLETE = "qingshanzhen_incomplete.txt"
