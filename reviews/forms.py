"""Forms of the legal office's pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reports.markup import joined, markup
from reports.models import Agency, Region, Report, Section
from reports.stored import REQUIRED_PART_KEYS
from reviews.models import Publication
from reviews.reuse.queries import has_plan_follow_up

PART_CHOICES = [(key, Section.Part(key).label) for key in REQUIRED_PART_KEYS]

SORT_CHOICES = [
    ("agency", _("Agency")),
    ("region", _("Region")),
    ("status", _("Status")),
    ("version", _("Version")),
    ("submitted_at", _("Submitted at")),
    ("on_time", _("On time")),
    *PART_CHOICES,
    ("verdict", _("Structure")),
    ("order_ok", _("Order")),
    ("findings", _("Findings")),
    ("open_comments", _("Open comments")),
    ("last_decision", _("Last decision")),
    ("reuse", _("Reused text")),
]


SELECTED = SafeString(" selected")


class PlainSelect(forms.Select):
    """A flat <select> written in one pass: Django's widget templates cost ~0.15 ms an option,
    and the dashboard draws five selects on every page (135 regions for a province)."""

    def render(self, name, value, attrs=None, renderer=None):  # type: ignore[no-untyped-def]
        chosen = {str(item) for item in self.format_value(value)}
        options = joined(
            [
                markup(
                    '<option value="{}"{}>{}</option>',
                    option,
                    SELECTED if str(option) in chosen else "",
                    label,
                )
                for option, label in self.choices
            ]
        )
        return markup(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class DashboardFilterForm(forms.Form):
    """The dashboard's filters, read from the query string so that a link keeps them."""

    q = forms.CharField(label=_("Agency name"), required=False, max_length=50)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("none", _("Not submitted")), *Report.Status.choices[1:]],
        widget=PlainSelect,
    )
    verdict = forms.ChoiceField(
        label=_("Structure"),
        required=False,
        choices=[("", _("Any structure")), *Report.Verdict.choices],
        widget=PlainSelect,
    )
    part = forms.ChoiceField(
        label=_("Part"),
        required=False,
        choices=[
            ("", _("Any part")),
            # Lazy all the way: the labels are made once, at import, and read in each request's
            # language.
            *[
                (f"{key}:missing", format_lazy(_("{part} missing"), part=label))
                for key, label in PART_CHOICES
            ],
            *[
                (f"{key}:embedded", format_lazy(_("{part} only embedded"), part=label))
                for key, label in PART_CHOICES
            ],
        ],
        widget=PlainSelect,
    )
    publication = forms.ChoiceField(
        label=_("Publication"),
        required=False,
        choices=[("", _("Any publication")), *Publication.State.choices],
        widget=PlainSelect,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    open_comments = forms.BooleanField(label=_("With open comments"), required=False)
    agency_mismatch = forms.BooleanField(label=_("Naming another agency"), required=False)
    reused = forms.BooleanField(label=_("Reused text at the threshold or above"), required=False)
    sort = forms.ChoiceField(
        required=False,
        choices=[*SORT_CHOICES, *[(f"-{key}", label) for key, label in SORT_CHOICES]],
    )

    def __init__(self, *args, regions: QuerySet[Region], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        #: The user's regions, read once: the choices are written from this list, and the
        #: queryset is asked again only to check a chosen code.
        self.regions = list(regions)
        self.fields["region"].queryset = regions
        self.fields["region"].widget.choices = [
            ("", _("All regions")),
            *((region.code, str(region)) for region in self.regions),
        ]
        for name in ("region", "status", "verdict", "part", "publication"):
            self.fields[name].widget.attrs["class"] = "form-select"
        thresholds = {region.reuse_threshold for region in self.regions}
        if len(thresholds) == 1:
            # One office, one threshold: say it ("重复率 ≥ 50%").
            self.fields["reused"].label = _("Reused text ≥ %(threshold)s%%") % {
                "threshold": thresholds.pop()
            }


class CommentForm(forms.Form):
    """A remark on the report, on one of its sections, or on a span selected in the text."""

    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("The comment is empty.")},
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, report: Report, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = report.sections.order_by("order")
        self.fields["section"].empty_label = _("The report as a whole")
        self.fields["section"].label_from_instance = lambda s: f"{s.label}{s.heading}"[:60]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None) or (start is not None and start >= end):
            raise forms.ValidationError(
                _("The selected text could not be located; please select it again.")
            )
        return data

    @property
    def span(self) -> tuple[int, int] | None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return (start, end) if start is not None and end is not None else None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
        label=_("Outcome"),
    )
    message = forms.CharField(
        label=_("Message to the agency"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Required when returning the report: say what to revise."),
    )

    resolve_open = forms.BooleanField(required=False)

    def __init__(self, *args, open_comments=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.open_comments = list(open_comments)
        if self.open_comments:
            self.fields["resolve_open"].label = ngettext(
                "Accept and mark the %(count)s open comment as resolved",
                "Accept and mark the %(count)s open comments as resolved",
                len(self.open_comments),
            ) % {"count": len(self.open_comments)}
        else:
            del self.fields["resolve_open"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("message") or "").strip():
            self.add_error("message", _("Please tell the agency what to revise."))
        if data.get("decision") == "accept" and self.open_comments and not data.get("resolve_open"):
            self.add_error(
                "resolve_open",
                ngettext(
                    "%(count)s comment is still open. Tick the box to resolve it and accept, "
                    "or return the report instead.",
                    "%(count)s comments are still open. Tick the box to resolve them and accept, "
                    "or return the report instead.",
                    len(self.open_comments),
                )
                % {"count": len(self.open_comments)},
            )
        return data


class ReminderForm(forms.Form):
    """The agencies to remind and the reviewer's own words to add to the standard reminder."""

    agency = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("One of the chosen agencies has handed in meanwhile.")},
    )
    everyone = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Added to the reminder (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, pending: QuerySet[Agency], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.pending = pending
        self.fields["agency"].queryset = pending

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("everyone") and not data.get("agency"):
            raise forms.ValidationError(_("Choose at least one agency to remind."))
        return data

    def chosen(self) -> list[Agency]:
        if self.cleaned_data.get("everyone"):
            return list(self.pending)
        return list(self.cleaned_data["agency"])


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give the reason for the extension.")},
    )

    def __init__(self, *args, deadline: datetime.date, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def clean_until(self):  # type: ignore[no-untyped-def]
        until = self.cleaned_data["until"]
        if until <= self.deadline:
            raise forms.ValidationError(
                _("The new deadline must come after the current one (%(date)s).")
                % {"date": self.deadline.isoformat()}
            )
        return until


class OpinionForm(forms.Form):
    """Sending the review opinion: when a returned report's corrected version is due."""

    correction_deadline = forms.DateField(
        label=_("Corrected version due by"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    include_plans = forms.BooleanField(
        label=_("Include last year's plans and how this report carries them out"),
        required=False,
    )

    def __init__(self, *args, report: Report, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.report = report
        if not has_plan_follow_up(report):
            del self.fields["include_plans"]
        if report.status == Report.Status.RETURNED:
            field = self.fields["correction_deadline"]
            field.required = True
            field.initial = timezone.localdate() + datetime.timedelta(days=OPINION_DAYS)
            field.error_messages["required"] = _(
                "Give the date by which the corrected report is due."
            )
        else:
            del self.fields["correction_deadline"]

    def clean_correction_deadline(self):  # type: ignore[no-untyped-def]
        due = self.cleaned_data["correction_deadline"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("The date lies in the past."))
        return due


#: How many days an agency usually gets to send a corrected report.
OPINION_DAYS = 7


class OverrideForm(forms.Form):
    """A reviewer's own deduction for one item of an agency's assessment."""

    rule = forms.ChoiceField(label=_("Item"))
    points = forms.DecimalField(
        label=_("Points deducted"),
        required=False,
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Leave empty to go back to the computed deduction."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please give the reason for changing the deduction.")},
    )

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = items
