"""Finding the stored reports worth comparing with a new one, without reading them all.

Each indexed sentence is filed under BANDS keys (fingerprint.band_keys): a key is the hash of the
ROWS smallest of the sentence's shingle hashes in one band's order (a bottom-k MinHash). Two
sentences share a band's key when their ROWS smallest shingles of the union all lie in both,
with probability about J**ROWS for Jaccard similarity J; over BANDS bands, 1 - (1 - J**ROWS)**BANDS:

    J    one band (J**4)   either of 2 bands      the sentence pair
    1.0     1.00              1.00                copied as is, or with figures, year, name changed
    0.8     0.41              0.65                a clause moved, a word changed
    0.5     0.06              0.12                half rewritten
    0.2     0.002             0.003               same topic, different words

Keys are per sentence, not per report, because what must be found is partial reuse. A report
that keeps 30 % of another's body (30 of its 100 sentences) shares 30 sentences with it: 60 keys,
each matching with probability 0.41 (edited) to 1 (as is), so the source collects 25-60 hits and
is missed only if fewer than MIN_HITS match (below one in a billion). A report-level MinHash
sees that pair at a Jaccard similarity of 0.18 and would need hundreds of bands to find it.
Independent reports share sentences only by stock formulas, whose sentences are not looked up
(lookup_keys, with the common phrases) or whose keys are filed under too many reports
(max_postings); the CANDIDATES reports with most hits are compared exactly. Measured by
`make bench` at 15,000 reports: every source of 10 % or more of a new report is among them.

The web side keeps one row per (report, band, key) of Fingerprint.band_keys(), indexed on key
(a key of one band equals one of the other only by a one-in-2**32 chance, so the lookup needs
no band), and asks, for the keys of lookup_keys(new, common=stats):

    SELECT report_id, COUNT(*) AS hits FROM reuse_bandkey
     WHERE key IN (…) AND report_id <> :new
       AND key NOT IN (SELECT key FROM reuse_bandkey WHERE key IN (…)
                        GROUP BY key HAVING COUNT(*) > :max_postings)
     GROUP BY report_id HAVING COUNT(*) >= :min_hits ORDER BY hits DESC LIMIT :candidates

adding the agency's own earlier reports whatever their hits. Keys are signed 32-bit integers,
so the table works alike on SQLite and PostgreSQL.

BandIndex below is the same in memory, for tools and tests.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from typing import Generic, TypeVar

from .fingerprint import MIN_SHINGLES, Fingerprint
from .phrases import PhraseStats, stock_shingles
from .shingles import own_shingles

K = TypeVar("K", bound=Hashable)

#: Reports compared exactly per new report, at most: about a millisecond each.
CANDIDATES = 50
#: A candidate shares at least this many keys with the new report: one shared sentence may be a
#: stock formula the statistics have not learnt yet.
MIN_HITS = 2
#: A key filed under more than this share of all stored reports (and more than
#: MIN_MAX_POSTINGS of them) is a sentence in general circulation, not a source to follow.
MAX_POSTINGS_SHARE = 0.01
MIN_MAX_POSTINGS = 100


def lookup_keys(
    fingerprint: Fingerprint, *, common: PhraseStats | None = None
) -> tuple[tuple[int, int], ...]:
    """The (band, key) pairs to look up: those of sentences not made of common phrases."""
    every = fingerprint.shingle_set()
    frequent = common.common_among(every) if common is not None else stock_shingles() & every
    keys: set[tuple[int, int]] = set()
    for sentence in fingerprint.sentences:
        if not sentence.keys:
            continue
        if len(own_shingles(sentence.shingles, frequent)) < MIN_SHINGLES:
            continue
        keys.update(enumerate(sentence.keys))
    return tuple(sorted(keys))


def max_postings(reports: int) -> int:
    """How many reports a key may be filed under and still point at a source."""
    return max(MIN_MAX_POSTINGS, int(MAX_POSTINGS_SHARE * reports))


class BandIndex(Generic[K]):
    """Band keys of stored reports, in memory: what the database table holds, for tests and tools."""

    def __init__(self) -> None:
        self._postings: dict[tuple[int, int], list[K]] = defaultdict(list)
        self._reports: dict[K, tuple[tuple[int, int], ...]] = {}

    def __len__(self) -> int:
        return len(self._reports)

    @property
    def rows(self) -> int:
        """(report, band, key) rows the table would hold."""
        return sum(len(keys) for keys in self._reports.values())

    def add(self, report: K, fingerprint: Fingerprint) -> None:
        """File a report under its band keys (again, if it was filed before)."""
        if report in self._reports:
            self.remove(report)
        keys = fingerprint.band_keys()
        self._reports[report] = keys
        for key in keys:
            self._postings[key].append(report)

    def remove(self, report: K) -> None:
        """Take a report out of the index."""
        for key in self._reports.pop(report, ()):
            self._postings[key].remove(report)
            if not self._postings[key]:
                del self._postings[key]

    def candidates(
        self,
        fingerprint: Fingerprint,
        *,
        common: PhraseStats | None = None,
        limit: int = CANDIDATES,
        min_hits: int = MIN_HITS,
        exclude: frozenset[K] = frozenset(),
    ) -> list[tuple[K, int]]:
        """Stored reports sharing at least `min_hits` keys with the report, most hits first."""
        cap = max_postings(len(self._reports))
        hits: Counter[K] = Counter()
        for key in lookup_keys(fingerprint, common=common):
            postings = self._postings.get(key)
            if postings and len(postings) <= cap:
                hits.update(postings)
        ranked = [(r, n) for r, n in hits.items() if n >= min_hits and r not in exclude]
        ranked.sort(key=lambda item: -item[1])
        return ranked[:limit]
