"""The typed values that flow through the parsing package.

bytes + file name --extract--> ExtractedDocument (blocks) --normalise/outline/parts/checks--> CheckResult

Nothing here imports Django: the web application stores and shows these values, it never builds them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Part(StrEnum):
    MEASURES = "measures"
    SHORTCOMINGS = "shortcomings"
    LEADERSHIP = "leadership"
    PLANS = "plans"
    OTHER = "other"


#: The order Article 25 lists the required parts in.
REQUIRED_PARTS: tuple[Part, ...] = (Part.MEASURES, Part.SHORTCOMINGS, Part.LEADERSHIP, Part.PLANS)


class PartStatus(StrEnum):
    PRESENT = "present"
    EMBEDDED = "embedded"
    MISSING = "missing"


class Evidence(StrEnum):
    HEADING = "heading"
    CONTENT = "content"


class Verdict(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    INCOMPLETE = "incomplete"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ReadError(Exception):
    """A file that cannot be read. `message` is Chinese and shown to the user as it is."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph (or table cell row) as the file holds it, before any interpretation."""

    text: str
    #: Outline level 1..9 from a Word heading style or w:outlineLvl: a hint, never the only signal.
    style_level: int | None = None
    #: Every visible run of the paragraph is bold (公文 mark headings by font, not by style).
    bold: bool = False
    #: The paragraph sits in a table: kept as text, never taken for a heading.
    in_table: bool = False
    #: The leading marker (一、 （一） 1. …) was rendered from Word list numbering, not typed.
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    format: str  # "txt", "docx", "pdf", "doc", "wps", "odt"
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Section:
    number: str  # top level: the numeral alone (一) or "#N"; lower levels: the marker as written
    level: int
    heading: str
    start: int  # offsets into CheckResult.text; the section runs from its heading to its end
    end: int
    part: Part | None = None
    evidence: Evidence | None = None
    children: tuple[Section, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "level": self.level,
            "heading": self.heading,
            "part": self.part.value if self.part else None,
            "evidence": self.evidence.value if self.evidence else None,
            "start": self.start,
            "end": self.end,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(frozen=True, slots=True)
class PartResult:
    status: PartStatus
    sections: tuple[str, ...] = ()  # top-level section numbers given to the part
    where: str | None = None  # for an embedded part: "一（二）" or "closing paragraph"
    evidence: Evidence | None = None
    span: tuple[int, int] | None = None  # where an embedded part was found in the text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status.value, "sections": list(self.sections)}
        if self.where is not None:
            data["where"] = self.where
        if self.evidence is not None:
            data["evidence"] = self.evidence.value
        return data


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # stable English identifier: "part_missing", "parts_out_of_order"
    severity: Severity
    message: str  # Chinese, shown as it is
    part: Part | None = None
    span: tuple[int, int] | None = None
    #: The name the report gives where it names another agency (agency_mismatch), as written.
    named: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.part is not None:
            data["part"] = self.part.value
        if self.span is not None:
            data["start"], data["end"] = self.span
        if self.named is not None:
            data["named"] = self.named
        return data


@dataclass(frozen=True, slots=True)
class Signature:
    agency: str | None = None
    date: datetime.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True, slots=True)
class CheckResult:
    file: str
    format: str
    text: str  # the normalised text every offset points into
    title: str | None
    agency: str | None
    year: int | None
    document_number: str | None
    signature: Signature
    sections: tuple[Section, ...]
    parts: dict[Part, PartResult]
    order_ok: bool
    verdict: Verdict
    findings: tuple[Finding, ...] = field(default=())
    #: Where the body runs in `text`: after the front matter (title, header, document number,
    #: addressee), before the signature. Not part of the JSON contract.
    body: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `checkreport --json` (DOMAIN.md), without the text itself."""
        return {
            "file": self.file,
            "format": self.format,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "document_number": self.document_number,
            "signature": self.signature.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
            "parts": {part.value: result.to_dict() for part, result in self.parts.items()},
            "order_ok": self.order_ok,
            "verdict": self.verdict.value,
            "findings": [finding.to_dict() for finding in self.findings],
        }
