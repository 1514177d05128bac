"""The report texts benchmarks run on: the shared corpus when it is there, else our demo reports."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "reports" / "demo"


def report_texts() -> tuple[str, list[tuple[str, str]]]:
    """(where the texts come from, [(file name, text)])."""
    if CORPUS.is_dir() and any(CORPUS.glob("*.txt")):
        files = sorted(CORPUS.glob("*.txt"))
        source = "shared corpus"
    else:
        files = sorted(DEMO.glob("*.txt"))
        source = "demo reports (shared corpus not found)"
    texts = []
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        texts.append((path.name, text))
    return source, texts


def renderings() -> tuple[str, dict[str, list[tuple[str, bytes]]]]:
    """Each text as .txt, as .docx with Word list numbering, and as a text PDF."""
    from tests.parsing.builders import docx_from_lines, pdf_from_lines

    source, texts = report_texts()
    by_format: dict[str, list[tuple[str, bytes]]] = {"txt": [], "docx": [], "pdf": []}
    for name, text in texts:
        stem = Path(name).stem
        lines = text.splitlines()
        by_format["txt"].append((f"{stem}.txt", text.encode("utf-8")))
        by_format["docx"].append((f"{stem}.docx", docx_from_lines(lines, word_numbering=True)))
        by_format["pdf"].append(
            (f"{stem}.pdf", pdf_from_lines(lines, header="法治政府建设年度报告"))
        )
    return source, by_format
