"""A stored report laid out for reading: paragraphs with their offsets, headings and highlights.

The normalised text is what every offset points into, so a finding's or a comment's span can be
marked where it stands, and a selection made in the browser can be turned back into offsets
(each paragraph carries its start offset).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.models import Section


def where_label(where: str | None) -> str:
    """Where the checker found an embedded part, as a person reads it: 一（二）, 结尾段落."""
    places = {
        "closing paragraph": _("the closing paragraph"),
        "preamble": _("the opening paragraph"),
    }
    return places.get(where or "", where or "")


#: A line longer than this that opens a section is a paragraph whose first clause is the heading.
HEADING_LINE_MAX = 60


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # "error", "warning", "info", "comment"
    anchor: str  # the id the first piece of the span gets, for links to it


@dataclass(frozen=True)
class Piece:
    start: int
    text: str
    kinds: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # ids of the spans that start here; several may coincide

    @property
    def anchor(self) -> str:
        return self.anchors[0] if self.anchors else ""

    @property
    def extra_anchors(self) -> tuple[str, ...]:
        return self.anchors[1:]

    @property
    def css_class(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds)


@dataclass
class Paragraph:
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)
    section: Section | None = None

    @property
    def is_heading(self) -> bool:
        return self.section is not None and self.end - self.start <= HEADING_LINE_MAX


def layout(
    text: str, sections: Iterable[Section], highlights: Iterable[Highlight]
) -> list[Paragraph]:
    """Split the text into its lines, attach each section to the line it opens, mark the spans."""
    opening = {section.start: section for section in sections}
    marks = sorted(
        (h for h in highlights if 0 <= h.start < h.end <= len(text)), key=lambda h: h.start
    )
    paragraphs = []
    placed: set[str] = set()
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            paragraph = Paragraph(start=start, end=end, section=opening.get(start))
            paragraph.pieces = _pieces(text, paragraph, marks, placed)
            paragraphs.append(paragraph)
        start = end + 1
    return paragraphs


def _pieces(
    text: str, paragraph: Paragraph, marks: list[Highlight], placed: set[str]
) -> list[Piece]:
    inside = [m for m in marks if m.start < paragraph.end and m.end > paragraph.start]
    heading_end = None
    if paragraph.section is not None and not paragraph.is_heading:
        # A run-on paragraph: its first clause, up to the first 。, is the heading.
        stop = text.find("。", paragraph.start, paragraph.end)
        heading_end = stop + 1 if stop >= 0 else None
    cuts = {paragraph.start, paragraph.end}
    for mark in inside:
        cuts.update((max(mark.start, paragraph.start), min(mark.end, paragraph.end)))
    if heading_end is not None:
        cuts.add(heading_end)
    bounds = sorted(cuts)
    pieces = []
    for piece_start, piece_end in itertools.pairwise(bounds):
        covering = [m for m in inside if m.start < piece_end and m.end > piece_start]
        kinds = tuple(m.kind for m in covering)
        if heading_end is not None and piece_end <= heading_end:
            kinds = ("heading", *kinds)
        # Each span's id goes on the first piece it covers, wherever its paragraph breaks.
        anchors = tuple(m.anchor for m in covering if m.anchor not in placed)
        placed.update(anchors)
        pieces.append(Piece(piece_start, text[piece_start:piece_end], kinds, anchors))
    return pieces
