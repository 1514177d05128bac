"""Writes of the reused-text search: fingerprints and band keys at upload, comparisons after.

A report's upload must never be lost to this analysis: the fingerprint is computed before the
upload's transaction and a failure there leaves the report without one (logged); the comparison
runs in a savepoint of its own, and a failure rolls back only that. `manage.py refreshreuse`
makes good what is missing.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reports.models import Report
from reports.parsing import CheckResult
from reports.parsing.followup import follow_through, plan_items
from reports.parsing.reuse import (
    Fingerprint,
    PhraseStats,
    ReuseResult,
    compare,
    fingerprint,
    lookup_keys,
    max_postings,
)
from reports.parsing.reuse.fingerprint import SCHEME
from reports.parsing.reuse.index import CANDIDATES, MIN_HITS
from reports.parsing.substance import part_lengths
from reports.stored import check_result, reading_extras
from reviews.models import BandKey, CommonPhrases, Comparison, ReportFingerprint, ReusedSource

logger = logging.getLogger(__name__)

#: Fingerprints the common phrases are counted on: a sample of this many estimates each
#: phrase's share closely enough (PhraseStats.build), and keeps the count to seconds.
PHRASE_SAMPLE = 3000
_BATCH = 500


@dataclass(frozen=True)
class Prepared:
    """What a report's upload stores for the reused-text search, computed from its CheckResult."""

    data: bytes | None  # Fingerprint.to_bytes(); None when it could not be computed
    keys: tuple[tuple[int, int], ...]  # the (band, key) rows of the index
    extras: dict[str, Any]
    part_lengths: dict[str, int] = field(default_factory=dict)


def prepare(result: CheckResult, *, agency_names: Sequence[str]) -> Prepared:
    """The fingerprint of a freshly checked report; pure computation, no database.

    The name the checker reads in the title counts as the agency's too: a wrong file (another
    agency's report) then reads as the copy it is.
    """
    extras = reading_extras(result)
    try:
        printed = fingerprint(result, agency_names=[*agency_names, result.agency])
        lengths = {part.value: chars for part, chars in part_lengths(result).items()}
    except Exception:
        # A bug in the analysis must not cost the agency its upload; refreshreuse retries.
        logger.exception("No fingerprint for %r: the report is stored without one", result.file)
        return Prepared(data=None, keys=(), extras=extras)
    return Prepared(
        data=printed.to_bytes(),
        keys=printed.band_keys(),
        extras=extras,
        part_lengths=lengths,
    )


def store_fingerprint(*, report: Report, prepared: Prepared) -> ReportFingerprint:
    """Keep a report version's fingerprint and its rows of the index, replacing a draft's old ones.

    Runs inside the transaction that stores the report: the three are written together or not.
    """
    BandKey.objects.filter(report=report).delete()
    stored, _created = ReportFingerprint.objects.update_or_create(
        report=report,
        defaults={
            "scheme": SCHEME,
            "data": prepared.data,
            "extras": prepared.extras,
            "part_lengths": prepared.part_lengths,
            "created_at": timezone.now(),
        },
    )
    BandKey.objects.bulk_create(
        [BandKey(report=report, band=band, key=key) for band, key in prepared.keys],
        batch_size=_BATCH,
    )
    return stored


def compare_report(*, report: Report) -> Comparison | None:
    """Compare a report with the stored ones it may have taken text from, and keep the result.

    None when the report has no usable fingerprint, or the comparison failed (logged): the
    report itself stays as it is.
    """
    try:
        with transaction.atomic():
            return _compare(report)
    except Exception:
        logger.exception("Reused text of report %s could not be compared", report.pk)
        return None


def after_hand_in(*, report: Report) -> None:
    """A report was handed in: compare it again, and the agency's reports of later years.

    Sources are those handed in before it, so its comparison at upload may lack some; and the
    agency's later reports read this one as their earlier year (reused text, last year's plans).
    """
    compare_report(report=report)
    later = Report.objects.filter(agency=report.agency_id, period__year__gt=report.period.year)
    for other in later.filter(Q(is_current=True) | Q(pk__in=latest_handed_in().values("pk"))):
        compare_report(report=other)


def latest_handed_in() -> QuerySet[Report]:
    """Each agency's latest handed-in version of each period: the one the legal office reads."""
    return Report.objects.filter(is_latest_handed_in=True)


def handed_in_at(report: Report) -> datetime.datetime | None:
    """When the agency first handed in the period's report; None while it never has.

    The first hand-in, not this version's: a version sent again after the legal office returned
    it was written before the reports handed in meanwhile.
    """
    return (
        latest_handed_in()
        .filter(agency=report.agency_id, period=report.period_id)
        .values_list("first_submitted_at", flat=True)
        .first()
    )


def neighbours(report: Report, before: datetime.datetime | None) -> QuerySet[Report]:
    """The same period's reports of the other agencies of the region, handed in before `before`."""
    found = (
        latest_handed_in()
        .filter(period=report.period_id, agency__region=report.agency.region_id)
        .exclude(agency=report.agency_id)
    )
    return found.filter(first_submitted_at__lt=before) if before else found


def candidates(
    report: Report,
    new: Fingerprint,
    *,
    common: PhraseStats | None,
    before: datetime.datetime | None,
) -> list[int]:
    """Neighbours sharing band keys with the report, most shared first: one query on the index.

    The query of reports/parsing/reuse/index.py, restricted to the neighbours.
    """
    keys = sorted({key for _band, key in lookup_keys(new, common=common)})
    if not keys:
        return []
    cap = max_postings(ReportFingerprint.objects.count())
    crowded = (
        BandKey.objects.filter(key__in=keys)
        .values("key")
        .annotate(postings=Count("pk"))
        .filter(postings__gt=cap)
        .values("key")
    )
    return list(
        BandKey.objects.filter(key__in=keys, report__in=neighbours(report, before).values("pk"))
        .exclude(key__in=crowded)
        .values("report")
        .annotate(hits=Count("pk"))
        .filter(hits__gte=MIN_HITS)
        .order_by("-hits", "report")
        .values_list("report", flat=True)[:CANDIDATES]
    )


_COMMON: list[tuple[tuple[Any, ...], PhraseStats]] = []


def common_phrases() -> PhraseStats | None:
    """The stored phrase statistics; None before `refreshreuse` first counted them.

    Kept in the process while the stored row stays the same: reading 4 MiB at every
    comparison would cost more than the comparison.
    """
    stamp = CommonPhrases.objects.values_list("built_at", "documents").first()
    if stamp is None:
        return None
    cached = _COMMON[0] if _COMMON else None
    if cached is not None and cached[0] == stamp:
        return cached[1]
    data = CommonPhrases.objects.values_list("data", flat=True).get()
    stats = PhraseStats.from_bytes(bytes(data))
    _COMMON[:] = [(stamp, stats)]
    return stats


def refresh_common_phrases(*, sample: int = PHRASE_SAMPLE, seed: int = 0) -> CommonPhrases:
    """Count the phrases of (a sample of) the current versions of every stored report again."""
    ids = list(
        ReportFingerprint.objects.filter(report__is_current=True, data__isnull=False)
        .order_by("report")
        .values_list("report", flat=True)
    )
    chosen = sorted(random.Random(seed).sample(ids, min(sample, len(ids))))
    stats = PhraseStats()
    for prints in stored_fingerprints(chosen):
        for _report, printed, _extras in prints:
            stats.add(printed)
    stored, _created = CommonPhrases.objects.update_or_create(
        id=CommonPhrases.SINGLETON,
        defaults={
            "data": stats.to_bytes(),
            "documents": stats.documents,
            "built_at": timezone.now(),
        },
    )
    return stored


def refingerprint(report: Report) -> ReportFingerprint:
    """Fingerprint a stored report again from its stored reading (a new scheme, a failed upload)."""
    stored = ReportFingerprint.objects.filter(report=report).first()
    result = check_result(
        report.result, text=report.text, extras=stored.extras if stored is not None else None
    )
    prepared = prepare(result, agency_names=report.agency.all_names())
    with transaction.atomic():
        return store_fingerprint(report=report, prepared=prepared)


def _compare(report: Report) -> Comparison | None:
    report = Report.objects.select_related("agency", "period").get(pk=report.pk)
    stored = ReportFingerprint.objects.filter(report=report).first()
    new = readable_fingerprint(stored, text=report.text)
    if stored is None or new is None:
        ReusedSource.objects.filter(report=report).delete()
        Comparison.objects.filter(report=report).delete()
        _copy_figures(report, None)
        return None
    common = common_phrases()
    before = handed_in_at(report)
    own = list(
        latest_handed_in()
        .filter(agency=report.agency_id, period__year__lt=report.period.year)
        .select_related("period")
    )
    found = candidates(report, new, common=common, before=before)
    prints = {
        source: (printed, extras)
        for batch in stored_fingerprints([r.pk for r in own] + found)
        for source, printed, extras in batch
    }
    own_sources = [(r.pk, prints[r.pk][0]) for r in own if r.pk in prints]
    everything = compare(
        new, own_sources + [(pk, prints[pk][0]) for pk in found if pk in prints], common=common
    )
    own_only = compare(new, own_sources, common=common) if own_sources else None
    previous = next((r for r in own if r.period.year == report.period.year - 1), None)
    plans = _plans(report, stored, previous, prints.get(previous.pk) if previous else None)
    own_ids = {r.pk for r in own}
    comparison, _created = Comparison.objects.update_or_create(
        report=report,
        defaults={
            "share": everything.copied_share,
            # Its sources are some of all the sources: never more than `share`.
            "own_share": own_only.copied_share if own_only else 0.0,
            "part_shares": _part_shares(everything),
            "compared": len(own_sources) + len(found),
            "handed_in_before": before,
            "plans_from": previous if plans else None,
            "plans": plans,
            "plans_total": len(plans),
            "plans_followed": sum(1 for plan in plans if plan["passage_start"] is not None),
            "computed_at": timezone.now(),
        },
    )
    _copy_figures(report, comparison)
    ReusedSource.objects.filter(report=report).delete()
    ReusedSource.objects.bulk_create(
        ReusedSource(
            report=report,
            source_id=source.source,
            same_agency=source.source in own_ids,
            share=source.share,
            source_share=source.source_share,
            passages=[
                [p.start, p.end, p.source_start, p.source_end, p.part.value if p.part else ""]
                for p in source.passages
            ],
        )
        for source in everything.sources
    )
    return comparison


def _copy_figures(report: Report, comparison: Comparison | None) -> None:
    """The comparison's figures onto the report (reports.models.COMPARISON_FIGURES), in the
    same transaction: the dashboard counts them from its index without reading comparisons."""
    Report.objects.filter(pk=report.pk).update(
        reuse_share=comparison.share if comparison else None,
        plans_total=comparison.plans_total if comparison else 0,
        plans_followed=comparison.plans_followed if comparison else 0,
    )


def _plans(
    report: Report,
    stored: ReportFingerprint,
    previous: Report | None,
    previous_print: tuple[Fingerprint, dict[str, Any]] | None,
) -> list[dict[str, Any]]:
    """Last year's plans, each with this report's passage that carries it out (or none)."""
    if previous is None or previous_print is None:
        return []
    earlier = check_result(previous.result, text=previous.text, extras=previous_print[1])
    later = check_result(report.result, text=report.text, extras=stored.extras)
    return [
        {
            "label": match.plan.label or "",
            "plan": match.plan.text,
            "passage_start": match.start,
            "passage_end": match.end,
            "score": round(match.score, 3),
        }
        for match in follow_through(plan_items(earlier), later)
    ]


def _part_shares(result: ReuseResult[int]) -> dict[str, float]:
    return {part.value: share for part, share in result.part_shares.items()}


def readable_fingerprint(
    stored: ReportFingerprint | None, *, text: str | None = None
) -> Fingerprint | None:
    """The stored fingerprint, read back; None where there is none or it is of an older scheme."""
    if stored is None or stored.data is None:
        return None
    try:
        return Fingerprint.from_bytes(bytes(stored.data), text=text)
    except ValueError:
        logger.warning("Report %s has a fingerprint of another scheme", stored.report_id)
        return None


def stored_fingerprints(
    reports: Iterable[int],
) -> Iterable[list[tuple[int, Fingerprint, dict[str, Any]]]]:
    """The readable stored fingerprints of these reports, a batch of rows at a time."""
    reports = list(reports)
    for at in range(0, len(reports), _BATCH):
        batch = reports[at : at + _BATCH]
        rows = ReportFingerprint.objects.filter(report__in=batch, data__isnull=False).only(
            "report", "data", "extras"
        )
        yield [
            (row.report_id, printed, row.extras)
            for row in rows
            if (printed := readable_fingerprint(row)) is not None
        ]
