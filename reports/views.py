from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access, queries, services
from reports.forms import AccountForm, PublicationForm, ReplyForm, SubmitForm, UploadForm
from reports.models import Report, Role
from reports.presentation import Highlight, TextPager, layout
from reports.storage import StorageUnavailable, open_file
from reviews.forms import CommentForm, DecisionForm, OpinionForm
from reviews.models import Publication, Rubric
from reviews.queries import (
    comment_threads,
    earlier_comments,
    open_comments_of_period,
    review_activity_for_agency,
)
from reviews.reuse.queries import reuse_for_page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is."""
    if request.user.role == Role.AGENCY:
        return redirect("reports:agency_home")
    return redirect("reviews:dashboard")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """A user's own contact details and whether notices also come by e-mail."""
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return redirect("account")
    return render(request, "account/settings.html", {"form": form})


@login_required
def agency_home(request: HttpRequest) -> HttpResponse:
    agency = access.get_agency_for_user(request.user)
    period = queries.open_period()
    versions = queries.versions_for_user(request.user, agency, period) if period else []
    context = {
        "agency": agency,
        "period": period,
        "countdown": queries.countdown(agency, period) if period else None,
        "current": next((r for r in versions if r.is_current), None),
        "versions": versions,
        "activity": review_activity_for_agency(agency, period) if period else [],
    }
    return render(request, "reports/agency_home.html", context)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    agency = access.get_agency_for_user(request.user)
    period = queries.open_period()
    refusal = ""
    if request.method == "POST" and UploadForm.body_too_large(request):
        # Refused before Django reads the body into a temporary file.
        refusal = UploadForm.too_large_message(int(request.META["CONTENT_LENGTH"]))
        form = UploadForm()
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and period is not None and form.is_valid():
        report = form.save(agency=agency, period=period, user=request.user)
        if report is not None:
            messages.success(request, _("The file was read. Check the result below, then submit."))
            return redirect(report)
    # Read for the page only: a stored upload has gone to its report already.
    current = queries.current_report(agency, period) if period else None
    context = {
        "agency": agency,
        "period": period,
        "countdown": queries.countdown(agency, period) if period else None,
        "current": current,
        "locked": current is not None and current.is_locked,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "reports/upload.html", context, status=503 if form.unavailable else 200)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return report_page(request, access.get_report_for_user(request.user, pk))


def report_page(
    request: HttpRequest,
    report: Report,
    *,
    decision_form: DecisionForm | None = None,
    comment_form: CommentForm | None = None,
    publication_form: PublicationForm | None = None,
) -> HttpResponse:
    """The report as read, with what the viewer may do; a form with errors is shown as given."""
    sections = list(report.sections.order_by("order"))
    threads = comment_threads(report)
    pager = TextPager.of(report.page_starts, len(report.text), request.GET.get("page"))
    reuse = reuse_for_page(request.user, report, pager)
    highlights = (
        queries.finding_highlights(report, sections)
        + reuse.highlights
        + [
            Highlight(comment.start, comment.end, "comment", f"quote-{comment.pk}")
            for comment in threads
            if comment.start is not None
        ]
    )
    context = {
        "report": report,
        "outline": queries.outline_for_report(sections),
        "parts": queries.part_rows(report),
        "findings": queries.finding_rows(report, sections, extra=reuse.findings),
        "reuse": reuse,
        "pager": pager,
        "paragraphs": layout(report.text, sections, highlights, start=pager.start, end=pager.end),
        "threads": threads,
        "reply_form": ReplyForm(),
        "events": report.events.select_related("actor"),
        "versions": queries.versions_for_user(request.user, report.agency, report.period),
        "can_submit": report.is_submittable and access.can_upload(request.user, report.agency),
        "can_comment": access.can_comment(request.user, report),
        "earlier_comments": earlier_comments(report) if report.version > 1 else [],
        "opinion_letters": list(report.opinion_letters.all()),
        **_publication_context(request, report, publication_form),
    }
    if access.can_review(request.user, report):
        if report.status in (Report.Status.RETURNED, Report.Status.ACCEPTED):
            context["opinion_form"] = OpinionForm(report=report)
        context["comment_form"] = comment_form or CommentForm(report=report)
        context["assessed"] = Rubric.objects.filter(period_id=report.period_id).exists()
        if report.awaits_decision:
            outstanding = open_comments_of_period(report)
            context["open_comments"] = outstanding
            context["decision_form"] = decision_form or DecisionForm(open_comments=outstanding)
    forms = (decision_form, comment_form, publication_form)
    status = 400 if any(form is not None and form.errors for form in forms) else 200
    return render(request, "reports/report_detail.html", context, status=status)


def _publication_context(
    request: HttpRequest, report: Report, form: PublicationForm | None
) -> dict[str, object]:
    if report.status != Report.Status.ACCEPTED or not report.is_current:
        return {}
    publication = Publication.objects.filter(report=report).first()
    context: dict[str, object] = {
        "publication": publication,
        "publication_state": (
            publication.state(report.period.publication_deadline)
            if publication
            else Publication.State.NONE
        ),
        "publication_check": settings.PUBLICATION_CHECK,
    }
    if access.can_upload(request.user, report.agency):
        context["publication_form"] = form or PublicationForm(
            initial={"how": PublicationForm.EXEMPT}
            if publication and publication.exempt
            else {
                "url": publication.url if publication else "",
                "published_on": publication.published_on if publication else None,
            }
        )
    return context


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the draft in: a page to confirm it (and add a note), then the submission itself."""
    report = access.get_report_for_user(request.user, pk)
    if not access.can_upload(request.user, report.agency):
        raise Http404("Not this user's report.")
    if not report.is_submittable:
        messages.error(request, _("Only the current draft can be submitted."))
        return redirect(report)
    form = SubmitForm(request.POST if request.method == "POST" else None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.submit_report(
                report=report,
                user=request.user,
                note=form.cleaned_data["note"],
                recipients=form.recipients,
                agency_confirmed=form.cleaned_data["agency_confirmed"],
            )
        except services.UploadRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if report.is_late:
                messages.warning(
                    request,
                    _(
                        "The report was submitted after the deadline of %(deadline)s and is "
                        "marked late."
                    )
                    % {"deadline": report.deadline.isoformat()},
                )
            else:
                messages.success(request, _("The report was submitted to the legal office."))
            return redirect("reports:agency_home")
    context = {
        "report": report,
        "form": form,
        "deadline_passed": report.deadline < timezone.localdate(),
    }
    return render(request, "reports/submit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency records where it published the accepted report, or why it may not."""
    report = access.get_report_for_user(request.user, pk)
    if not access.can_upload(request.user, report.agency):
        raise Http404("Not this user's report.")
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return report_page(request, report, publication_form=form)
    exempt = form.cleaned_data["how"] == PublicationForm.EXEMPT
    try:
        services.record_publication(
            report=report,
            user=request.user,
            url=form.cleaned_data["url"] or "",
            published_on=form.cleaned_data["published_on"],
            exempt=exempt,
            reason=form.cleaned_data["reason"],
        )
    except services.UploadRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Recorded. The legal office will confirm the exemption.")
            if exempt
            else _("The publication was recorded."),
        )
    return redirect(f"{report.get_absolute_url()}#publication")


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    try:
        stored = open_file(report.file.name)
    except StorageUnavailable as failure:
        return render(
            request,
            "problem.html",
            {
                "title": _("The file cannot be downloaded"),
                "message": failure.message,
                "back": report,
            },
            status=503,
        )
    return FileResponse(stored, as_attachment=True, filename=report.original_name)
