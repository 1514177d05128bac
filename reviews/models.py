"""The legal office's side: remarks anchored in a report, and the report's audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Report, Section


class ReviewerCommentQuerySet(models.QuerySet["ReviewerComment"]):
    def open(self) -> ReviewerCommentQuerySet:
        return self.filter(parent__isnull=True, resolved_at__isnull=True)


class ReviewerComment(models.Model):
    """A remark on a report, a section of it, or a quoted span of its text; or a reply to one.

    The quote is stored beside the offsets so that a comment stays readable, and can be re-anchored,
    even if a later version of the report moves the text.
    """

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("section"),
    )
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReviewerCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True) & Q(quote=""))
                | (
                    Q(start__isnull=False)
                    & Q(end__isnull=False)
                    & Q(start__lt=models.F("end"))
                    & ~Q(quote="")
                ),
                name="reviews_reviewercomment_span_complete",
                violation_error_message=_(
                    "A quoted span needs its start, its end and the quoted text."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(resolved_at__isnull=True) & Q(resolved_by__isnull=True))
                | (Q(resolved_at__isnull=False) & Q(resolved_by__isnull=False)),
                name="reviews_reviewercomment_resolution_complete",
            ),
            models.CheckConstraint(
                condition=~Q(body=""), name="reviews_reviewercomment_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    def get_absolute_url(self) -> str:
        return f"{self.report.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ReportEvent(models.Model):
    """One line of a report's audit trail: who did what, when, from which status to which."""

    class Kind(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        SUBMITTED = "submitted", _("Submitted")
        REVIEW_STARTED = "review_started", _("Review started")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Publication recorded")
        EXEMPTED = "exempted", _("Exemption from publication confirmed")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Report.Status, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Report.Status)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["report", "created_at"], name="reviews_event_report_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "uploaded",
                        "submitted",
                        "review_started",
                        "returned",
                        "accepted",
                        "published",
                        "exempted",
                    ]
                ),
                name="reviews_reportevent_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(message=""),
                name="reviews_reportevent_return_has_message",
                violation_error_message=_("Returning a report needs a message to the agency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class ExportRecord(models.Model):
    """Who took the completeness table out of the system, when, in which form and with which filters."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        ZIP = "zip", _("Reports (ZIP)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    period = models.ForeignKey(
        "reports.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="exports",
        verbose_name=_("reporting period"),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=["csv", "xlsx", "zip"]),
                name="reviews_exportrecord_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """Something a user should know: a report returned or accepted, a reply, a reminder.

    Stored as what happened, not as finished sentences, so that each reader sees it in their
    own language; `message` carries what a person wrote (a return message, a reminder).
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Report submitted")
        RESUBMITTED = "resubmitted", _("Revised report submitted")
        RETURNED = "returned", _("Report returned for revision")
        ACCEPTED = "accepted", _("Report accepted")
        REPLY = "reply", _("Reply to a comment")
        REMINDER = "reminder", _("Reminder to hand in the report")
        OPINION = "opinion", _("Review opinion sent")
        EXTENSION = "extension", _("Deadline extended")
        EXEMPTION = "exemption", _("Exemption from publication asked for")
        PUBLICATION = "publication", _("Reminder to publish the report")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    agency = models.ForeignKey(
        "reports.Agency",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("agency"),
    )
    period = models.ForeignKey(
        "reports.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("reporting period"),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("report"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    message = models.TextField(_("message"), blank=True)
    #: The deadline a reminder or an extension names.
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["recipient", "read_at"], name="reviews_notice_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "submitted",
                        "resubmitted",
                        "returned",
                        "accepted",
                        "reply",
                        "reminder",
                        "opinion",
                        "extension",
                        "exemption",
                        "publication",
                    ]
                ),
                name="reviews_notice_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency}"

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Reminder(models.Model):
    """One reminder (催报) sent to an agency that has not handed in its report: the audit record.

    An automatic reminder goes to an agency at most once a day of each kind; the database keeps
    that promise even if two runs of `sendreminders` overlap.
    """

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Sent by the legal office")
        BEFORE_DEADLINE = "before", _("Before the deadline")
        OVERDUE = "overdue", _("After the deadline")
        PUBLICATION = "publication", _("To publish the accepted report")

    agency = models.ForeignKey(
        "reports.Agency",
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("agency"),
    )
    period = models.ForeignKey(
        "reports.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("reporting period"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("Empty for the reminders sent automatically."),
    )
    message = models.TextField(_("message"))
    recipients = models.PositiveSmallIntegerField(_("people reached"))
    sent_on = models.DateField(_("day"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(fields=["period", "agency", "-created_at"], name="reviews_reminder_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["manual", "before", "overdue", "publication"]),
                name="reviews_reminder_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["agency", "period", "kind", "sent_on"],
                condition=~Q(kind="manual"),
                name="reviews_reminder_automatic_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.sent_on:%Y-%m-%d}"


class OpinionLetter(models.Model):
    """A review opinion (审查意见书) as sent to the agency: numbered, dated, its .docx kept.

    Kept as sent: the letter is a record, and later comments or decisions do not rewrite it.
    """

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="opinion_letters", verbose_name=_("report")
    )
    region = models.ForeignKey(
        "reports.Region",
        on_delete=models.PROTECT,
        related_name="opinion_letters",
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year of the number"))
    number = models.PositiveIntegerField(_("number"))
    letter_number = models.CharField(_("letter number"), max_length=60)
    correction_deadline = models.DateField(_("corrected version due by"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="opinions/", max_length=255)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"], name="reviews_opinionletter_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.letter_number

    def get_absolute_url(self) -> str:
        return reverse("reviews:opinion_download", args=[self.pk])


class Publication(models.Model):
    """Where and when an agency made its accepted report public (Art. 26), or why it may not.

    An exemption (the report involves state secrets) counts only once the legal office has
    confirmed it. With the publication check on, the published text is compared with the
    accepted version: `matched_share` is how much of the accepted text stands there.
    """

    class State(models.TextChoices):
        PUBLISHED = "published", _("Published")
        LATE = "late", _("Published late")
        EXEMPT = "exempt", _("Exempt (confirmed)")
        CLAIMED = "claimed", _("Exemption awaiting confirmation")
        NONE = "none", _("Not yet published")

    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, related_name="publication", verbose_name=_("report")
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    exempt = models.BooleanField(_("not published: involves state secrets"), default=False)
    exempt_reason = models.TextField(_("reason"), blank=True)
    exempt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exemption confirmed by"),
    )
    exempt_confirmed_at = models.DateTimeField(_("exemption confirmed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    matched_share = models.FloatField(_("share of the accepted text found"), null=True, blank=True)
    check_problem = models.TextField(_("why the check failed"), blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            # Published: an address and a date. Exempt: a reason, no address.
            models.CheckConstraint(
                condition=(Q(exempt=False) & ~Q(url="") & Q(published_on__isnull=False))
                | (Q(exempt=True) & ~Q(exempt_reason="") & Q(url="")),
                name="reviews_publication_published_or_exempt",
            ),
            models.CheckConstraint(
                condition=Q(exempt_confirmed_at__isnull=True) | Q(exempt=True),
                name="reviews_publication_only_exemptions_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return self.url or self.exempt_reason[:40]

    def state(self, deadline: datetime.date) -> str:
        """published, late, exempt, claimed (exemption not yet confirmed)."""
        if self.exempt:
            return self.State.EXEMPT if self.exempt_confirmed_at else self.State.CLAIMED
        if self.published_on and self.published_on > deadline:
            return self.State.LATE
        return self.State.PUBLISHED


class Rubric(models.Model):
    """The year's assessment (考评) of the reports: full marks, less each item's deduction.

    Edited in the admin, one per period. Every item is computed from what Nianbao knows; a
    reviewer may set another deduction for one agency, with a reason (AssessmentOverride).
    """

    period = models.OneToOneField(
        "reports.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="rubric",
        verbose_name=_("reporting period"),
    )
    full_marks = models.DecimalField(
        _("full marks"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("What the report counts for in the year's assessment."),
    )

    class Meta:
        ordering = ["-period__year"]
        verbose_name = _("assessment rubric")
        verbose_name_plural = _("assessment rubrics")

    def __str__(self) -> str:
        return str(self.period)


class RubricItem(models.Model):
    """One deduction of the rubric: what it is for and how many points it costs."""

    class Rule(models.TextChoices):
        NOT_SUBMITTED = "not_submitted", _("Not handed in by the deadline")
        LATE = "late", _("Handed in after the deadline")
        MISSING_PART = "missing_part", _("A required part missing (each part)")
        IN_NAME_ONLY = "in_name_only", _("A part present in name only (each part)")
        NOT_PUBLISHED = "not_published", _("Not public by the publication deadline")
        RETURNED_TWICE = "returned_twice", _("Returned more than once")
        REUSED = "reused", _("Reused text above the office's threshold")

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("rubric")
    )
    rule = models.CharField(_("item"), max_length=20, choices=Rule)
    points = models.DecimalField(
        _("points deducted"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("For the items counted per part, deducted for each part."),
    )

    class Meta:
        ordering = ["rubric", "pk"]
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "rule"], name="reviews_rubricitem_once"),
            models.CheckConstraint(
                condition=Q(
                    rule__in=[
                        "not_submitted",
                        "late",
                        "missing_part",
                        "in_name_only",
                        "not_published",
                        "returned_twice",
                        "reused",
                    ]
                ),
                name="reviews_rubricitem_rule_valid",
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="reviews_rubricitem_points"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} −{self.points.normalize()}"


class AssessmentOverride(models.Model):
    """A reviewer's own deduction for one item of one agency's assessment, with the reason.

    Kept as a record: a change is a new row, and the latest one counts; one without points
    gives the item back to what Nianbao computes.
    """

    agency = models.ForeignKey(
        "reports.Agency",
        on_delete=models.PROTECT,
        related_name="assessment_overrides",
        verbose_name=_("agency"),
    )
    period = models.ForeignKey(
        "reports.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="assessment_overrides",
        verbose_name=_("reporting period"),
    )
    rule = models.CharField(_("item"), max_length=20, choices=RubricItem.Rule)
    points = models.DecimalField(
        _("points deducted"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Empty: back to the computed deduction."),
    )
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assessment override")
        verbose_name_plural = _("assessment overrides")
        indexes = [
            models.Index(fields=["period", "agency", "-created_at"], name="reviews_override_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="reviews_override_points",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="reviews_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_rule_display()}"


class ReportFingerprint(models.Model):
    """A report version's body as the reused-text search reads it, computed once at upload.

    `data` is the parsing package's Fingerprint.to_bytes(), empty when it could not be computed
    (the upload is kept all the same; `manage.py refreshreuse` computes it again). `extras` is
    what reports.stored.check_result needs beside the stored reading to run the parsing package
    on the report again: the plans follow-up and a new fingerprint scheme read it.
    """

    report = models.OneToOneField(
        Report,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fingerprint",
        verbose_name=_("report"),
    )
    scheme = models.PositiveSmallIntegerField(_("scheme"))
    data = models.BinaryField(_("fingerprint"), null=True)
    extras = models.JSONField(_("reading extras"), default=dict)
    #: Characters of each part's body text (reports.parsing.substance.part_lengths).
    part_lengths = models.JSONField(_("part lengths"), default=dict)
    created_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("report fingerprint")
        verbose_name_plural = _("report fingerprints")

    def __str__(self) -> str:
        return str(self.report)

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class BandKey(models.Model):
    """One (report, band, key) row of the band-key index (reports/parsing/reuse/index.py).

    Indexed on key, then report: the lookup of a new report's keys reads the index alone.
    """

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="+", verbose_name=_("report")
    )
    band = models.PositiveSmallIntegerField(_("band"))
    key = models.IntegerField(_("key"))

    class Meta:
        verbose_name = _("band key")
        verbose_name_plural = _("band keys")
        indexes = [models.Index(fields=["key", "report"], name="reviews_bandkey_key")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.band}:{self.key}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.report_id])


class CommonPhrases(models.Model):
    """The phrases most stored reports use (PhraseStats), counted by `manage.py refreshreuse`.

    One row. Rebuilt from the stored fingerprints rather than counted up at each upload: the
    counters are 4 MiB, and rewriting them in every upload's transaction would queue the
    uploads of a deadline day behind one row lock and one 4 MiB write each. Common phrases
    move slowly, so a nightly count loses nothing a reviewer would notice.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    data = models.BinaryField(_("counters"))
    documents = models.PositiveIntegerField(_("reports counted"))
    built_at = models.DateTimeField(_("counted at"), default=timezone.now)

    class Meta:
        verbose_name = _("common phrases")
        verbose_name_plural = _("common phrases")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="reviews_commonphrases_one_row"),
        ]

    def __str__(self) -> str:
        return _("%(count)s reports, counted %(at)s") % {
            "count": self.documents,
            "at": timezone.localtime(self.built_at).strftime("%Y-%m-%d %H:%M"),
        }

    def get_absolute_url(self) -> str:
        return reverse("admin:reviews_commonphrases_change", args=[self.pk])


@dataclass(frozen=True)
class StoredPlan:
    """One of last year's plans as a Comparison keeps it."""

    label: str  # （一）, 一是, or "" for a plain sentence
    plan: str  # as last year's report wrote it
    start: int | None  # the passage of this report carrying it out; None: 未见落实情况
    end: int | None
    score: float


@dataclass(frozen=True)
class StoredPassage:
    """A reused passage as a ReusedSource keeps it."""

    start: int  # offsets into the later report's text
    end: int
    source_start: int  # offsets into the source's text
    source_end: int
    part: str


class Comparison(models.Model):
    """A report version compared with the reports stored before it: reused text, last year's plans.

    `share` is the part of its body that also stands in the agency's own reports of earlier
    periods or in a report of the same period of its region handed in before it (ReusedSource);
    `own_share` counts only the agency's own earlier reports, which the agency is shown too.
    `plans` lists the plans of the agency's report for the year before and, for each, the
    passage of this report that carries it out (offsets into this report's text) or none.
    """

    report = models.OneToOneField(
        Report,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comparison",
        verbose_name=_("report"),
    )
    share = models.FloatField(_("reused share"), db_index=True)
    own_share = models.FloatField(_("share reused from own earlier reports"))
    part_shares = models.JSONField(_("reused share per part"), default=dict)
    compared = models.PositiveIntegerField(_("reports compared"), default=0)
    #: Reports the agency first handed in before this moment were sources; None: before now.
    handed_in_before = models.DateTimeField(_("sources handed in before"), null=True)
    plans_from = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("plans of"),
    )
    plans = models.JSONField(_("last year's plans"), default=list)
    plans_total = models.PositiveSmallIntegerField(_("plans"), default=0)
    plans_followed = models.PositiveSmallIntegerField(_("plans followed through"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gte=0, share__lte=1, own_share__gte=0)
                & Q(own_share__lte=models.F("share")),
                name="reviews_comparison_shares_in_range",
            ),
            models.CheckConstraint(
                condition=Q(plans_followed__lte=models.F("plans_total")),
                name="reviews_comparison_followed_within_plans",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.share:.0%}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()

    def plan_list(self) -> list[StoredPlan]:
        return [
            StoredPlan(
                label=plan.get("label", ""),
                plan=plan.get("plan", ""),
                start=plan.get("passage_start"),
                end=plan.get("passage_end"),
                score=plan.get("score", 0.0),
            )
            for plan in self.plans
        ]


class ReusedSource(models.Model):
    """A stored report that a later one reuses text of, with the passages, offsets in both texts.

    `passages` holds [start, end, source_start, source_end, part] lists: the first two point
    into the later report's text, the next two into the source's.
    """

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="reused_sources", verbose_name=_("report")
    )
    source = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="reused_by", verbose_name=_("source")
    )
    same_agency = models.BooleanField(_("the agency's own earlier report"))
    share = models.FloatField(_("share of the report"))
    source_share = models.FloatField(_("share of the source"))
    passages = models.JSONField(_("passages"), default=list)

    class Meta:
        ordering = ["-share", "pk"]
        verbose_name = _("reused source")
        verbose_name_plural = _("reused sources")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "source"], name="reviews_reusedsource_once_per_source"
            ),
            models.CheckConstraint(
                condition=~Q(report=models.F("source")), name="reviews_reusedsource_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ← {self.source}: {self.share:.0%}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()

    def passage_list(self) -> list[StoredPassage]:
        return [StoredPassage(*passage) for passage in self.passages]
