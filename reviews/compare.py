"""What changed between two versions of a report: its particulars, and the text part by part.

A sentence that was edited is shown once, with the characters that changed marked on each side,
not as a deletion and an addition:

    old 全年办理行政复议案件12件。   new 全年办理行政复议案件15件，全部按期办结。
               ~~                             ~~  ~~~~~~~~~
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reports.models import Report

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
# Two sentences this alike are one sentence edited; less alike, one replaced by another.
_EDITED = 0.5


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "edited"
    old: tuple[Segment, ...] = ()
    new: tuple[Segment, ...] = ()

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in (self.new or self.old))


@dataclass(frozen=True)
class FieldComparison:
    label: str
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(segment.changed for segment in (*self.old, *self.new))


@dataclass(frozen=True)
class PartComparison:
    key: str
    label: str
    old_status: str
    new_status: str
    old_sections: list[str]
    new_sections: list[str]
    unchanged: int  # sentences the two versions share
    changes: list[Change]

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.old_status != self.new_status


def marked(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both texts cut into runs, each run marked changed or not, character by character."""
    before: list[Segment] = []
    after: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            before.append(Segment(old[i1:i2], tag != "equal"))
        if j2 > j1:
            after.append(Segment(new[j1:j2], tag != "equal"))
    return tuple(before), tuple(after)


def compare_fields(old: Report, new: Report) -> list[FieldComparison]:
    """The title, the agency it names, its document number, signature and date, side by side."""
    fields = [
        (_("Title"), old.reading.title, new.reading.title),
        (_("Agency named"), old.reading.agency, new.reading.agency),
        (_("Document number"), old.reading.document_number, new.reading.document_number),
        (_("Signed by"), old.reading.signature_agency, new.reading.signature_agency),
        (_("Date signed"), old.reading.signature_date, new.reading.signature_date),
    ]
    return [FieldComparison(str(label), *marked(before, after)) for label, before, after in fields]


def compare_parts(old: Report, new: Report) -> list[PartComparison]:
    """What changed between two versions, part by part: statuses and the sentences of the text."""
    comparisons = []
    for old_part, new_part in zip(old.reading.parts, new.reading.parts, strict=True):
        before = _sentences(old, old_part.key)
        after = _sentences(new, new_part.key)
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        changes: list[Change] = []
        unchanged = 0
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                unchanged += i2 - i1
            else:
                changes += _changes(before[i1:i2], after[j1:j2])
        comparisons.append(
            PartComparison(
                key=old_part.key,
                label=old_part.title,
                old_status=old_part.status,
                new_status=new_part.status,
                old_sections=list(old_part.sections),
                new_sections=list(new_part.sections),
                unchanged=unchanged,
                changes=changes,
            )
        )
    return comparisons


def _sentences(report: Report, key: str) -> list[str]:
    text = "\n".join(
        report.text[section.start : section.end]
        for section in report.reading.sections_of(key)
        if section.level == 1
    )
    return [sentence.strip() for sentence in _SENTENCE.findall(text) if sentence.strip()]


def _changes(removed: Sequence[str], added: Sequence[str]) -> list[Change]:
    """A block of differing sentences: each removed one paired, in order, with an added one
    it resembles (an edit), the rest removed or added outright."""
    changes: list[Change] = []
    next_added = 0
    for sentence in removed:
        match = None
        for index in range(next_added, len(added)):
            ratio = difflib.SequenceMatcher(a=sentence, b=added[index], autojunk=False).ratio()
            if ratio >= _EDITED:
                match = index
                break
        if match is None:
            changes.append(Change("removed", old=(Segment(sentence, True),)))
            continue
        changes += [Change("added", new=(Segment(text, True),)) for text in added[next_added:match]]
        changes.append(Change("edited", *marked(sentence, added[match])))
        next_added = match + 1
    changes += [Change("added", new=(Segment(text, True),)) for text in added[next_added:]]
    return changes
