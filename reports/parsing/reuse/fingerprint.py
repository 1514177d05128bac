"""A report's fingerprint: what comparing it with other reports needs, computed once at upload.

Per body sentence: its span in the normalised text, its part, the stretch of body it stands in,
the length of its matching text, the hashes of its shingles, and the band keys the index files
it under (index.py). The text itself is not kept: the web side has it already.

    fp = fingerprint(result, agency_names=["古丈县司法局", "县司法局"])
    blob = fp.to_bytes()                                  # ~5 bytes per character of body
    Fingerprint.from_bytes(blob, text=result.text) == fp  # True
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..body import sentences_of
from ..normalise import matching_key
from ..types import CheckResult, Part
from .phrases import stock_shingles
from .shingles import (
    SHINGLE,
    abbreviations,
    clean,
    matching_text,
    name_forms,
    own_shingles,
    shingles,
    whole_hash,
)

#: Bumped whenever the matching text, shingles or band keys change: older fingerprints are
#: then refused by from_bytes and must be computed again from their reports.
SCHEME = 1
#: Band keys per sentence, and how many of a sentence's smallest shingle hashes make one key;
#: index.py explains the numbers.
BANDS = 2
ROWS = 4
#: A sentence needs this many shingles of its own (own_shingles: not inside common phrases) to
#: count as reused by itself, nine characters' worth; shorter or formulaic ones count only
#: beside a reused neighbour. At least ROWS, or a band key could not be made.
MIN_SHINGLES = 4

_PARTS: tuple[Part | None, ...] = (None, *Part)
_MAGIC = b"NBFP"
_HEADER = struct.Struct("<4sBBBBI")
_SENTENCE = struct.Struct("<IIIIIIBB")
_MASK = 0xFFFFFFFF
# Each band orders the shingle hashes by its own permutation of the 32-bit values
# (h * multiplier + offset mod 2**32, a bijection for an odd multiplier). Fixed for ever:
# keys must agree across machines and years.
_BAND_PERMUTATIONS = ((0x9E3779B1, 0x7F4A7C15), (0x85EBCA77, 0x165667B1))


@dataclass(frozen=True, slots=True)
class SentencePrint:
    start: int  # offsets into the normalised text (CheckResult.text)
    end: int
    part: Part | None
    run: int  # sentences of one stretch of body between two headings share it
    chars: int  # characters of matching text: what shares are counted in
    whole: int  # hash of the whole matching text
    shingles: tuple[int, ...]  # in the order of the text
    keys: tuple[int, ...] = ()  # one band key per band; none when the sentence is not indexed


@dataclass(frozen=True, slots=True)
class Fingerprint:
    sentences: tuple[SentencePrint, ...]
    #: The normalised text the offsets point into; not stored, given back to from_bytes.
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def body_chars(self) -> int:
        """Characters of matching text in the whole body."""
        return sum(sentence.chars for sentence in self.sentences)

    def shingle_set(self) -> frozenset[int]:
        """Every shingle of the body."""
        return frozenset(h for sentence in self.sentences for h in sentence.shingles)

    def band_keys(self) -> tuple[tuple[int, int], ...]:
        """The (band, key) rows the index keeps for this report, each once."""
        return tuple(
            sorted({(band, key) for s in self.sentences for band, key in enumerate(s.keys)})
        )

    def to_bytes(self) -> bytes:
        """The stored form: a header, a fixed record per sentence, then shingles and keys."""
        records = []
        all_shingles = array("I")
        all_keys = array("i")
        for s in self.sentences:
            records.append(
                _SENTENCE.pack(
                    s.start,
                    s.end,
                    s.run,
                    s.chars,
                    s.whole,
                    len(s.shingles),
                    _PARTS.index(s.part),
                    len(s.keys),
                )
            )
            all_shingles.extend(s.shingles)
            all_keys.extend(s.keys)
        header = _HEADER.pack(_MAGIC, SCHEME, SHINGLE, BANDS, ROWS, len(self.sentences))
        return b"".join([header, *records, _little_endian(all_shingles), _little_endian(all_keys)])

    @classmethod
    def from_bytes(cls, data: bytes, *, text: str | None = None) -> Fingerprint:
        """A fingerprint read back from to_bytes(); ValueError when made by another scheme."""
        try:
            magic, scheme, shingle, bands, rows, count = _HEADER.unpack_from(data)
        except struct.error as error:
            raise ValueError("not a reuse fingerprint") from error
        if magic != _MAGIC or (scheme, shingle, bands, rows) != (SCHEME, SHINGLE, BANDS, ROWS):
            raise ValueError("a fingerprint of another scheme: compute it again")
        offset = _HEADER.size
        records = [
            _SENTENCE.unpack_from(data, offset + index * _SENTENCE.size) for index in range(count)
        ]
        offset += count * _SENTENCE.size
        total_shingles = sum(record[5] for record in records)
        total_keys = sum(record[7] for record in records)
        hashes = _read_array("I", data, offset, total_shingles)
        offset += 4 * total_shingles
        keys = _read_array("i", data, offset, total_keys)
        if offset + 4 * total_keys != len(data):
            raise ValueError("a truncated reuse fingerprint")
        sentences = []
        at_shingle = at_key = 0
        for start, end, run, chars, whole, n_shingles, part, n_keys in records:
            sentences.append(
                SentencePrint(
                    start=start,
                    end=end,
                    part=_PARTS[part],
                    run=run,
                    chars=chars,
                    whole=whole,
                    shingles=tuple(hashes[at_shingle : at_shingle + n_shingles]),
                    keys=tuple(keys[at_key : at_key + n_keys]),
                )
            )
            at_shingle += n_shingles
            at_key += n_keys
        return cls(tuple(sentences), text=text)


def fingerprint(result: CheckResult, *, agency_names: Sequence[str | None] = ()) -> Fingerprint:
    """Fingerprint a checked report; its agency's names, and their shortenings, as a placeholder."""
    forms = name_forms(agency_names)
    stock = stock_shingles()
    key = matching_key(result.text)
    forms = _longest_first((*forms, *abbreviations(clean(key), forms)))
    prints = []
    for sentence in sentences_of(result):
        text = matching_text(key[sentence.start : sentence.end], forms)
        if not text:
            continue
        hashes = shingles(text)
        prints.append(
            SentencePrint(
                start=sentence.start,
                end=sentence.end,
                part=sentence.part,
                run=sentence.run,
                chars=len(text),
                whole=whole_hash(text),
                shingles=hashes,
                keys=band_keys(own_shingles(hashes, stock)),
            )
        )
    return Fingerprint(tuple(prints), text=result.text)


def _longest_first(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(forms), key=lambda form: (-len(form), form)))


def band_keys(basis: frozenset[int]) -> tuple[int, ...]:
    """One key per band: the hash of the ROWS smallest shingle hashes under the band's order."""
    if len(basis) < MIN_SHINGLES:
        return ()
    keys = []
    for multiplier, offset in _BAND_PERMUTATIONS:
        smallest = sorted([(h * multiplier + offset) & _MASK for h in basis])[:ROWS]
        key = zlib.crc32(struct.pack(f"<{ROWS}I", *smallest))
        # Signed, so the key fits a 32-bit integer column in PostgreSQL as in SQLite.
        keys.append(key - (1 << 32) if key >= 1 << 31 else key)
    return tuple(keys)


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _read_array(typecode: str, data: bytes, offset: int, count: int) -> array[int]:
    values = array(typecode)
    chunk = data[offset : offset + 4 * count]
    if len(chunk) != 4 * count:
        raise ValueError("a truncated reuse fingerprint")
    values.frombytes(chunk)
    if sys.byteorder == "big":
        values.byteswap()
    return values
