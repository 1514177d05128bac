"""The body of a checked report as sentences, each with the part it belongs to.

The body is the paragraphs between the front matter and the signature, without the headings::

    一、主要举措和成效                         ← heading: left out
    （一）健全机制。全年召开会议4次。          ← "健全机制" is the heading; one sentence follows
    严格落实制度；按季度调度进展。              ← two sentences: 。 ！ ？ and ； end a sentence

Reused-text detection, the part-substance checks and the plans follow-up all read this one cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ._text import CLOSERS
from .types import CheckResult, Part, PartResult, PartStatus, Section

#: A long report has a few hundred sentences; beyond this many the file is no report (twenty
#: megabytes of text), and what reads sentences stops rather than fill memory.
MAX_SENTENCES = 5000
# Narrower than SENTENCE_END, which tells where a line may end: a colon or an ellipsis leads
# on within a sentence (主要表现在：一是……), ； cuts an enumeration into its items. A closing
# quote or bracket after the stop belongs to the sentence: ……“两个维护”。
_STOPS = "。！？!?；;"
_SENTENCE = re.compile(
    rf"[^{_STOPS}\n\s](?:[^{_STOPS}\n]*[^{_STOPS}\n\s])?(?:[{_STOPS}]+[{re.escape(CLOSERS)}]*)?"
)


class BodySentence(NamedTuple):
    """One sentence of the body. A named tuple: a report makes a hundred on every check."""

    start: int  # offsets into CheckResult.text; end is past the closing punctuation
    end: int
    part: Part | None  # None before the first section (the opening paragraph)
    #: Stretches of body between two headings are numbered in reading order: sentences with
    #: the same run stand in one piece of text with no heading between them.
    run: int


def sentences_of(result: CheckResult) -> tuple[BodySentence, ...]:
    """The body sentences of a checked report, in reading order."""
    body = result.body
    if body is None:
        # A result built by hand: without the front matter's end, start at the first heading.
        body = (result.sections[0].start if result.sections else 0, len(result.text))
    return body_sentences(result.text, result.sections, result.parts, body)


def body_sentences(
    text: str,
    sections: Iterable[Section],
    parts: Mapping[Part, PartResult],
    body: tuple[int, int],
) -> tuple[BodySentence, ...]:
    """Sentences of `text` within `body`, headings left out, each given its part; MAX_SENTENCES."""
    sections = tuple(sections)
    embedded = [
        (result.span, part)
        for part, result in parts.items()
        if result.status == PartStatus.EMBEDDED and result.span is not None
    ]
    start, end = body
    cuts = sorted(
        (max(a, start), min(b, end))
        for a, b in _heading_spans(text, sections)
        if b > start and a < end
    )
    found: list[BodySentence] = []
    position = start
    top = 0
    for run, (cut_start, cut_end) in enumerate([*cuts, (end, end)]):
        # Between two headings the text lies in one top-level section: one part, unless an
        # embedded part's span says otherwise. Stretches come in order, and so do sections.
        while top < len(sections) and sections[top].end <= position:
            top += 1
        inside = top < len(sections) and sections[top].start <= position
        part = sections[top].part if inside else None
        for match in _SENTENCE.finditer(text, position, max(position, cut_start)):
            first, last = match.span()
            owner = _embedded_at(first, embedded, part) if embedded else part
            # tuple.__new__ skips the named tuple's Python-level constructor: a hundred a report.
            found.append(_new(BodySentence, (first, last, owner, run)))
            if len(found) >= MAX_SENTENCES:
                return tuple(found)
        position = max(position, cut_end)
    return tuple(found)


_new = tuple.__new__


def _heading_spans(text: str, sections: Iterable[Section]) -> list[tuple[int, int]]:
    """From each section's marker to the end of its heading, at every level."""
    spans = []
    for section in sections:
        at = text.find(section.heading, section.start, section.end) if section.heading else -1
        end = at + len(section.heading) if at >= 0 else section.start
        if end == section.start and not section.heading:
            # A marker alone on its line (（一）) still is no body text.
            line_end = text.find("\n", section.start, section.end)
            end = line_end if line_end >= 0 else section.end
        spans.append((section.start, end))
        spans.extend(_heading_spans(text, section.children))
    return spans


def _embedded_at(
    offset: int, embedded: list[tuple[tuple[int, int], Part]], part: Part | None
) -> Part | None:
    for (start, end), inner in embedded:
        if start <= offset < end:
            return inner
    return part
