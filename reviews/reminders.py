"""Reminding agencies that have not handed in their report (催报), by hand or every day from cron.

Who is reminded is exactly who the 未报送单位 page lists; each reminder is kept as a Reminder row
(the audit record, and the page's "last reminded"), and reaches the agency's staff as a notice
and an e-mail. An automatic reminder reaches an agency at most once a day of each kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports import access
from reports.models import Agency, DeadlineExtension, ReportingPeriod, User, kind_deadlines
from reviews import queries
from reviews.models import Notice, Publication, Reminder
from reviews.notices import notify

#: Before the deadline, the daily run reminds this many days ahead, unless told otherwise.
DAYS_BEFORE = 7


def pending_agencies(
    agencies: QuerySet[Agency], period: ReportingPeriod, filters: dict | None = None
) -> QuerySet[Agency]:
    """Those of the (annotated) agencies that have not handed in, as 未报送单位 lists them."""
    filters = filters or {}
    pending = queries.filter_dashboard(
        agencies, period, {**filters, "status": "none", "sort": filters.get("sort") or "region"}
    )
    latest = Reminder.objects.filter(agency=OuterRef("pk"), period=period).order_by("-created_at")
    return pending.annotate(last_reminded_at=Subquery(latest.values("created_at")[:1]))


def deadlines(agencies: Sequence[Agency], period: ReportingPeriod) -> dict[int, datetime.date]:
    """Each agency's submission deadline, its kind's or its extension, in two queries."""
    extended: dict[int, datetime.date] = {}
    rows = DeadlineExtension.objects.filter(period=period, agency__in=[a.pk for a in agencies])
    for agency_id, until in rows.order_by("created_at", "pk").values_list("agency_id", "until"):
        extended[agency_id] = until  # the latest wins
    by_kind = kind_deadlines(period)
    return {agency.pk: extended.get(agency.pk, by_kind[agency.kind]) for agency in agencies}


def kind_for(deadline: datetime.date, today: datetime.date, days_before: int) -> str | None:
    """Which reminder is due today: before the deadline, after it, or none yet."""
    days_left = (deadline - today).days
    if days_left < 0:
        return Reminder.Kind.OVERDUE
    if days_left <= days_before:
        return Reminder.Kind.BEFORE_DEADLINE
    return None


def reminder_text(
    agency: Agency, period: ReportingPeriod, deadline: datetime.date, today: datetime.date
) -> str:
    """The reminder an agency reads, in the interface's default language."""
    days_left = (deadline - today).days
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "agency": agency.name,
            "year": period.year,
            "deadline": date_format(deadline, "Y-m-d"),
            "days": abs(days_left),
        }
        if days_left < 0:
            return (
                _(
                    "%(agency)s: the deadline for the %(year)s report on building a rule-of-law "
                    "government (%(deadline)s) passed %(days)s days ago and your report has not "
                    "been handed in. Please hand it in through Nianbao as soon as possible."
                )
                % values
            )
        return (
            _(
                "%(agency)s: please hand in the %(year)s report on building a rule-of-law "
                "government through Nianbao by %(deadline)s (%(days)s days left). If you have "
                "already done so, please ignore this reminder."
            )
            % values
        )


def unpublished_agencies(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    """Those of the (annotated) agencies whose accepted report is not public yet."""
    return agencies.filter(publication_state=Publication.State.NONE)


def publication_text(agency: Agency, period: ReportingPeriod, today: datetime.date) -> str:
    """The reminder to publish an accepted report (Art. 26: public by 1 April)."""
    days_left = (period.publication_deadline - today).days
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "agency": agency.name,
            "year": period.year,
            "deadline": date_format(period.publication_deadline, "Y-m-d"),
            "days": abs(days_left),
        }
        if days_left < 0:
            return (
                _(
                    "%(agency)s: your %(year)s report was accepted but is not yet public, "
                    "%(days)s days after the deadline of %(deadline)s. Please publish it on "
                    "the government website and record where in Nianbao."
                )
                % values
            )
        return (
            _(
                "%(agency)s: your %(year)s report was accepted. Please make it public by "
                "%(deadline)s (%(days)s days left) and record where in Nianbao."
            )
            % values
        )


@dataclass
class Sent:
    reminded: list[Agency] = field(default_factory=list)
    already_today: list[Agency] = field(default_factory=list)
    people: int = 0


def send_reminders(
    *,
    agencies: Iterable[Agency],
    period: ReportingPeriod,
    kind: str,
    sender: User | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Sent:
    """Remind each agency's staff; automatic kinds skip an agency already reminded today."""
    today = today or timezone.localdate()
    agencies = list(agencies)
    publishing = kind == Reminder.Kind.PUBLICATION
    due = (
        dict.fromkeys((agency.pk for agency in agencies), period.publication_deadline)
        if publishing
        else deadlines(agencies, period)
    )
    sent = Sent()
    for agency in agencies:
        text = (
            publication_text(agency, period, today)
            if publishing
            else reminder_text(agency, period, due[agency.pk], today)
        )
        if note.strip():
            text = f"{text}\n\n{note.strip()}"
        staff = list(access.staff_of(agency))
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    agency=agency,
                    period=period,
                    kind=kind,
                    sent_by=sender,
                    message=text,
                    recipients=len(staff),
                    sent_on=today,
                )
                notify(
                    kind=Notice.Kind.PUBLICATION if publishing else Notice.Kind.REMINDER,
                    recipients=staff,
                    agency=agency,
                    period=period,
                    actor=sender,
                    message=text,
                    date=due[agency.pk],
                    url=reverse("reports:agency_home"),
                )
        except IntegrityError:
            sent.already_today.append(agency)
            continue
        sent.reminded.append(agency)
        sent.people += len(staff)
    return sent
