"""Reading and checking 法治政府建设年度报告: plain Python, no Django."""

from ._text import strip_unstorable
from .checker import check_document, check_file, check_text
from .extract import read_document
from .substance import IN_NAME_ONLY
from .types import (
    REQUIRED_PARTS,
    Block,
    CheckResult,
    Evidence,
    ExtractedDocument,
    Finding,
    Part,
    PartResult,
    PartStatus,
    ReadError,
    Section,
    Severity,
    Signature,
    Verdict,
)

__all__ = [
    "IN_NAME_ONLY",
    "REQUIRED_PARTS",
    "Block",
    "CheckResult",
    "Evidence",
    "ExtractedDocument",
    "Finding",
    "Part",
    "PartResult",
    "PartStatus",
    "ReadError",
    "Section",
    "Severity",
    "Signature",
    "Verdict",
    "check_document",
    "check_file",
    "check_text",
    "read_document",
    "strip_unstorable",
]
