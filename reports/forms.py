"""Forms on the agencies' side. Reading the file is the service's job; the form only guards the door."""

from __future__ import annotations

import logging
from pathlib import PurePath

from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from reports import imports, services
from reports.models import Agency, Report, ReportingPeriod, User
from reports.parsing import ReadError, strip_unstorable
from reports.parsing.extract import ACCEPTED, MAX_FILE_SIZE
from reports.recipients import Recipients, parse_lines, suggested_recipients
from reports.storage import StorageUnavailable

logger = logging.getLogger(__name__)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Report file"),
        help_text=format_lazy(
            _(
                "Word (.docx), PDF with a text layer, or plain text (.txt); .doc, .wps and .odt "
                "are converted where possible. At most {limit}."
            ),
            limit=filesizeformat(MAX_FILE_SIZE),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={
            "required": _("Please choose the report file."),
            "empty": _("The file is empty. Please check that you chose the right file."),
        },
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        #: Set when the server, not the file, was at fault: the page answers 503.
        self.unavailable = False

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(
                _(
                    "This type of file is not accepted. Please upload .docx, .pdf, .txt, .doc, .wps "
                    "or .odt."
                ),
                code="file_type",
            )
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(self.too_large_message(upload.size), code="file_size")
        return upload

    @staticmethod
    def too_large_message(size: int) -> str:
        return _("The file is %(size)s; at most %(limit)s is accepted.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(MAX_FILE_SIZE),
        }

    @staticmethod
    def body_too_large(request) -> bool:  # type: ignore[no-untyped-def]
        """The request announces more than a report and its form could need."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > MAX_FILE_SIZE + 64 * 1024

    def save(self, *, agency: Agency, period: ReportingPeriod, user: User) -> Report | None:
        """Store the upload through the service; on refusal, the reason becomes the field's error."""
        file = self.cleaned_data["file"]
        try:
            return services.upload_report(
                agency=agency, period=period, user=user, filename=file.name, data=file.read()
            )
        except ReadError as error:
            if error.code == "unreadable":
                logger.warning("Unreadable upload %r", file.name, exc_info=error.__cause__)
            self.unavailable = error.code == "unavailable"
            self.add_error("file", error.message)
        except services.UploadRefused as refusal:
            self.add_error("file", refusal.message)
        except StorageUnavailable as failure:
            self.unavailable = True
            self.add_error("file", failure.message)
        return None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("The reply is empty.")},
    )


class AgencyImportForm(forms.Form):
    """The agency list to import; a file that cannot be read at all is refused here."""

    file = forms.FileField(
        label=_("Agency list"),
        help_text=_("CSV (.csv) or Excel (.xlsx); at most 5 MB and 20,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(imports.ACCEPTED)}),
        error_messages={
            "required": _("Please choose the file."),
            "empty": _("The file is empty."),
        },
    )
    update_existing = forms.BooleanField(
        label=_("Update agencies that already exist"),
        required=False,
        help_text=_(
            "Their region and type are taken from the file and its aliases are added. Without "
            "this, a row naming an agency that already exists is an error."
        ),
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.data_bytes = b""
        self.sheet: imports.ReadSheet | None = None

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s is accepted.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(imports.MAX_FILE_SIZE),
                },
                code="file_size",
            )
        data = upload.read()
        try:
            self.sheet = imports.read_rows(data, upload.name)
        except imports.ImportFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from error
        self.data_bytes = data
        return upload


class AccountForm(forms.ModelForm):
    """What a user keeps up to date about themselves: how to reach them, whether to e-mail."""

    class Meta:
        model = User
        fields = ["email", "phone", "email_notices"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


_NO_RECIPIENT = _("Name at least one body the report goes to.")


class SubmitForm(forms.Form):
    """The last step before handing in: a note to the legal office, and any confirmation due."""

    note = forms.CharField(
        label=_("Note to the legal office (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a revised version, say briefly what you changed."),
    )
    reported_to = forms.CharField(
        label=_("Reported to (主送)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Filled in from the rules or from your last report."),
        error_messages={"required": _NO_RECIPIENT},
    )
    copied_to = forms.CharField(
        label=_("Copy to (抄送)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agency_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, report: Report, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        suggested = suggested_recipients(report.agency)
        self.fields["reported_to"].initial = "\n".join(suggested.reported_to)
        self.fields["copied_to"].initial = "\n".join(suggested.copied_to)
        if report.agency_mismatch:
            field = self.fields["agency_confirmed"]
            field.required = True
            field.label = _("I confirm this is the report of %(agency)s") % {
                "agency": report.agency.name
            }
            field.error_messages["required"] = _(
                "This report names %(named)s. Confirm that it is yours, or upload the right file."
            ) % {"named": report.reading.named_agency}
        else:
            del self.fields["agency_confirmed"]

    def clean_reported_to(self) -> tuple[str, ...]:
        return _recipient_names(self.cleaned_data["reported_to"], required=True)

    def clean_copied_to(self) -> tuple[str, ...]:
        return _recipient_names(self.cleaned_data["copied_to"], required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        data.setdefault("agency_confirmed", False)
        return data

    @property
    def recipients(self) -> Recipients:
        return Recipients(self.cleaned_data["reported_to"], self.cleaned_data["copied_to"])


_MOST_RECIPIENTS = 20
_RECIPIENT_CHARS = 100


def _recipient_names(text: str, *, required: bool) -> tuple[str, ...]:
    names = parse_lines(strip_unstorable(text))
    if required and not names:
        raise forms.ValidationError(_NO_RECIPIENT)
    if len(names) > _MOST_RECIPIENTS:
        raise forms.ValidationError(
            _("At most %(count)s recipients, one per line.") % {"count": _MOST_RECIPIENTS}
        )
    if any(len(name) > _RECIPIENT_CHARS for name in names):
        raise forms.ValidationError(
            _("A recipient's name has at most %(count)s characters; put one per line.")
            % {"count": _RECIPIENT_CHARS}
        )
    return names


class PublicationForm(forms.Form):
    """Where the accepted report was published, or why it may not be."""

    PUBLISHED, EXEMPT = "published", "exempt"
    how = forms.ChoiceField(
        label=_("Publication"),
        choices=[
            (PUBLISHED, _("Published")),
            (EXEMPT, _("Not published: the report involves state secrets")),
        ],
        widget=forms.RadioSelect,
        initial=PUBLISHED,
    )
    url = forms.URLField(
        label=_("Web address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the public reads it: the government website or the press."),
    )
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason it is not published"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("how") == self.EXEMPT:
            if not (data.get("reason") or "").strip():
                self.add_error(
                    "reason", _("Please give the reason the report may not be published.")
                )
        else:
            if not data.get("url"):
                self.add_error("url", _("Please give the web address."))
            if not data.get("published_on"):
                self.add_error("published_on", _("Please give the date of publication."))
        return data
