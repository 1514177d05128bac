"""Telling people what happened: a notice in the app and, for whoever wants it, an e-mail.

    notify(kind=Notice.Kind.RETURNED, recipients=access.staff_of(agency), agency=agency,
           period=period, report=report, actor=reviewer, message="请补充……")

The notices are written with the caller's transaction; the e-mails leave only once it commits,
through one connection to the mail server, and a mail server that fails costs a log line, never
the request.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.models import Agency, Report, ReportingPeriod, User
from reviews.models import Notice

logger = logging.getLogger(__name__)


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    agency: Agency,
    period: ReportingPeriod,
    url: str,
    report: Report | None = None,
    actor: User | None = None,
    message: str = "",
    date: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> list[Notice]:
    """A notice for each active recipient but the actor; e-mail to those who want it, on commit."""
    people = {user.pk: user for user in recipients if user.is_active and user != actor}
    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                kind=kind,
                agency=agency,
                period=period,
                report=report,
                actor=actor,
                message=message,
                date=date,
                url=url,
                created_at=at or timezone.now(),
            )
            for user in people.values()
        ]
    )
    wanting = [notice.pk for notice in notices if notice.recipient.email_notices]
    if wanting:
        transaction.on_commit(lambda: send_notice_mail(wanting))
    return notices


def title(notice: Notice) -> str:
    """What the notice says, in one line, in the language now active."""
    values = {
        "agency": notice.agency.name,
        "year": notice.period.year,
        "version": notice.report.version if notice.report else "",
        "actor": _person(notice.actor),
        "date": date_format(notice.date, "Y-m-d") if notice.date else "",
    }
    lines = {
        Notice.Kind.SUBMITTED: _("%(agency)s handed in its %(year)s report"),
        Notice.Kind.RESUBMITTED: _(
            "%(agency)s handed in version %(version)s of its %(year)s report"
        ),
        Notice.Kind.RETURNED: _("The legal office returned the %(year)s report for revision"),
        Notice.Kind.ACCEPTED: _("The legal office accepted the %(year)s report"),
        Notice.Kind.REPLY: _("%(actor)s replied to a comment on the %(year)s report of %(agency)s"),
        Notice.Kind.REMINDER: _("Reminder: hand in the %(year)s report by %(date)s"),
        Notice.Kind.OPINION: _("The review opinion on the %(year)s report"),
        Notice.Kind.EXTENSION: _("The deadline for the %(year)s report is now %(date)s"),
        Notice.Kind.EXEMPTION: _(
            "%(agency)s asks for its %(year)s report to be exempt from publication"
        ),
        Notice.Kind.PUBLICATION: _("Reminder: publish the accepted %(year)s report by %(date)s"),
    }
    return lines[notice.kind] % values


def send_notice_mail(notice_ids: list[int]) -> int:
    """E-mail these notices to recipients with an address; returns how many mails left."""
    notices = list(
        Notice.objects.filter(pk__in=notice_ids, recipient__email_notices=True)
        .exclude(recipient__email="")
        .select_related("recipient", "agency", "period", "report", "actor")
    )
    if not notices:
        return 0
    # One language for mail: the interface's default, as a civil servant's inbox expects.
    with translation.override(settings.LANGUAGE_CODE):
        mails = [_mail(notice) for notice in notices]
    try:
        with get_connection() as connection:
            sent = connection.send_messages(mails) or 0
    except Exception:
        logger.exception("Could not send %d notice e-mails", len(mails))
        return 0
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed=True)
    return sent


def _mail(notice: Notice) -> EmailMessage:
    subject = f"[{settings.SITE_TITLE}] {title(notice)}"
    body = render_to_string(
        "reviews/notice_email.txt",
        {
            "notice": notice,
            "title": title(notice),
            "link": settings.SITE_URL.rstrip("/") + notice.url,
            "site_title": settings.SITE_TITLE,
        },
    )
    return EmailMessage(subject=subject, body=body, to=[notice.recipient.email])


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username
