"""The checker's reading of a report as the database keeps it: one typed view, one way in.

A CheckResult is stored once, by `report_fields`: the columns the dashboard filters and sorts on
and the JSON of `checkreport --json` (the contract in DOMAIN.md) beside them. Everything that
shows a stored reading goes through `StoredReading`; nothing else walks the JSON by hand.

    report.reading.part("leadership").where   → "一（二）"
    report.reading.findings[0].code           → "part_missing"

The reused-text search and the plans follow-up run the parsing package again on stored reports;
`check_result` gives them back the CheckResult, from the JSON, the text and the few spans the
contract leaves out (`reading_extras`, kept beside the report's fingerprint).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.parsing import (
    IN_NAME_ONLY,
    REQUIRED_PARTS,
    CheckResult,
    Evidence,
    Finding,
    Part,
    PartResult,
    PartStatus,
    Section,
    Severity,
    Signature,
    Verdict,
    strip_unstorable,
)

AGENCY_MISMATCH = "agency_mismatch"

#: The four parts Article 25 requires, in its order: key → how a checklist names it.
PART_TITLES: dict[str, Promise] = {
    "measures": _("Measures and results of the year"),
    "shortcomings": _("Shortcomings and their causes"),
    "leadership": _("Principal leaders' duty as first person responsible"),
    "plans": _("Plans for the next year"),
}
REQUIRED_PART_KEYS: tuple[str, ...] = tuple(part.value for part in REQUIRED_PARTS)
TITLE_MAX = 300


@dataclass(frozen=True)
class StoredPart:
    key: str
    status: str  # present / embedded / missing
    sections: tuple[str, ...]  # top-level section numbers given to the part
    where: str  # for an embedded part: a subsection number, "closing paragraph" or "preamble"
    evidence: str

    @property
    def title(self) -> str:
        return str(PART_TITLES.get(self.key, self.key))


@dataclass(frozen=True)
class StoredFinding:
    index: int  # position in the checker's list, the anchor of its place in the text
    code: str
    severity: str
    message: str
    part: str
    start: int | None
    end: int | None
    #: Anything else the checker said about it, e.g. the agency a mismatched report names.
    details: Mapping[str, Any]

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True)
class StoredSection:
    number: str
    level: int
    heading: str
    part: str
    start: int
    end: int


@dataclass(frozen=True)
class StoredReading:
    title: str
    agency: str
    year: int | None
    document_number: str
    signature_agency: str
    signature_date: str
    parts: tuple[StoredPart, ...]  # the required four, in Article 25's order
    findings: tuple[StoredFinding, ...]
    sections: tuple[StoredSection, ...]  # every level, in reading order
    order_ok: bool
    verdict: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> StoredReading:
        data = data or {}
        signature = data.get("signature") or {}
        return cls(
            title=data.get("title") or "",
            agency=data.get("agency") or "",
            year=data.get("year"),
            document_number=data.get("document_number") or "",
            signature_agency=signature.get("agency") or "",
            signature_date=signature.get("date") or "",
            parts=parts_from_json(data.get("parts")),
            findings=tuple(
                _finding(index, finding) for index, finding in enumerate(data.get("findings", []))
            ),
            sections=tuple(_flatten(data.get("sections", []))),
            order_ok=bool(data.get("order_ok", True)),
            verdict=data.get("verdict") or "",
        )

    def part(self, key: str) -> StoredPart:
        return next(part for part in self.parts if part.key == key)

    @property
    def named_agency(self) -> str:
        """The other agency the report names, when the checker found it handed in by the wrong one."""
        for finding in self.findings:
            if finding.code == AGENCY_MISMATCH:
                return str(finding.details.get("named") or self.agency)
        return ""

    def sections_of(self, key: str) -> list[StoredSection]:
        """The sections, of any level, the checker gave to a part."""
        return [section for section in self.sections if section.part == key]


def parts_from_json(parts: Mapping[str, Any] | None) -> tuple[StoredPart, ...]:
    """The four required parts from the stored `parts` object (a dashboard reads only that)."""
    parts = parts or {}
    return tuple(
        StoredPart(
            key=key,
            status=(parts.get(key) or {}).get("status", "missing"),
            sections=tuple((parts.get(key) or {}).get("sections", ())),
            where=(parts.get(key) or {}).get("where") or "",
            evidence=(parts.get(key) or {}).get("evidence") or "",
        )
        for key in REQUIRED_PART_KEYS
    )


_FINDING_KEYS = frozenset({"code", "severity", "message", "part", "start", "end"})


def _finding(index: int, data: Mapping[str, Any]) -> StoredFinding:
    return StoredFinding(
        index=index,
        code=data.get("code", ""),
        severity=data.get("severity", "info"),
        message=data.get("message", ""),
        part=data.get("part") or "",
        start=data.get("start"),
        end=data.get("end"),
        details={key: value for key, value in data.items() if key not in _FINDING_KEYS},
    )


def _flatten(nodes: list[Mapping[str, Any]]) -> list[StoredSection]:
    flat: list[StoredSection] = []
    for node in nodes:
        flat.append(
            StoredSection(
                number=node.get("number", ""),
                level=node.get("level", 1),
                heading=node.get("heading", ""),
                part=node.get("part") or "",
                start=node.get("start", 0),
                end=node.get("end", 0),
            )
        )
        flat.extend(_flatten(node.get("children", [])))
    return flat


#: A long text is shown a page of about this many characters at a time, so that a report of
#: millions of characters (a wrong file, a crafted one) still renders in a moment.
TEXT_PAGE_CHARS = 30_000
# How far past the page size a page may run to end at a line break.
_PAGE_SNAP = 2_000


def page_starts(text: str) -> list[int]:
    """Where each page of the text begins: about every TEXT_PAGE_CHARS, at a line start."""
    starts = [0]
    while starts[-1] + TEXT_PAGE_CHARS < len(text):
        target = starts[-1] + TEXT_PAGE_CHARS
        newline = text.find("\n", target - 1, target + _PAGE_SNAP)
        start = newline + 1 if newline >= 0 else target
        if start >= len(text):
            break
        starts.append(start)
    return starts


def report_fields(result: CheckResult) -> dict[str, Any]:
    """Everything a Report stores of a checker result: its columns and the JSON beside them."""
    return fields_from_json(result.to_dict(), text=result.text)


def part_places(reading: StoredReading) -> dict[str, str]:
    """Where each embedded part stands, by part key."""
    return {
        part.key: part.where for part in reading.parts if part.status == "embedded" and part.where
    }


def parts_in_name_only(reading: StoredReading) -> int:
    """How many parts the checker found there in name only."""
    return len({finding.part for finding in reading.findings if finding.code in IN_NAME_ONLY})


def fields_from_json(data: dict[str, Any], *, text: str) -> dict[str, Any]:
    """The Report columns for a stored reading in the JSON of `checkreport --json`."""
    reading = StoredReading.from_json(data)
    severities = Counter(finding.severity for finding in reading.findings)
    return {
        "format": data["format"],
        "text": text,
        "title": strip_unstorable(reading.title)[:TITLE_MAX],
        "result": data,
        "verdict": reading.verdict,
        **{f"{part.key}_status": part.status for part in reading.parts},
        "order_ok": reading.order_ok,
        "error_count": severities["error"],
        "warning_count": severities["warning"],
        "info_count": severities["info"],
        "agency_mismatch": any(finding.code == AGENCY_MISMATCH for finding in reading.findings),
        "parts_in_name_only": parts_in_name_only(reading),
        "part_places": part_places(reading),
        "page_starts": page_starts(text),
    }


def reading_extras(result: CheckResult) -> dict[str, Any]:
    """What the JSON contract leaves out and the parsing package needs to read a report again:
    where the body runs and where each embedded part was found."""
    return {
        "body": list(result.body) if result.body is not None else None,
        "spans": {
            part.value: list(reading.span)
            for part, reading in result.parts.items()
            if reading.span is not None
        },
    }


def check_result(
    data: Mapping[str, Any] | None, *, text: str, extras: Mapping[str, Any] | None = None
) -> CheckResult:
    """The CheckResult a stored reading was made from: its JSON, its text and reading_extras().

    A reading stored without extras (before they were kept) comes back with no body span, which
    the parsing package reads as "the body starts at the first heading".
    """
    data = data or {}
    extras = extras or {}
    spans = extras.get("spans") or {}
    signature = data.get("signature") or {}
    signed = signature.get("date")
    body = extras.get("body")
    return CheckResult(
        file=data.get("file") or "",
        format=data.get("format") or "txt",
        text=text,
        title=data.get("title"),
        agency=data.get("agency"),
        year=data.get("year"),
        document_number=data.get("document_number"),
        signature=Signature(
            agency=signature.get("agency"),
            date=datetime.date.fromisoformat(signed) if signed else None,
        ),
        sections=tuple(_section(node) for node in data.get("sections", [])),
        parts={
            Part(key): PartResult(
                status=PartStatus(part.get("status", "missing")),
                sections=tuple(part.get("sections", ())),
                where=part.get("where"),
                evidence=_evidence(part.get("evidence")),
                span=_span(spans.get(key)),
            )
            for key, part in (data.get("parts") or {}).items()
        },
        order_ok=bool(data.get("order_ok", True)),
        verdict=Verdict(data.get("verdict") or "incomplete"),
        findings=tuple(
            Finding(
                code=finding.get("code", ""),
                severity=Severity(finding.get("severity", "info")),
                message=finding.get("message", ""),
                part=Part(finding["part"]) if finding.get("part") else None,
                span=_span([finding["start"], finding["end"]])
                if finding.get("start") is not None and finding.get("end") is not None
                else None,
                named=finding.get("named"),
            )
            for finding in data.get("findings", [])
        ),
        body=_span(body),
    )


def _section(node: Mapping[str, Any]) -> Section:
    return Section(
        number=node.get("number", ""),
        level=node.get("level", 1),
        heading=node.get("heading", ""),
        start=node.get("start", 0),
        end=node.get("end", 0),
        part=Part(node["part"]) if node.get("part") else None,
        evidence=_evidence(node.get("evidence")),
        children=tuple(_section(child) for child in node.get("children", [])),
    )


def _evidence(value: str | None) -> Evidence | None:
    return Evidence(value) if value else None


def _span(value: list[int] | None) -> tuple[int, int] | None:
    return (value[0], value[1]) if value else None
