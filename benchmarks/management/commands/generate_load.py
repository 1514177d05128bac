"""`python manage.py generate_load --agencies 15000 --years 5`: a province's history for benchmarks.

One province, ~14 cities and ~120 counties at 15,000 agencies (fewer as --agencies shrinks, at
least one of each), every kind of agency, and reviewers of each level, whose usernames it prints.

Never for production: it refuses while DEBUG is off, and on a database that already has agencies,
unless given --force. Same --seed, same date: same data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarks.loadgen.build import Generator
from benchmarks.loadgen.province import USERNAME_PREFIX, ReviewerSample
from reports.models import Agency, User


class Command(BaseCommand):
    help = (
        "Fill the database with generated regions, agencies, users and several years of reports, "
        "reviews and comments, for benchmarks. Not for production."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--agencies", type=int, default=3000, help="Default: 3000.")
        parser.add_argument(
            "--years", type=int, default=5, help="Reporting periods up to last year. Default: 5."
        )
        parser.add_argument("--seed", type=int, default=2024, help="Default: 2024.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off or agencies exist: only on a throwaway database.",
        )

    def handle(self, *args, agencies: int, years: int, seed: int, force: bool, **options):  # type: ignore[no-untyped-def]
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to generate load data while DEBUG is off: this is for benchmark "
                "databases only (use --force on a throwaway database)."
            )
        if Agency.objects.exists() and not force:
            raise CommandError(
                "The database already has agencies. Generate load data on an empty database, "
                "or add --force to add it beside them."
            )
        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise CommandError(
                f"Generated data is already here (users named {USERNAME_PREFIX}…): "
                "start again from an empty database."
            )
        if agencies < 1 or not 1 <= years <= 50:
            raise CommandError("--agencies must be at least 1 and --years between 1 and 50.")

        def log(line: str) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {line}")

        summary = Generator(seed=seed, years=years, now=timezone.now(), log=log).run(agencies)
        counts = summary.counts
        self.stdout.write(
            self.style.SUCCESS(f"Generated load data in {summary.seconds:.1f} s (seed {seed}).")
        )
        for label in (
            "regions",
            "cities",
            "counties",
            "agencies",
            "aliases",
            "agency users",
            "reviewers",
            "periods",
            "reports",
            "versions ≥ 2",
            "sections",
            "comments",
            "quoted comments",
            "resolved comments",
            "replies",
            "events",
            "comparisons",
            "publications",
            "not handed in",
            "late",
        ):
            self.stdout.write(f"  {label:<18} {counts[label]:>9,}")
        self.stdout.write(f"  current versions   {_mix(summary.statuses)}")
        self.stdout.write(f"  verdicts           {_mix(summary.verdicts)}")
        for sample in summary.reviewer_samples:
            self.stdout.write(_reviewers(sample))
        if summary.gaps:
            self.stderr.write(
                "No composed report reads as: " + "; ".join(summary.gaps) + ". Those reports "
                "took a neighbouring verdict (benchmarks/loadgen/texts.py composes them)."
            )


def _reviewers(sample: ReviewerSample) -> str:
    """county reviewers   load-r001 … load-r120 (+14 …-2); load-r001 sees 青川县: 118 agencies"""
    usernames = sample.usernames
    label = f"{sample.level} reviewer{'s' if len(usernames) > 1 else ''}"
    listed = usernames[0] if len(usernames) == 1 else f"{usernames[0]} … {usernames[-1]}"
    if sample.seconds:
        listed += f" (+{sample.seconds} …-2)"
    below = [
        f"{count} {singular if count == 1 else plural}"
        for count, singular, plural in (
            (sample.cities, "city", "cities"),
            (sample.counties, "county", "counties"),
        )
        if count
    ]
    region = sample.region
    if len(below) == 1:
        region += f" and its {below[0]}"
    elif below:
        region += f", its {below[0]} and {below[1]}"
    return f"  {label:<18} {listed}; {usernames[0]} sees {region}: {sample.agencies:,} agencies"


def _mix(counter: dict[str, int]) -> str:
    total = sum(counter.values()) or 1
    return ", ".join(
        f"{key} {count:,} ({count / total:.0%})"
        for key, count in sorted(counter.items(), key=lambda item: -item[1])
    )
