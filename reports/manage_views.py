"""Running the year: the administrators' pages outside the Django admin.

The agency import is upload → preview → confirm. Between preview and confirm the uploaded bytes
wait in MEDIA_ROOT/imports/<uuid>, and only the session knows the uuid: nothing the browser sends
names a file. Confirming reads and checks the file again, so the preview cannot go stale silently.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access, importing, imports, invitations
from reports.forms import AgencyImportForm
from reports.models import Region, Role, User
from reports.storage import StorageUnavailable, delete_file, open_file, save_file

logger = logging.getLogger(__name__)

SESSION_KEY = "agency_import"
INVITE_KEY = "agency_import_new_users"
STORE_DIR = "imports"
#: Files of previews nobody confirmed or cancelled are removed after this long.
STALE_AFTER = datetime.timedelta(days=1)
#: Rows rendered in the preview; rows with errors come first in the choice of what to show.
PREVIEW_LIMIT = 1000


@login_required
def import_agencies(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    form = AgencyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard_pending(request)
        _remove_stale_files()
        token = uuid.uuid4().hex
        try:
            save_file(_stored_name(token), ContentFile(form.data_bytes))
        except StorageUnavailable as failure:
            form.add_error("file", failure.message)
        else:
            request.session[SESSION_KEY] = {
                "token": token,
                "filename": form.cleaned_data["file"].name,
                "update_existing": form.cleaned_data["update_existing"],
            }
            return redirect("manage:import_preview")
    context = {
        "form": form,
        "to_invite": len(request.session.get(INVITE_KEY, [])),
        "headers": imports.HEADERS,
        "regions": Region.objects.all(),
        "max_rows": imports.MAX_ROWS,
    }
    return render(request, "reports/import_agencies.html", context)


@login_required
def import_preview(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Please choose the file to import."))
        return redirect("manage:import_agencies")
    info, sheet = pending
    results = imports.validate(sheet.rows, update_existing=info["update_existing"])
    good = sum(result.ok for result in results)
    shown = [result for result in results if not result.ok][:PREVIEW_LIMIT]
    shown += [result for result in results if result.ok][: PREVIEW_LIMIT - len(shown)]
    shown.sort(key=lambda result: result.row.number)
    context = {
        "filename": info["filename"],
        "token": info["token"],
        "update_existing": info["update_existing"],
        "ignored_columns": sheet.ignored_columns,
        "results": shown,
        "total": len(results),
        "good": good,
        "bad": len(results) - good,
        "users": sum(result.creates_user for result in results if result.ok),
    }
    return render(request, "reports/import_preview.html", context)


@require_POST
@login_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    pending = _pending(request, token=request.POST.get("token", ""))
    if pending is None:
        messages.error(
            request, _("This preview is no longer available. Please choose the file again.")
        )
        return redirect("manage:import_agencies")
    info, sheet = pending
    only_valid = request.POST.get("mode") == "valid"
    # The administrator agreed to import so many good rows; if that changed since, show it again.
    results = imports.validate(sheet.rows, update_existing=info["update_existing"])
    if request.POST.get("expected") != str(sum(result.ok for result in results)):
        messages.warning(
            request, _("The data changed since the preview. Please check the rows again.")
        )
        return redirect("manage:import_preview")
    try:
        summary = importing.import_agencies(
            rows=sheet.rows,
            only_valid=only_valid,
            user=request.user,
            update_existing=info["update_existing"],
        )
    except importing.ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("manage:import_preview")
    _discard_pending(request)
    _report_summary(request, summary)
    if summary.new_usernames:
        request.session[INVITE_KEY] = summary.new_usernames
    return redirect("manage:import_agencies")


@require_POST
@login_required
def import_invite(request: HttpRequest) -> HttpResponse:
    """Send the users the last import created a link to set their own password."""
    access.require_admin(request.user)
    usernames = request.session.pop(INVITE_KEY, [])
    invited = invitations.invite(User.objects.filter(username__in=usernames, role=Role.AGENCY))
    report_invitations(request, invited)
    return redirect("manage:import_agencies")


def report_invitations(request: HttpRequest, invited: invitations.Invited) -> None:
    """Tell the administrator who was invited, and who could not be (no e-mail address)."""
    if invited.failed:
        messages.error(request, _("The mail server could not be reached; no invitation was sent."))
        return
    messages.success(
        request,
        _("Invitations to set a password were sent to %(count)s users.")
        % {"count": len(invited.sent)},
    )
    if invited.without_email:
        messages.warning(
            request,
            _("These users have no e-mail address, so no invitation could be sent: %(names)s.")
            % {"names": "、".join(user.username for user in invited.without_email)},
        )


@require_POST
@login_required
def import_cancel(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    _discard_pending(request)
    return redirect("manage:import_agencies")


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the header row and one example row, with a BOM so Excel reads it as UTF-8."""
    access.require_admin(request.user)
    region = Region.objects.first()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(imports.HEADERS[key] for key in _TEMPLATE_COLUMNS)
    writer.writerow(
        [
            "示例县司法局",
            region.code if region else "100001",
            "部门",
            "示例县司法行政局、县司法局",
            "sifaju",
            "张三",
            "sifaju@example.gov.cn",
        ]
    )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="agency-import-template.csv"'
    return response


_TEMPLATE_COLUMNS = [
    imports.NAME,
    imports.REGION_CODE,
    imports.KIND,
    imports.ALIASES,
    imports.USERNAME,
    imports.FULL_NAME,
    imports.EMAIL,
]


def _report_summary(request: HttpRequest, summary: importing.ImportSummary) -> None:
    messages.success(
        request,
        _(
            "Imported: %(created)s new agencies, %(updated)s updated, %(aliases)s aliases, "
            "%(users)s new users."
        )
        % {
            "created": summary.agencies_created,
            "updated": summary.agencies_updated,
            "aliases": summary.aliases_created,
            "users": summary.users_created,
        },
    )
    if summary.skipped_rows:
        rows = "、".join(map(str, summary.skipped_rows))
        messages.warning(request, _("Rows skipped: %(rows)s.") % {"rows": rows})
    if summary.users_created:
        messages.info(
            request,
            _(
                "The new users have no password yet: send them the invitation below, and they "
                "choose their own."
            ),
        )


def _stored_name(token: str) -> str:
    return f"{STORE_DIR}/{uuid.UUID(hex=token).hex}.upload"


def _pending(
    request: HttpRequest, token: str | None = None
) -> tuple[dict[str, object], imports.ReadSheet] | None:
    """The session's uploaded file, read again; None if there is none (or not this one)."""
    info = request.session.get(SESSION_KEY)
    if not info or (token is not None and token != info["token"]):
        return None
    try:
        with open_file(_stored_name(info["token"])) as stored:
            data = stored.read()
    except StorageUnavailable:
        return None
    try:
        sheet = imports.read_rows(data, info["filename"])
    except imports.ImportFileError:
        return None  # it was read at upload; only a changed rule could get here
    return info, sheet


def _discard_pending(request: HttpRequest) -> None:
    info = request.session.pop(SESSION_KEY, None)
    if info:
        delete_file(_stored_name(info["token"]))


def _remove_stale_files() -> None:
    """Delete waiting files abandoned a day ago; a storage that refuses only leaves them."""
    cutoff = timezone.now() - STALE_AFTER
    try:
        _dirs, files = default_storage.listdir(STORE_DIR)
        stale = [
            f"{STORE_DIR}/{filename}"
            for filename in files
            if default_storage.get_modified_time(f"{STORE_DIR}/{filename}") < cutoff
        ]
    except FileNotFoundError:
        return
    except Exception:
        logger.warning("Could not look for abandoned import files", exc_info=True)
        return
    for name in stale:
        delete_file(name)
