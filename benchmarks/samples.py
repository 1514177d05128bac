"""The report texts benchmarks run on: the shared corpus when it is there, else our demo reports."""

from __future__ import annotations

import shutil
from collections.abc import Collection
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


def renderings(
    formats: Collection[str] | None = None,
) -> tuple[str, dict[str, list[tuple[str, bytes]]]]:
    """Each text as .txt, as .docx with Word list numbering, as a text PDF (ReportLab) and, where
    LibreOffice is installed, as a PDF LibreOffice exported from a 公文-style .docx ("pdf-office",
    with embedded fonts as office suites write them). `formats` limits what is made."""
    from tests.parsing.builders import (
        docx_from_lines,
        libreoffice_export,
        office_docx,
        pdf_from_lines,
    )

    wanted = set(formats) if formats is not None else {"txt", "docx", "pdf", "pdf-office"}
    if not has_soffice():
        wanted.discard("pdf-office")
    source, texts = report_texts()
    by_format: dict[str, list[tuple[str, bytes]]] = {
        fmt: [] for fmt in ("txt", "docx", "pdf", "pdf-office") if fmt in wanted
    }
    office: dict[str, bytes] = {}
    for name, text in texts:
        stem = Path(name).stem
        lines = text.splitlines()
        if "txt" in wanted:
            by_format["txt"].append((f"{stem}.txt", text.encode("utf-8")))
        if "docx" in wanted:
            by_format["docx"].append((f"{stem}.docx", docx_from_lines(lines, word_numbering=True)))
        if "pdf" in wanted:
            by_format["pdf"].append(
                (f"{stem}.pdf", pdf_from_lines(lines, header="法治政府建设年度报告"))
            )
        if "pdf-office" in wanted:
            office[f"{stem}.docx"] = office_docx(lines)
    if office:
        exported = libreoffice_export(office)
        by_format["pdf-office"] = [(f"{Path(name).stem}.pdf", exported[name]) for name in office]
    return source, by_format


def has_soffice() -> bool:
    return (shutil.which("soffice") or shutil.which("libreoffice")) is not None
