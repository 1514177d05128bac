"""A stored report laid out for reading: paragraphs with their offsets, headings and highlights.

The normalised text is what every offset points into, so a finding's or a comment's span can be
marked where it stands, and a selection made in the browser can be turned back into offsets
(each paragraph carries its start offset).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.models import Section

T = TypeVar("T")


class PerLanguage(Generic[T]):
    """Labels translated once per language: a table of fifty rows asks for the same few words
    hundreds of times, and each translation is a lookup."""

    def __init__(self, build: Callable[[], T]) -> None:
        self.build = build
        self.built: dict[str | None, T] = {}

    def __call__(self, language: str | None = None) -> T:
        """The labels in `language`, else in the current one (asking which costs a few
        microseconds: a table's rows ask it once for the page)."""
        language = language or get_language()
        if language not in self.built:
            self.built[language] = self.build()
        return self.built[language]


#: The checker's words for where an embedded part stands, as a person reads them; a section
#: number (一（二）) stands for itself.
place_words = PerLanguage(
    lambda: {
        "closing paragraph": _("the closing paragraph"),
        "preamble": _("the opening paragraph"),
    }
)


def where_label(where: str | None, language: str | None = None) -> str:
    """Where the checker found an embedded part, as a person reads it: 一（二）, 结尾段落."""
    return place_words(language).get(where or "", where or "")


#: A line longer than this that opens a section is a paragraph whose first clause is the heading.
HEADING_LINE_MAX = 60


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # "error", "warning", "info", "comment", "reuse", "reused-by", "plan"
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
        # Two findings on one sentence (a thin part that is also boilerplate) mark it once.
        return " ".join(f"hl-{kind}" for kind in dict.fromkeys(self.kinds))


@dataclass
class Paragraph:
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)
    section: Section | None = None

    @property
    def is_heading(self) -> bool:
        return self.section is not None and self.end - self.start <= HEADING_LINE_MAX


@dataclass(frozen=True)
class TextPager:
    """Which page of a report's text is shown, and on which page any offset of it stands."""

    starts: tuple[int, ...]
    length: int
    number: int  # 1-based

    @classmethod
    def of(cls, starts: Sequence[int], length: int, requested: str | None) -> TextPager:
        starts = tuple(starts) or (0,)
        number = int(requested) if requested and requested.isdigit() else 1
        return cls(starts=starts, length=length, number=min(max(number, 1), len(starts)))

    @property
    def count(self) -> int:
        return len(self.starts)

    @property
    def start(self) -> int:
        return self.starts[self.number - 1]

    @property
    def end(self) -> int:
        return self.starts[self.number] if self.number < self.count else self.length

    def page_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset), 1)

    def href(self, offset: int | None, anchor: str) -> str:
        """A link to `anchor`, by way of its page when that is not the one shown."""
        if offset is None or self.page_of(offset) == self.number:
            return f"#{anchor}"
        return f"?page={self.page_of(offset)}#{anchor}"


def layout(
    text: str,
    sections: Iterable[Section],
    highlights: Iterable[Highlight],
    *,
    start: int = 0,
    end: int | None = None,
) -> list[Paragraph]:
    """Split text[start:end] into its lines, attach each section to the line it opens, mark spans."""
    end = len(text) if end is None else min(end, len(text))
    opening = {section.start: section for section in sections if start <= section.start < end}
    marks = sorted(
        (
            h
            for h in highlights
            if 0 <= h.start < h.end <= len(text) and h.start < end and h.end > start
        ),
        key=lambda h: h.start,
    )
    paragraphs = []
    placed: set[str] = set()
    position = start
    for line in text[start:end].split("\n"):
        line_end = position + len(line)
        if line.strip():
            paragraph = Paragraph(start=position, end=line_end, section=opening.get(position))
            paragraph.pieces = _pieces(text, paragraph, marks, placed)
            paragraphs.append(paragraph)
        position = line_end + 1
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
