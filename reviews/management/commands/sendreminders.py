"""`python manage.py sendreminders [--days-before N] [--dry-run]`: the daily reminder round (催报).

Safe to run from cron every day: it reminds the agencies the 未报送单位 page lists, in the
last N days before their deadline and every day after it, and never twice in a day.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Agency
from reports.queries import open_period
from reviews import queries, reminders
from reviews.models import Reminder


class Command(BaseCommand):
    help = (
        "Remind the agencies that have not handed in the open period's report: in the last "
        "--days-before days before their deadline, and every day after it; at most once a day."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--days-before",
            type=int,
            default=reminders.DAYS_BEFORE,
            help=f"Start this many days before the deadline (default {reminders.DAYS_BEFORE}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the agencies and what each would be sent today; send nothing.",
        )

    def handle(self, *args, days_before: int, dry_run: bool, **options):  # type: ignore[no-untyped-def]
        period = open_period()
        if period is None:
            self.stdout.write(_("No reporting period is open: nobody to remind."))
            return
        today = timezone.localdate()
        agencies = queries.with_handed_in_report(
            Agency.objects.filter(is_active=True).select_related("region"), period
        )
        pending = list(reminders.pending_agencies(agencies, period))
        due = reminders.deadlines(pending, period)
        by_kind: dict[str, list[Agency]] = {}
        for agency in pending:
            kind = reminders.kind_for(due[agency.pk], today, days_before)
            if dry_run:
                self.stdout.write(self._line(agency, due[agency.pk], kind, today))
            elif kind is not None:
                by_kind.setdefault(kind, []).append(agency)
        if dry_run:
            self.stdout.write(
                _(
                    "%(count)s agencies have not handed in the %(year)s report (dry run: nothing sent)."
                )
                % {"count": len(pending), "year": period.year}
            )
            unpublished = list(reminders.unpublished_agencies(agencies))
            if unpublished:
                self.stdout.write(
                    _("%(count)s accepted reports are not yet public:")
                    % {"count": len(unpublished)}
                )
                for agency in unpublished:
                    self.stdout.write(f"  {agency.region.name}\t{agency.name}")
            return
        publication_kind = reminders.kind_for(period.publication_deadline, today, days_before)
        if publication_kind is not None:
            by_kind[Reminder.Kind.PUBLICATION] = list(reminders.unpublished_agencies(agencies))
        reminded = skipped = people = 0
        for kind, chosen in by_kind.items():
            sent = reminders.send_reminders(agencies=chosen, period=period, kind=kind, today=today)
            reminded += len(sent.reminded)
            skipped += len(sent.already_today)
            people += sent.people
        self.stdout.write(
            _(
                "Reminded %(reminded)s agencies (%(people)s people); %(skipped)s already "
                "reminded today; %(waiting)s not due yet."
            )
            % {
                "reminded": reminded,
                "people": people,
                "skipped": skipped,
                "waiting": len(pending) - reminded - skipped,
            }
        )

    def _line(
        self, agency: Agency, deadline: datetime.date, kind: str | None, today: datetime.date
    ) -> str:
        days = (deadline - today).days
        if kind is None:
            what = _("not yet (%(days)s days left)") % {"days": days}
        elif days < 0:
            what = _("overdue by %(days)s days") % {"days": -days}
        else:
            what = _("due in %(days)s days") % {"days": days}
        return f"{agency.region.name}\t{agency.name}\t{deadline:%Y-%m-%d}\t{what}"
