"""Who reports, for which year, and what they handed in.

Integrity lives in the database (named constraints), so a bug in a form or a service cannot store
a second current version, a section outside its report's text or an agency user without an agency.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from reports.stored import REQUIRED_PART_KEYS, StoredReading

#: The share of reused text (per cent) from which a report is flagged, until an office sets its
#: own: the example the legal offices gave, "重复率 ≥ 50 %".
DEFAULT_REUSE_THRESHOLD = 50


def reaches_threshold(share: float | None, threshold: int) -> bool:
    """Whether a reused share (0 to 1) reaches a threshold in per cent.

    Compared as shares, as the database compares them (reviews.queries.reuse_flagged): the
    share of 29 % times 100 is 28.999999999999996 in floating point, below 29.
    """
    return share is not None and share >= threshold / 100


class Region(models.Model):
    """An area one legal office oversees: a county or district, a city, a province.

    Regions nest (county → city → province); a city's own departments report at the city
    level, its counties' below. `path` spells the chain of primary keys from the top
    ("/3/17/"), so "every region under this one" is one indexed prefix match.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Administrative division code.")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
        help_text=_("The region one level up: a county's city, a city's province."),
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True, default="")
    office_name = models.CharField(
        _("legal office"),
        max_length=100,
        blank=True,
        help_text=_("The office that signs review opinions, e.g. 示范县司法局."),
    )
    letter_prefix = models.CharField(
        _("letter number prefix"),
        max_length=30,
        blank=True,
        help_text=_("The start of a review opinion's number: 示司法审 gives 示司法审〔2025〕3号."),
    )
    reuse_threshold = models.PositiveSmallIntegerField(
        _("reuse threshold (%)"),
        default=DEFAULT_REUSE_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A report whose text is reused from earlier reports by this share or more is "
            "flagged on the dashboard and its review page."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(reuse_threshold__gte=1) & Q(reuse_threshold__lte=100),
                name="reports_region_reuse_threshold_range",
                violation_error_message=_("The threshold must lie between 1 and 100 per cent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        old_path = self.path
        super().save(*args, **kwargs)
        above = (
            Region.objects.filter(pk=self.parent_id).values_list("path", flat=True).first()
            if self.parent_id
            else None
        )
        path = f"{above or '/'}{self.pk}/"
        if path == self.path:
            return
        self.path = path
        Region.objects.filter(pk=self.pk).update(path=path)
        if old_path:
            # Moved under another parent: every region below moves with it.
            for below in Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                Region.objects.filter(pk=below.pk).update(path=path + below.path[len(old_path) :])

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A region cannot belong to itself.")})
            ancestor = ancestor.parent

    def with_descendants(self) -> models.QuerySet[Region]:
        return Region.objects.filter(path__startswith=self.path)

    @property
    def office(self) -> str:
        """Who signs the region's review opinions."""
        return self.office_name or f"{self.name}司法局"

    def flags_reuse(self, share: float | None) -> bool:
        """Whether a reused share (0 to 1) reaches the office's threshold.

        The dashboard asks the database the same (reviews.queries.reuse_flagged).
        """
        return reaches_threshold(share, self.reuse_threshold)


class Agency(models.Model):
    """A body that must report: a county department, a township or a development zone."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        TOWNSHIP = "township", _("Township or subdistrict")
        DEVELOPMENT_ZONE = "zone", _("Development zone")
        GOVERNMENT = "government", _("People's government (county or city)")
        PROVINCE = "province", _("Provincial people's government")
        MODEL_AREA = "model", _("Model area (法治政府建设示范地区)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    #: The name in pinyin (gu zhang xian …): lists sort on this, as a reader expects.
    sort_key = models.CharField(
        _("sort key"), max_length=400, editable=False, db_index=True, default=""
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DEPARTMENT)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("region")
    )
    is_active = models.BooleanField(
        _("must report"),
        default=True,
        help_text=_("Only active agencies are expected to hand in a report."),
    )
    superior_department = models.CharField(
        _("department above"),
        max_length=100,
        blank=True,
        help_text=_(
            "The department one level up that a department also reports to, e.g. 岳阳市司法局."
        ),
    )

    class Meta:
        ordering = ["region", "sort_key", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "department",
                        "township",
                        "zone",
                        "government",
                        "province",
                        "model",
                        "other",
                    ]
                ),
                name="reports_agency_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.sort_key = pinyin_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def all_names(self) -> list[str]:
        return [self.name, *(alias.name for alias in self.aliases.all())]


def pinyin_key(name: str) -> str:
    """How a name sorts: its pinyin, syllable by syllable (岳阳县 → yue yang xian)."""
    # Imported here: its dictionaries take some 56 MiB, which every process would carry from
    # start-up (a web worker, checkreport beside its reading child) though few name an agency.
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(name)).lower()[:400]


class AgencyAlias(models.Model):
    """Another name the agency goes by in its reports (岳阳县科学技术局 / 岳阳县科技局)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("agency")
    )
    name = models.CharField(_("alias"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    AGENCY = "agency", _("Agency staff")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Administrator")


class NianbaoUserManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def]
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: agency staff of one agency, a reviewer of regions, or an admin."""

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.AGENCY)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
        help_text=_("Required for agency staff; empty for everyone else."),
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="reviewers",
        verbose_name=_("regions reviewed"),
        help_text=_("The regions whose reports a reviewer sees."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("Shown to the legal office as a contact."),
    )
    invited_at = models.DateTimeField(
        _("invited at"),
        null=True,
        blank=True,
        help_text=_("When the user was last sent a link to set their password."),
    )
    email_notices = models.BooleanField(
        _("notices by e-mail"),
        default=True,
        help_text=_("Also send notices (returned reports, replies, reminders) by e-mail."),
    )

    objects = NianbaoUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["agency", "reviewer", "admin"]),
                name="reports_user_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            models.CheckConstraint(
                condition=(Q(role="agency") & Q(agency__isnull=False))
                | (~Q(role="agency") & Q(agency__isnull=True)),
                name="reports_user_agency_only_for_agency_staff",
                violation_error_message=_(
                    "Agency staff must belong to an agency, and only agency staff may."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role="admin") | Q(is_staff=True),
                name="reports_user_admin_is_staff",
                violation_error_message=_("Administrators must have staff status."),
            ),
        ]


def default_submission_deadline(year: int) -> datetime.date:
    """Departments report on year N before 1 March of N+1 (厅字〔2019〕28号, Art. 26)."""
    return datetime.date(year + 1, 3, 1)


def default_publication_deadline(year: int) -> datetime.date:
    """Reports are made public before 1 April of N+1."""
    return datetime.date(year + 1, 4, 1)


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def open(self) -> ReportingPeriodQuerySet:
        return self.filter(is_open=True)


class ReportingPeriod(models.Model):
    """The reports on year N, due by the submission deadline of N+1."""

    year = models.PositiveSmallIntegerField(_("year reported on"), unique=True)
    submission_deadline = models.DateField(
        _("submission deadline"), blank=True, help_text=_("Defaults to 1 March of the next year.")
    )
    publication_deadline = models.DateField(
        _("publication deadline"), blank=True, help_text=_("Defaults to 1 April of the next year.")
    )
    is_open = models.BooleanField(
        _("open for submissions"),
        default=True,
        help_text=_("Agencies can upload reports only while the period is open."),
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="reports_reportingperiod_year_plausible",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(publication_deadline__gte=models.F("submission_deadline")),
                name="reports_reportingperiod_publication_after_submission",
                violation_error_message=_(
                    "The publication deadline cannot come before the submission deadline."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s annual reports") % {"year": self.year}

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.submission_deadline is None:
            self.submission_deadline = default_submission_deadline(self.year)
        if self.publication_deadline is None:
            self.publication_deadline = default_publication_deadline(self.year)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Fill the defaults before constraint validation sees empty dates.
        if self.year and self.submission_deadline is None:
            self.submission_deadline = default_submission_deadline(self.year)
        if self.year and self.publication_deadline is None:
            self.publication_deadline = default_publication_deadline(self.year)

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the submission deadline; negative once it has passed."""
        today = today or timezone.localdate()
        return (self.submission_deadline - today).days

    def deadline_passed(self) -> bool:
        """Whether today (Beijing time) is after the submission deadline; the day itself is not."""
        return timezone.localdate() > self.submission_deadline

    def is_late(self, moment: datetime.datetime) -> bool:
        return timezone.localtime(moment).date() > self.submission_deadline


#: Who reports by another day than the period's own deadline, when the period does not say.
#: Provinces report before 1 April (Art. 26); model areas are asked for theirs by the end of
#: January, ahead of the year's assessment.
KIND_DEADLINES: dict[str, tuple[int, int]] = {
    Agency.Kind.PROVINCE: (4, 1),
    Agency.Kind.MODEL_AREA: (1, 31),
}


class PeriodDeadline(models.Model):
    """The submission deadline of one kind of agency for one period, where it is not the
    period's own (departments, townships and zones report by that one)."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="kind_deadlines",
        verbose_name=_("reporting period"),
    )
    kind = models.CharField(_("kind of agency"), max_length=20, choices=Agency.Kind)
    submission_deadline = models.DateField(_("submission deadline"))

    class Meta:
        ordering = ["period", "kind"]
        verbose_name = _("deadline by kind of agency")
        verbose_name_plural = _("deadlines by kind of agency")
        constraints = [
            models.UniqueConstraint(fields=["period", "kind"], name="reports_perioddeadline_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_kind_display()}"


def kind_deadlines(period: ReportingPeriod) -> dict[str, datetime.date]:
    """The deadline of every kind of agency for the period, in one query: the period's rule for
    a kind where it has one, else the usual deadline of that kind."""
    usual = {
        kind: datetime.date(period.year + 1, *KIND_DEADLINES[kind])
        if kind in KIND_DEADLINES
        else period.submission_deadline
        for kind in Agency.Kind.values
    }
    rows = PeriodDeadline.objects.filter(period=period).values_list("kind", "submission_deadline")
    return {**usual, **dict(rows)}


def kind_deadline(period: ReportingPeriod, kind: str) -> datetime.date:
    """The deadline of one kind of agency for the period."""
    return kind_deadlines(period)[kind]


class DeadlineExtension(models.Model):
    """A later submission deadline granted to one agency for one period (延期).

    Kept as a record: a new extension is a new row, and the latest one counts.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("agency")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="extensions",
        verbose_name=_("reporting period"),
    )
    until = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        "reports.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="reports_deadlineextension_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.until:%Y-%m-%d}"


def submission_deadline(agency: Agency, period: ReportingPeriod) -> datetime.date:
    """The day by which this agency must hand in this period's report: its extension, else
    the deadline of its kind of agency."""
    extension = (
        DeadlineExtension.objects.filter(agency=agency, period=period)
        .values_list("until", flat=True)
        .first()
    )
    return extension or kind_deadline(period, agency.kind)


class ReportQuerySet(models.QuerySet["Report"]):
    def current(self) -> ReportQuerySet:
        return self.filter(is_current=True)


#: The figures of the report's reuse comparison (reviews.Comparison) that the dashboard counts,
#: copied onto the report when the comparison is stored, so that the index below holds them.
COMPARISON_FIGURES = ("reuse_share", "plans_total", "plans_followed")

#: The columns of a report the dashboard shows, filters and sorts on.
DASHBOARD_COLUMNS = [
    "id",
    "status",
    "version",
    "submitted_at",
    "first_submitted_at",
    "verdict",
    "order_ok",
    "error_count",
    "warning_count",
    "info_count",
    "agency_mismatch",
    "parts_in_name_only",
    "part_places",
    *(f"{key}_status" for key in REQUIRED_PART_KEYS),
    *COMPARISON_FIGURES,
]


class Report(models.Model):
    """One version of one agency's report for one period. A resubmission is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    #: Handed in and waiting for the legal office's decision.
    AWAITING_REVIEW = (Status.SUBMITTED, Status.IN_REVIEW)
    #: Handed in and not returned: the agency may not replace it with a new upload.
    LOCKED = (*AWAITING_REVIEW, Status.ACCEPTED)

    class Verdict(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        PARTIAL = "partial", _("Partial")
        INCOMPLETE = "incomplete", _("Incomplete")

    class PartStatus(models.TextChoices):
        PRESENT = "present", _("Present")
        EMBEDDED = "embedded", _("Embedded")
        MISSING = "missing", _("Missing")

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        DOC = "doc", "Word 97-2003 (.doc)"
        WPS = "wps", "WPS (.wps)"
        ODT = "odt", "OpenDocument (.odt)"
        PDF = "pdf", "PDF"
        TXT = "txt", _("Plain text (.txt)")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="reports", verbose_name=_("agency")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )

    file = models.FileField(_("file"), upload_to="reports/", max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)

    text = models.TextField(_("normalised text"), blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    result = models.JSONField(_("checker result"), default=dict, blank=True)
    #: Where each page of a long text begins (reports/stored.py); [0] for most reports.
    page_starts = models.JSONField(_("page starts"), default=list, blank=True, editable=False)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict, db_index=True)
    measures_status = models.CharField(_("measures"), max_length=10, choices=PartStatus)
    shortcomings_status = models.CharField(_("shortcomings"), max_length=10, choices=PartStatus)
    leadership_status = models.CharField(_("leadership"), max_length=10, choices=PartStatus)
    plans_status = models.CharField(_("plans"), max_length=10, choices=PartStatus)
    order_ok = models.BooleanField(_("prescribed order kept"), default=True)
    error_count = models.PositiveSmallIntegerField(_("errors"), default=0)
    warning_count = models.PositiveSmallIntegerField(_("warnings"), default=0)
    info_count = models.PositiveSmallIntegerField(_("notes"), default=0)
    agency_mismatch = models.BooleanField(
        _("names another agency"),
        default=False,
        help_text=_("The report's title, header or signature names an agency other than its own."),
    )
    #: Where each embedded part was found (一（二）, "closing paragraph"): the lists show it
    #: without reading the whole stored reading.
    part_places = models.JSONField(_("where the embedded parts stand"), default=dict, blank=True)
    parts_in_name_only = models.PositiveSmallIntegerField(
        _("parts in name only"),
        default=0,
        help_text=_("Required parts whose heading is there but whose content says little."),
    )
    # COMPARISON_FIGURES: what reviews.reuse stored in the report's comparison, None and 0
    # while it has none. Written only with the comparison itself.
    reuse_share = models.FloatField(_("reused share"), null=True, blank=True, editable=False)
    plans_total = models.PositiveSmallIntegerField(
        _("last year's plans"), default=0, editable=False
    )
    plans_followed = models.PositiveSmallIntegerField(
        _("plans followed through"), default=0, editable=False
    )

    uploaded_by = models.ForeignKey(
        "reports.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        "reports.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submission_note = models.TextField(
        _("note to the legal office"),
        blank=True,
        help_text=_("What the agency says about this version when it hands it in."),
    )
    #: Whom the agency sent this version to (主送) and copied (抄送), as it said when handing in.
    reported_to = models.JSONField(_("reported to"), default=list, blank=True)
    copied_to = models.JSONField(_("copied to"), default=list, blank=True)
    #: The version the legal office has: the latest handed in. Kept by submit_report so that
    #: the dashboard joins one row per agency instead of looking each one up.
    is_latest_handed_in = models.BooleanField(_("latest handed in"), default=False, editable=False)
    #: When the agency first handed in a version for this period: punctuality is the first
    #: hand-in's, and each version carries it.
    first_submitted_at = models.DateTimeField(
        _("first handed in at"), null=True, blank=True, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "period", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            # A period's comments and decisions, grouped by agency for the export, join on it
            # without reading the wide report rows (the keys are all that join needs).
            models.Index(fields=["period", "agency", "id"], name="reports_report_period_agency"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period"],
                condition=Q(is_current=True),
                name="reports_report_one_current_version",
                violation_error_message=_(
                    "This agency already has a current report for this period."
                ),
            ),
            models.UniqueConstraint(
                fields=["agency", "period", "version"],
                name="reports_report_version_unique",
            ),
            # Also the dashboard's index: PostgreSQL answers its join on the latest version
            # handed in from the index alone, without reading the wide report rows.
            models.UniqueConstraint(
                fields=["period", "agency"],
                condition=Q(is_latest_handed_in=True),
                include=DASHBOARD_COLUMNS,
                name="reports_report_one_latest_handed_in",
            ),
            models.CheckConstraint(
                condition=Q(is_latest_handed_in=False) | ~Q(status="draft"),
                name="reports_report_latest_handed_in_not_draft",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="reports_report_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "in_review", "returned", "accepted"]),
                name="reports_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["complete", "partial", "incomplete"]),
                name="reports_report_verdict_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & Q(submitted_by__isnull=False)),
                name="reports_report_submitted_has_who_and_when",
            ),
            # Only a report the legal office returned is ever followed by a new version.
            models.CheckConstraint(
                condition=Q(is_current=True) | Q(status="returned"),
                name="reports_report_superseded_only_when_returned",
            ),
        ]

    def __str__(self) -> str:
        return _("%(agency)s, %(year)s, version %(version)s") % {
            "agency": self.agency,
            "year": self.period.year,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def awaits_decision(self) -> bool:
        """The current version, handed in, not yet accepted or returned."""
        return self.is_current and self.status in self.AWAITING_REVIEW

    @property
    def is_submittable(self) -> bool:
        """The current draft of an open period: what an agency can hand in now."""
        return self.status == self.Status.DRAFT and self.is_current and self.period.is_open

    @cached_property
    def deadline(self) -> datetime.date:
        return submission_deadline(self.agency, self.period)

    @property
    def is_late(self) -> bool:
        return (
            self.submitted_at is not None
            and timezone.localtime(self.submitted_at).date() > self.deadline
        )

    @cached_property
    def reading(self) -> StoredReading:
        """The checker's reading as stored (reports/stored.py)."""
        return StoredReading.from_json(self.result)

    def part_statuses(self) -> dict[str, str]:
        return {key: getattr(self, f"{key}_status") for key in REQUIRED_PART_KEYS}

    def part_marks(self) -> list[tuple[str, str, str]]:
        """(key, short label, status) of the four parts, in the prescribed order."""
        return [
            (key, str(Section.Part(key).label), status)
            for key, status in self.part_statuses().items()
        ]


class Section(models.Model):
    """A heading of the report and the text it governs, as the checker read it."""

    class Part(models.TextChoices):
        MEASURES = "measures", _("Measures and results")
        SHORTCOMINGS = "shortcomings", _("Shortcomings and causes")
        LEADERSHIP = "leadership", _("Principal leaders' duty")
        PLANS = "plans", _("Next year's plans")
        OTHER = "other", _("Other matters")
        NONE = "", _("None")

    class Evidence(models.TextChoices):
        HEADING = "heading", _("Heading")
        CONTENT = "content", _("Content")
        NONE = "", _("None")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    order = models.PositiveIntegerField(_("order"))
    level = models.PositiveSmallIntegerField(_("level"))
    number = models.CharField(_("number"), max_length=20)
    heading = models.CharField(_("heading"), max_length=500)
    part = models.CharField(_("part"), max_length=20, choices=Part, blank=True, default="")
    evidence = models.CharField(
        _("evidence"), max_length=10, choices=Evidence, blank=True, default=""
    )
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "order"], name="reports_section_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")), name="reports_section_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="reports_section_level_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    part__in=["measures", "shortcomings", "leadership", "plans", "other", ""]
                ),
                name="reports_section_part_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.report.get_absolute_url()}#section-{self.order}"

    @property
    def label(self) -> str:
        """How the number reads in the text: 一、 for a top-level section, （一） below."""
        if self.level == 1 and not self.number.startswith("#"):
            return f"{self.number}、"
        return self.number
