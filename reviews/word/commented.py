"""A report as .docx with every reviewer comment as a real Word comment on exactly its span.

    commented_report_docx(CommentedReport(text="标题\\n一、总体情况\\n正文……",
                                          headings=(Heading(start=3, level=1),),
                                          comments=(ReportComment(anchor=Span(9, 11), ...),)))

Each line of the text is a paragraph. An offset is a position between characters of the text;
the position just before a line's "\\n" lies at the end of that line's paragraph, the one just after
it at the start of the next, so a span crossing a line break is one comment range that runs over
the paragraph mark, and its text read back between the range marks (paragraphs joined by "\\n") is
exactly the span's. Ranges may overlap and nest freely; Word allows that.

A comment on a section is anchored on its heading, one on the whole report on the title (or, with
no title, the first line). Replies are paragraphs of the comment itself, marked
“回复（李四，2025-03-02 10:20）：……”, which every program that shows comments shows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from docx.comments import Comment
from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.part import Part as OpcPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from ._layout import HEADING_FONTS, LINE_PITCH, add_run, new_document, set_fonts, to_bytes, xml_safe
from .types import CommentedReport, Heading, ReportComment, SectionAnchor, Span

W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_EXTENDED = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
COMMENTS_EXTENDED_RELATIONSHIP = (
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
)
_TITLE_SEARCH_LINES = 6  # a document number or a 文件 line may stand above the title
_TITLE_MAX_LINES = 3


def commented_report_docx(report: CommentedReport) -> bytes:
    """The report as the bytes of a .docx, each comment anchored to its span, replies inside."""
    text = report.text
    lines = _lines(text)
    title_lines = _title_lines(report.title, text, lines)
    ranges = [
        _range(index, comment, report, lines, title_lines)
        for index, comment in enumerate(report.comments)
    ]
    first_line = text[lines[0][0] : lines[0][1]] if lines else ""
    document = new_document(title=report.title or first_line, author=report.author)
    made = [_add_comment(document, comment) for comment in report.comments]
    events = _Events()
    for word_comment, (start, end) in zip(made, ranges, strict=True):
        events.add(word_comment.comment_id, start, end)
    headings = _headings_by_line(report.headings, lines, len(text))
    for index, (start, end) in enumerate(lines):
        heading = headings.get(index)
        if index in title_lines:
            style = "Title"
        elif heading is not None and _whole_line(heading, start, end):
            style = f"Heading {heading.level}"
        elif start == end:
            style = "Normal"
        else:
            style = "Body Text"
        paragraph = document.add_paragraph(style=style)
        if title_lines and index == title_lines[-1]:
            # A line's space under the title, as paragraph spacing: the lines stay the text's.
            paragraph.paragraph_format.space_after = Pt(LINE_PITCH / 20)
        run_on = heading if heading is not None and style == "Body Text" else None
        _fill(paragraph, text, start, end, events, run_on)
    _mark_resolved(document, made, report.comments)
    return to_bytes(document)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line; "" is one empty line, so there is always a paragraph."""
    lines: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        lines.append((start, start + len(line)))
        start += len(line) + 1
    return lines


def _title_lines(title: str, text: str, lines: list[tuple[int, int]]) -> range:
    """The leading lines that spell `title` (ignoring spaces), or none."""
    wanted = "".join(title.split())
    if not wanted:
        return range(0)
    for first in range(min(len(lines), _TITLE_SEARCH_LINES)):
        joined = ""
        for last in range(first, min(first + _TITLE_MAX_LINES, len(lines))):
            joined += "".join(text[lines[last][0] : lines[last][1]].split())
            if joined == wanted:
                return range(first, last + 1)
            if not joined or not wanted.startswith(joined):
                break
    return range(0)


def _range(
    index: int,
    comment: ReportComment,
    report: CommentedReport,
    lines: list[tuple[int, int]],
    title_lines: range,
) -> tuple[int, int]:
    """The offsets [start, end) a comment's range covers."""
    anchor = comment.anchor
    length = len(report.text)
    if isinstance(anchor, Span):
        if not 0 <= anchor.start <= anchor.end <= length:
            raise ValueError(
                f"comment {index}: span {anchor.start}–{anchor.end} lies outside a text of "
                f"{length} characters"
            )
        return anchor.start, anchor.end
    if isinstance(anchor, SectionAnchor):
        if not 0 <= anchor.start <= length:
            raise ValueError(f"comment {index}: section at {anchor.start} lies outside the text")
        line_end = lines[_line_of(lines, anchor.start)][1]
        heading = next((h for h in report.headings if h.start == anchor.start), None)
        end = line_end if heading is None or heading.end is None else min(heading.end, line_end)
        return anchor.start, end
    if title_lines:
        return lines[title_lines[0]][0], lines[title_lines[-1]][1]
    first = next(((start, end) for start, end in lines if end > start), lines[0])
    return first


def _line_of(lines: list[tuple[int, int]], offset: int) -> int:
    return bisect.bisect_right([start for start, _ in lines], offset) - 1


def _headings_by_line(
    headings: tuple[Heading, ...], lines: list[tuple[int, int]], length: int
) -> dict[int, Heading]:
    by_line: dict[int, Heading] = {}
    for heading in headings:
        if heading.level not in HEADING_FONTS:
            raise ValueError(f"heading at {heading.start}: level {heading.level} is not 1–4")
        if not 0 <= heading.start <= length:
            raise ValueError(f"heading at {heading.start} lies outside the text")
        by_line.setdefault(_line_of(lines, heading.start), heading)
    return by_line


def _whole_line(heading: Heading, start: int, end: int) -> bool:
    return heading.start == start and (heading.end is None or heading.end >= end)


@dataclass
class _Events:
    """Where comment ranges start and end, by offset."""

    starts: dict[int, list[int]] = field(default_factory=dict)
    ends: dict[int, list[int]] = field(default_factory=dict)
    points: dict[int, list[int]] = field(default_factory=dict)  # empty ranges
    _sorted: list[int] = field(default_factory=list)

    def add(self, comment_id: int, start: int, end: int) -> None:
        if start == end:
            self.points.setdefault(start, []).append(comment_id)
        else:
            self.starts.setdefault(start, []).append(comment_id)
            self.ends.setdefault(end, []).append(comment_id)
        self._sorted = sorted({*self.starts, *self.ends, *self.points})

    def offsets(self, start: int, end: int) -> list[int]:
        """Offsets in [start, end] where something starts or ends, in order."""
        low = bisect.bisect_left(self._sorted, start)
        return self._sorted[low : bisect.bisect_right(self._sorted, end)]


def _fill(
    paragraph: Paragraph,
    text: str,
    start: int,
    end: int,
    events: _Events,
    run_on: Heading | None,
) -> None:
    """Runs for text[start:end], cut wherever a range starts or ends, with its range marks."""
    cuts = set(events.offsets(start, end))
    if run_on is not None:
        heading_end = min(run_on.end if run_on.end is not None else end, end)
        cuts |= {max(run_on.start, start), heading_end}
    position = start
    for cut in [*sorted(cuts), end]:
        if cut > position:
            run = add_run(paragraph, text[position:cut])
            if run_on is not None and run_on.start <= position and cut <= heading_end:
                set_fonts(run._r, HEADING_FONTS[run_on.level])
            position = cut
        for comment_id in events.ends.get(cut, []):
            _end_mark(paragraph, comment_id)
        for comment_id in events.starts.get(cut, []):
            paragraph._p.append(_mark("w:commentRangeStart", comment_id))
        for comment_id in events.points.get(cut, []):
            paragraph._p.append(_mark("w:commentRangeStart", comment_id))
            _end_mark(paragraph, comment_id)
        if cut == end:
            break


def _mark(tag: str, comment_id: int) -> etree._Element:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(comment_id))
    return element


def _end_mark(paragraph: Paragraph, comment_id: int) -> None:
    paragraph._p.append(_mark("w:commentRangeEnd", comment_id))
    reference = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "CommentReference")
    properties.append(style)
    reference.append(properties)
    reference.append(_mark("w:commentReference", comment_id))
    paragraph._p.append(reference)


def _add_comment(document: DocumentObject, comment: ReportComment) -> Comment:
    """The comment, its body then each reply as a marked paragraph, in the comments part."""
    author = xml_safe(comment.author)
    made = document.comments.add_comment(author=author, initials=author[:1] or None)
    # Word writes the author's wall-clock time with a Z; python-docx would convert to UTC and
    # Word would then show the comment eight hours early in China.
    made._comment_elm.set(qn("w:date"), comment.date.strftime("%Y-%m-%dT%H:%M:%SZ"))
    lines = _paragraph_lines(comment.body)
    made.paragraphs[0].add_run(xml_safe(lines[0]))
    for line in lines[1:]:
        made.add_paragraph(xml_safe(line))
    for reply in comment.replies:
        when = reply.date.strftime("%Y-%m-%d %H:%M")
        reply_lines = _paragraph_lines(reply.body)
        made.add_paragraph(xml_safe(f"回复（{reply.author}，{when}）：{reply_lines[0]}"))
        for line in reply_lines[1:]:
            made.add_paragraph(xml_safe(line))
    return made


def _paragraph_lines(body: str) -> list[str]:
    return body.splitlines() or [""]


def _mark_resolved(
    document: DocumentObject, made: list[Comment], comments: tuple[ReportComment, ...]
) -> None:
    """Resolved comments shown as done (commentsExtended.xml, keyed by a paragraph id)."""
    if not comments:
        return
    root = document.comments._comments_elm
    # w14:paraId is Word 2010's: older readers must be told they may ignore it.
    root.set(f"{{{MC}}}Ignorable", "w14")
    extended = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15, "mc": MC})
    extended.set(f"{{{MC}}}Ignorable", "w15")
    for word_comment, comment in zip(made, comments, strict=True):
        # Paragraph ids must lie below 0x80000000; the comment ids are small and unique.
        para_id = f"{word_comment.comment_id + 1:08X}"
        word_comment.paragraphs[-1]._p.set(qn("w14:paraId"), para_id)
        entry = etree.SubElement(extended, f"{{{W15}}}commentEx")
        entry.set(f"{{{W15}}}paraId", para_id)
        entry.set(f"{{{W15}}}done", "1" if comment.resolved else "0")
    blob = etree.tostring(extended, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = OpcPart(
        PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED, blob, document.part.package
    )
    document.part.relate_to(part, COMMENTS_EXTENDED_RELATIONSHIP)
