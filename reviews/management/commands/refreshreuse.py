"""`python manage.py refreshreuse [--compare] [--year N]`: keep the reused-text search up to date.

Run it nightly (cron, a systemd timer). It fingerprints the report versions that have no usable
fingerprint (an upload whose fingerprint failed, reports from before the search, or a new scheme
of the parsing package), counts the phrases most reports use again from the stored fingerprints,
and with --compare compares the reports again, which a new count of common phrases changes a
little, and which `after_hand_in` keeps current otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext as _

from reports.models import Report
from reports.parsing.reuse.fingerprint import SCHEME
from reviews.reuse import services


class Command(BaseCommand):
    help = (
        "Fingerprint the reports that lack a fingerprint, count the common phrases again and, "
        "with --compare, compare the reports again."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--compare",
            action="store_true",
            help="Also compare again each agency's current and latest handed-in versions.",
        )
        parser.add_argument("--year", type=int, help="Only the reports on this year.")
        parser.add_argument(
            "--sample",
            type=int,
            default=services.PHRASE_SAMPLE,
            help=f"Reports the common phrases are counted on. Default: {services.PHRASE_SAMPLE}.",
        )

    def handle(self, *args, compare: bool, year: int | None, sample: int, **options):  # type: ignore[no-untyped-def]
        reports = Report.objects.select_related("agency").prefetch_related("agency__aliases")
        if year is not None:
            reports = reports.filter(period__year=year)
        unprinted = reports.filter(
            Q(fingerprint__isnull=True)
            | Q(fingerprint__data__isnull=True)
            | ~Q(fingerprint__scheme=SCHEME)
        )
        printed = 0
        for report in unprinted.iterator(chunk_size=200):
            services.refingerprint(report)
            printed += 1
        phrases = services.refresh_common_phrases(sample=sample)
        self.stdout.write(
            _(
                "Fingerprinted %(printed)s report versions; common phrases counted over "
                "%(counted)s reports."
            )
            % {"printed": printed, "counted": phrases.documents}
        )
        if not compare:
            return
        latest = services.latest_handed_in().values("pk")
        compared = 0
        for report in reports.filter(Q(is_current=True) | Q(pk__in=latest)).order_by("pk"):
            services.compare_report(report=report)
            compared += 1
        self.stdout.write(_("Compared %(count)s report versions again.") % {"count": compared})
