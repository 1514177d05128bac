"""Text a report shares with other reports: fingerprints, common phrases, the index, comparison.

    fp = fingerprint(result, agency_names=[agency.name, *aliases])      # once, at upload
    stats.add(fp); index.add(report_id, fp)                           # the store learns it
    found = [key for key, _hits in index.candidates(fp, common=stats)]  # a few of thousands
    compare(fp, [(key, stored[key]) for key in found], common=stats)   # shares and passages

The web side keeps the fingerprint's bytes and the index's rows in its database (index.py).
"""

from .compare import Passage, ReuseResult, SourceReuse, compare
from .fingerprint import Fingerprint, SentencePrint, fingerprint
from .index import BandIndex, lookup_keys, max_postings
from .phrases import STOCK_PHRASES, PhraseStats

__all__ = [
    "STOCK_PHRASES",
    "BandIndex",
    "Fingerprint",
    "Passage",
    "PhraseStats",
    "ReuseResult",
    "SentencePrint",
    "SourceReuse",
    "compare",
    "fingerprint",
    "lookup_keys",
    "max_postings",
]
