"""Reports as an office sends them: typed in Word, exported to PDF by an office suite.

Each text (the seed corpus, the invented samples) is laid out as a .docx in several 公文 layouts
and exported by one LibreOffice run, once per test session. LibreOffice embeds its fonts, writes
glyphs of other fonts (curly quotes) as text objects of their own, and breaks lines where its
layout does, so the PDFs are what the PDF reader meets from Word and WPS users.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from tests.parsing.builders import docx_from_lines, libreoffice_export, office_docx
from tests.parsing.generalisation_samples import SAMPLES
from tests.parsing.test_corpus import CORPUS

HAS_SOFFICE = (shutil.which("soffice") or shutil.which("libreoffice")) is not None
NEEDS_SOFFICE = pytest.mark.skipif(
    not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed: no office-made PDFs"
)

#: Layout name → how the .docx is made from the report's lines.
LAYOUTS = {
    # 三号 body text, indented paragraphs, "— N —" page numbers: the 公文 standard.
    "office-16pt": lambda lines: office_docx(lines, size=16),
    # Word list numbering, a running header on every page.
    "office-14pt-numbered": lambda lines: office_docx(
        lines, size=14, word_numbering=True, header="法治政府建设年度报告"
    ),
    # Nothing indented: only the text tells a heading from a wrapped line.
    "office-12pt-flush": lambda lines: office_docx(lines, size=12, indent=False),
    # Word's blank template: Letter paper, 11 pt, no layout at all.
    "plain": docx_from_lines,
}
#: The invented samples are laid out two ways, to keep the session's conversion short.
SAMPLE_LAYOUTS = ("office-16pt", "office-12pt-flush")
#: Invented samples whose meaning does not depend on bold type or tables, which a PDF's text
#: layer does not carry.
PLAIN_SAMPLES = [s for s in SAMPLES if s.format != "docx" and "**" not in s.text]


def corpus_labels() -> list[dict]:
    path = CORPUS / "labels.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@cache
def exported() -> dict[str, tuple[bytes, bytes]]:
    """File stem → (.docx, the PDF LibreOffice exported from it), for every text and layout."""
    documents: dict[str, bytes] = {}
    for label in corpus_labels():
        lines = (CORPUS / label["file"]).read_text(encoding="utf-8").splitlines()
        for layout, make in LAYOUTS.items():
            documents[f"{Path(label['file']).stem}-{layout}.docx"] = make(lines)
    for sample in PLAIN_SAMPLES:
        for layout in SAMPLE_LAYOUTS:
            documents[f"{sample.name}-{layout}.docx"] = LAYOUTS[layout](sample.text.split("\n"))
    pdfs = libreoffice_export(documents)
    return {Path(name).stem: (data, pdfs[name]) for name, data in documents.items()}


def corpus_rendering(file: str, layout: str) -> tuple[bytes, bytes]:
    return exported()[f"{Path(file).stem}-{layout}"]


def sample_rendering(name: str, layout: str) -> tuple[bytes, bytes]:
    return exported()[f"{name}-{layout}"]
