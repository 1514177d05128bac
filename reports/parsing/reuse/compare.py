"""How much of a new report's body stands in given earlier reports, and where, sentence by sentence.

    result = compare(new_fp, [("2022.docx", fp_2022), ("青山镇.docx", fp_qs)], common=stats)
    result.copied_share                 # 0.46: share of the body, in matching characters
    result.sources[0].passages[0]       # Passage(start=120, end=388, text="…", source_start=96, …)

A sentence of the new report is reused from a source when at least REUSED of its own shingles
(those not inside common phrases) stand anywhere in that source: word order, a moved clause, a
changed figure, year or agency name do not hide it. A sentence too short or too formulaic to
judge on its own counts when it stands in the source too and a neighbour of it counts.
Adjacent reused sentences of one stretch of text from nearby sentences of one source make one
passage. The caller chooses the sources (earlier periods, the same period's neighbours); the
passages carry offsets into both texts, so the source's page can show what a later report took.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..types import Part
from .fingerprint import MIN_SHINGLES, Fingerprint, SentencePrint
from .phrases import PhraseStats, stock_shingles
from .shingles import own_shingles

K = TypeVar("K", bound=Hashable)

#: Share of a sentence's uncommon shingles that must stand in the source for it to be reused.
#: Copied sentences keep 70-100 % of them after small edits; sentences of independent reports
#: on the same topic rarely reach a third.
REUSED = 0.5
#: A source sentence sharing this share of a reused sentence's shingles is part of its source
#: span too (two old sentences merged into one new one).
_ALSO_SOURCE = 0.25
#: Reused sentences stay in one passage while their sources lie this close (in sentences):
#: sentences moved about within a paragraph are one passage, not several.
_SOURCE_REACH = 3


@dataclass(frozen=True, slots=True)
class Passage:
    start: int  # offsets into the new report's normalised text
    end: int
    text: str  # the new report's text of the passage
    source_start: int  # offsets into the source's normalised text
    source_end: int
    part: Part | None  # the new report's part the passage stands in

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "source_start": self.source_start,
            "source_end": self.source_end,
        }


@dataclass(frozen=True, slots=True)
class SourceReuse(Generic[K]):
    source: K
    share: float  # of the new report's body, reused from this source
    source_share: float  # of the source's body, reused by the new report
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class ReuseResult(Generic[K]):
    copied_share: float  # of the body, reused from any source
    body_chars: int
    copied_chars: int
    part_shares: dict[Part, float]  # per part with body text: reused share of it
    sources: tuple[SourceReuse[K], ...]  # those with reuse, largest share first


def compare(
    new: Fingerprint,
    sources: Sequence[tuple[K, Fingerprint]],
    *,
    common: PhraseStats | None = None,
) -> ReuseResult[K]:
    """What of `new`'s body stands in each source: shares and sentence-precise passages."""
    if new.text is None:
        raise ValueError("the new report's fingerprint needs its text (from_bytes(..., text=))")
    every = new.shingle_set()
    frequent = common.common_among(every) if common is not None else stock_shingles() & every
    uncommon = [tuple(own_shingles(s.shingles, frequent)) for s in new.sentences]
    body = new.body_chars
    copied: set[int] = set()
    found: list[SourceReuse[K]] = []
    for key, source in sources:
        reused = _reused_sentences(new.sentences, uncommon, source)
        if not reused:
            continue
        copied.update(reused)
        located = _locate(new.sentences, uncommon, reused, source)
        share = sum(new.sentences[i].chars for i in reused) / body if body else 0.0
        matched = {j for lo, hi in located.values() for j in range(lo, hi + 1)}
        source_body = source.body_chars
        source_share = (
            sum(source.sentences[j].chars for j in matched) / source_body if source_body else 0.0
        )
        found.append(
            SourceReuse(
                source=key,
                share=share,
                source_share=source_share,
                passages=_passages(new, source, sorted(reused), located),
            )
        )
    found.sort(key=lambda reuse: -reuse.share)
    copied_chars = sum(new.sentences[i].chars for i in copied)
    return ReuseResult(
        copied_share=copied_chars / body if body else 0.0,
        body_chars=body,
        copied_chars=copied_chars,
        part_shares=_part_shares(new.sentences, copied),
        sources=tuple(found),
    )


def _reused_sentences(
    sentences: tuple[SentencePrint, ...], uncommon: list[tuple[int, ...]], source: Fingerprint
) -> set[int]:
    """Indexes of the new sentences reused from `source`: judged on their own, then neighbours."""
    in_source = source.shingle_set()
    reused = {
        index
        for index, hashes in enumerate(uncommon)
        if len(hashes) >= MIN_SHINGLES
        and sum(1 for h in hashes if h in in_source) >= REUSED * len(hashes)
    }
    if not reused:
        return reused
    wholes = {s.whole for s in source.sentences}
    # Short or formulaic sentences (一是加强组织领导。) decide nothing alone; inside a reused
    # stretch that also stands in the source they are part of the copy.
    undecided = [
        index
        for index, hashes in enumerate(uncommon)
        if len(hashes) < MIN_SHINGLES
        and (sentences[index].whole in wholes or _stands_in(sentences[index].shingles, in_source))
    ]
    grown = True
    while grown:
        grown = False
        for index in undecided:
            if index in reused:
                continue
            run = sentences[index].run
            if any(n in reused and sentences[n].run == run for n in (index - 1, index + 1)):
                reused.add(index)
                grown = True
    return reused


def _stands_in(hashes: tuple[int, ...], in_source: frozenset[int]) -> bool:
    return bool(hashes) and sum(1 for h in hashes if h in in_source) >= REUSED * len(hashes)


def _locate(
    sentences: tuple[SentencePrint, ...],
    uncommon: list[tuple[int, ...]],
    reused: set[int],
    source: Fingerprint,
) -> dict[int, tuple[int, int]]:
    """For each reused sentence, the range of source sentences it came from."""
    wanted: set[int] = set()
    for index in reused:
        wanted.update(uncommon[index] or sentences[index].shingles)
    holders: dict[int, list[int]] = defaultdict(list)
    by_whole: dict[int, list[int]] = defaultdict(list)
    for position, sentence in enumerate(source.sentences):
        by_whole[sentence.whole].append(position)
        for h in sentence.shingles:
            if h in wanted:
                holders[h].append(position)
    located: dict[int, tuple[int, int]] = {}
    previous = 0
    for index in sorted(reused):
        hashes = uncommon[index] or sentences[index].shingles
        counts: dict[int, int] = defaultdict(int)
        for h in hashes:
            for position in holders.get(h, ()):
                counts[position] += 1
        if not counts:
            same = by_whole.get(sentences[index].whole, [previous])
            best = min(same, key=lambda position: abs(position - previous))
            located[index] = (best, best)
            previous = best
            continue
        # The most shared shingles; between equals, the one nearest the last match.
        best = max(counts, key=lambda position: (counts[position], -abs(position - previous)))
        low = high = best
        enough = _ALSO_SOURCE * len(hashes)
        while counts.get(low - 1, 0) >= enough:
            low -= 1
        while counts.get(high + 1, 0) >= enough:
            high += 1
        located[index] = (low, high)
        previous = best
    return located


def _passages(
    new: Fingerprint,
    source: Fingerprint,
    reused: list[int],
    located: dict[int, tuple[int, int]],
) -> tuple[Passage, ...]:
    text = new.text or ""
    groups: list[list[int]] = []
    reach: list[tuple[int, int]] = []
    for index in reused:
        low, high = located[index]
        sentence = new.sentences[index]
        if groups:
            last = new.sentences[groups[-1][-1]]
            near_low, near_high = reach[-1]
            if (
                groups[-1][-1] == index - 1
                and last.run == sentence.run
                and last.part == sentence.part
                and near_low - _SOURCE_REACH <= low
                and high <= near_high + _SOURCE_REACH
            ):
                groups[-1].append(index)
                reach[-1] = (min(near_low, low), max(near_high, high))
                continue
        groups.append([index])
        reach.append((low, high))
    passages = []
    for group, (low, high) in zip(groups, reach, strict=True):
        first, last = new.sentences[group[0]], new.sentences[group[-1]]
        passages.append(
            Passage(
                start=first.start,
                end=last.end,
                text=text[first.start : last.end],
                source_start=source.sentences[low].start,
                source_end=source.sentences[high].end,
                part=first.part,
            )
        )
    return tuple(passages)


def _part_shares(sentences: tuple[SentencePrint, ...], copied: set[int]) -> dict[Part, float]:
    total: dict[Part, int] = defaultdict(int)
    reused: dict[Part, int] = defaultdict(int)
    for index, sentence in enumerate(sentences):
        if sentence.part is None:
            continue
        total[sentence.part] += sentence.chars
        if index in copied:
            reused[sentence.part] += sentence.chars
    return {part: reused[part] / chars for part, chars in total.items() if chars}
