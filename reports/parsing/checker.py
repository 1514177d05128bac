"""Read a report and check it against Article 25: the package's entry points.

>>> result = check_text("某某局2023年度法治政府建设年度报告\\n一、主要举措和成效\\n……")
>>> result.verdict, [f.code for f in result.findings][:1]
(<Verdict.INCOMPLETE: 'incomplete'>, ['part_missing'])
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from .body import body_sentences
from .checks import run_checks
from .extract import read_document
from .metadata import (
    body_agency,
    is_subsequence,
    opening_year,
    read_front_matter,
    read_signature,
    title_agency,
    title_year,
)
from .normalise import NormalisedText, normalise
from .outline import Node, build_outline
from .parts import PartsReading, plans_years, read_parts
from .reading import ReadReport, TextYears
from .types import (
    Block,
    CheckResult,
    ExtractedDocument,
    Finding,
    Part,
    Section,
    Severity,
    Signature,
)

#: A long report has a few hundred headings; tens of thousands mean a wrong or crafted file, and
#: are kept out of what is stored and shown.
MAX_SECTIONS = 2000
MAX_FINDINGS = 200


def check_document(
    document: ExtractedDocument,
    *,
    file: str = "",
    period_year: int | None = None,
    agency_names: Sequence[str] = (),
    deadline: datetime.date | None = None,
) -> CheckResult:
    """Check an extracted report.

    `period_year` is the year reported on, `agency_names` the name and aliases of the agency
    handing the report in and `deadline` its submission deadline (a department's is 1 March,
    a province's 1 April, an extension later), when the caller knows them.
    """
    norm = normalise(document.blocks, document.format)
    front = read_front_matter(norm)
    signature = read_signature(norm, front)
    end_line = signature.first_line if signature.first_line is not None else len(norm.lines)
    outline = build_outline(norm, front.body_line, end_line)
    named_year, malformed = title_year(front.title)
    opening = opening_year(norm, front.body_line, end_line)
    year = period_year or named_year or opening
    parts = read_parts(norm, outline, year)
    text_years = _text_years(norm, parts, opening)
    if year is None and text_years.year is not None:
        # Plans are told partly by naming year N+1: read again now that N is known.
        parts = read_parts(norm, outline, text_years.year)
    named_agency = title_agency(front.title, front.title_key)
    agency = _agency(
        named_agency,
        front.header_agency,
        signature.agency,
        lambda: body_agency(norm, front.body_line, end_line),
    )
    sections, dropped = _bounded_outline(outline.sections)
    outline_note = (
        (
            Finding(
                "outline_truncated",
                Severity.INFO,
                f"报告中识别出 {MAX_SECTIONS + dropped} 个标题，远多于一份年度报告，"
                f"只列出前 {MAX_SECTIONS} 个。请检查是否上传了正确的文件。",
            ),
        )
        if dropped
        else ()
    )
    body = (outline.preamble[0], outline.body_end)
    report = ReadReport(
        norm=norm,
        front=front,
        signature=signature,
        outline=outline,
        parts=parts,
        agency=agency,
        title_agency=named_agency,
        period_year=period_year,
        title_year=named_year,
        title_year_malformed=malformed,
        text_years=text_years,
        agency_names=tuple(name for name in agency_names if name.strip()),
        deadline=deadline,
        sentences=body_sentences(norm.text, sections, parts.parts, body),
    )
    return CheckResult(
        file=file,
        format=document.format,
        text=norm.text,
        title=front.title,
        agency=agency,
        year=next(
            (found for found in (named_year, text_years.year) if found is not None), period_year
        ),
        document_number=front.document_number,
        signature=Signature(agency=signature.agency, date=signature.date),
        sections=sections,
        parts=parts.parts,
        order_ok=parts.order_ok,
        verdict=parts.verdict,
        findings=_bounded_findings(run_checks(report), extra=outline_note),
        body=body,
    )


def _bounded_outline(nodes: list[Node]) -> tuple[tuple[Section, ...], int]:
    """The outline frozen, at most MAX_SECTIONS headings in reading order; and how many were left."""
    if _count(nodes) <= MAX_SECTIONS:
        return tuple(node.freeze() for node in nodes), 0
    kept = 0
    dropped = 0

    def freeze(node: Node) -> Section | None:
        nonlocal kept, dropped
        if kept >= MAX_SECTIONS:
            dropped += 1 + len(node.walk())
            return None
        kept += 1
        children = [frozen for child in node.children if (frozen := freeze(child)) is not None]
        return node.freeze(tuple(children))

    frozen = [section for node in nodes if (section := freeze(node)) is not None]
    return tuple(frozen), dropped


def _count(nodes: list[Node]) -> int:
    return sum(1 + _count(node.children) for node in nodes)


def _bounded_findings(
    findings: tuple[Finding, ...], *, extra: tuple[Finding, ...]
) -> tuple[Finding, ...]:
    """At most MAX_FINDINGS findings, the most severe first kept; a note says how many went."""
    if len(findings) <= MAX_FINDINGS:
        return findings + extra
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    kept = sorted(findings, key=lambda finding: rank[finding.severity])[:MAX_FINDINGS]
    note = Finding(
        "findings_truncated",
        Severity.INFO,
        f"另有 {len(findings) - MAX_FINDINGS} 条提示未列出；请先修改上面列出的问题。",
    )
    return (*kept, *extra, note)


def check_file(
    data: bytes,
    filename: str,
    *,
    period_year: int | None = None,
    agency_names: Sequence[str] = (),
    deadline: datetime.date | None = None,
    converter: str | None = None,
) -> CheckResult:
    """Read an uploaded file and check it; raises ReadError when it cannot be read.

    `converter` is the socket of a kept LibreOffice for .doc/.wps/.odt (see read_document).
    """
    return check_document(
        read_document(data, filename, converter=converter),
        file=filename,
        period_year=period_year,
        agency_names=agency_names,
        deadline=deadline,
    )


def check_text(
    text: str,
    *,
    file: str = "",
    period_year: int | None = None,
    agency_names: Sequence[str] = (),
    deadline: datetime.date | None = None,
) -> CheckResult:
    """Check a report given as plain text, one paragraph per line."""
    blocks = tuple(Block(line) for line in text.split("\n"))
    return check_document(
        ExtractedDocument("txt", blocks),
        file=file,
        period_year=period_year,
        agency_names=agency_names,
        deadline=deadline,
    )


def _text_years(norm: NormalisedText, parts: PartsReading, opening: int | None) -> TextYears:
    """The years the opening and the measures and plans headings name, one year each at most."""

    def heading_year(part: Part) -> int | None:
        for node in parts.sections.get(part, ()):
            years = {year for year, _ in plans_years(norm, node.start, node.body_start)}
            if len(years) == 1:
                return years.pop()
        return None

    return TextYears(opening, heading_year(Part.MEASURES), heading_year(Part.PLANS))


def _agency(
    in_title: str | None,
    in_header: str | None,
    in_signature: str | None,
    in_body: Callable[[], str | None],
) -> str | None:
    """The agency's name: the title's, completed from the header or signature when abbreviated.

    岳阳县科技局 in the title under a 岳阳县科学技术局 header is the header's name; 洞口经济开发区
    in the title signed 湖南洞口经济开发区管理委员会 is 洞口经济开发区管理委员会.
    """
    if in_title:
        if in_header and len(in_header) > len(in_title) and is_subsequence(in_title, in_header):
            return in_header
        if in_signature and in_title in in_signature:
            return in_signature[in_signature.index(in_title) :]
        return in_title
    return in_header or in_body() or in_signature
