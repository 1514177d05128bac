import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access
from reports.forms import ReplyForm
from reports.models import (
    Agency,
    DeadlineExtension,
    Region,
    ReportingPeriod,
    User,
    submission_deadline,
)
from reports.queries import open_period, versions_for_user
from reports.storage import StorageUnavailable, open_file
from reports.views import report_page
from reviews import bundles, exports, published, queries, reminders, services
from reviews.assessment import Scorer, fact_values
from reviews.compare import compare_fields, compare_parts
from reviews.documents import commented_report, opinion_letter
from reviews.forms import (
    OPINION_DAYS,
    CommentForm,
    DashboardFilterForm,
    DecisionForm,
    ExtensionForm,
    OpinionForm,
    OverrideForm,
    ReminderForm,
)
from reviews.models import (
    AssessmentOverride,
    ExportRecord,
    OpinionLetter,
    Publication,
    Reminder,
    ReviewerComment,
)
from reviews.reuse.queries import reuse_story
from reviews.rollups import region_totals
from reviews.word import commented_report_docx, opinion_docx


@dataclass(frozen=True)
class _Scope:
    """The period, filters and annotated agencies a dashboard or export request is about."""

    period: ReportingPeriod
    form: DashboardFilterForm
    filters: dict
    agencies: QuerySet[Agency]  # every agency the user oversees, annotated for the period
    regions: list[Region]  # the regions the user oversees


def _scope(request: HttpRequest) -> _Scope | None:
    access.require_reviewer(request.user)
    periods = ReportingPeriod.objects.all()
    year = request.GET.get("year", "")
    period = (periods.filter(year=year).first() if year.isdigit() else None) or (
        open_period() or periods.first()
    )
    if period is None:
        return None
    agencies = queries.agencies_for_reviewer(request.user)
    regions = access.regions_for_user(request.user)
    form = DashboardFilterForm(request.GET or None, regions=regions)
    filters: dict = {}
    if form.is_bound:
        # Cleaning keeps every valid field: a stale region code must not drop the other filters.
        form.is_valid()
        filters = form.cleaned_data
    annotated = queries.with_handed_in_report(agencies, period)
    return _Scope(
        period=period, form=form, filters=filters, agencies=annotated, regions=form.regions
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    if scope is None:
        return render(request, "reviews/dashboard.html", {"period": None})
    # The page's agencies are chosen by their keys alone, then read in full: the columns
    # looked up per agency are computed for the fifty shown, not for all that are sorted.
    chosen = queries.filter_dashboard(scope.agencies, scope.period, scope.filters)
    by_region = queries.counts_by_region(scope.agencies)
    counts = queries.dashboard_counts(by_region)
    keys = chosen.values_list("pk", flat=True)
    if queries.narrows(scope.filters):
        # Every matching key at once: one query gives the count and the page, where a count
        # would read the same rows and the page read them again.
        paginator = Paginator(list(keys), queries.PAGE_SIZE)
    else:
        paginator = Paginator(keys, queries.PAGE_SIZE)
        paginator.count = counts.expected  # known already: spare the database a count
    page = paginator.get_page(request.GET.get("page"))
    scorer = Scorer(scope.period)
    regions = scope.regions
    region_rows = _region_rows(by_region, regions)
    context = {
        "period": scope.period,
        "periods": ReportingPeriod.objects.all(),
        "form": scope.form,
        "counts": counts,
        "region_rows": region_rows,
        "reuse_story": reuse_story(
            by_region, regions, [row.region for row in region_rows] or list(regions)
        ),
        "page": page,
        "rows": queries.dashboard_rows(
            queries.in_order(scope.agencies.select_related("region"), list(page.object_list)),
            scorer,
        ),
        "scored": bool(scorer),
        "sort": scope.filters.get("sort") or "region",
        "query": _query_without(request, "page"),
        "sort_query": _query_without(request, "page", "sort"),
        "export_query": _query_without(request, "page", "format"),
    }
    return render(request, "reviews/dashboard.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The completeness table with the dashboard's filters, as CSV or XLSX; each export is logged."""
    scope = _scope(request)
    if scope is None:
        raise Http404("No reporting period.")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in (ExportRecord.Format.CSV, ExportRecord.Format.XLSX):
        raise Http404("Unknown format.")
    rows = queries.filter_dashboard(scope.agencies, scope.period, scope.filters)
    services.record_export(
        user=request.user, period=scope.period, fmt=fmt, filters=scope.filters, rows=rows
    )
    filename = _("Completeness %(year)s %(date)s") % {
        "year": scope.period.year,
        "date": timezone.localdate().isoformat(),
    }
    table = exports.CompletenessTable(rows, scope.period)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(table), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
        return response
    counts = exports.region_counts(scope.agencies, scope.regions)
    return FileResponse(
        exports.write_xlsx(table, counts, queries.circular(rows, scope.period)),
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def download_all(request: HttpRequest) -> HttpResponse:
    """The current version of every report the dashboard's filter shows, in one zip."""
    scope = _scope(request)
    if scope is None:
        raise Http404("No reporting period.")
    rows = queries.filter_dashboard(scope.agencies, scope.period, scope.filters)
    services.record_export(
        user=request.user, period=scope.period, fmt="zip", filters=scope.filters, rows=rows
    )
    table = exports.write_xlsx(
        exports.CompletenessTable(rows, scope.period),
        exports.region_counts(scope.agencies, scope.regions),
        queries.circular(rows, scope.period),
    )
    filename = _("Reports %(year)s %(date)s") % {
        "year": scope.period.year,
        "date": timezone.localdate().isoformat(),
    }
    stream = bundles.zip_stream(
        bundles.entries(rows, scope.period),
        extras=[(_("Completeness %(year)s.xlsx") % {"year": scope.period.year}, table)],
    )
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.zip")
    return response


def _region_rows(by_region: dict[int, dict[str, Any]], regions: list[Region]) -> list:  # type: ignore[type-arg]
    """The top of the user's regions and the level below, each with its rolled-up counts;
    nothing when the user oversees a single region."""
    rows = region_totals(by_region, regions)
    return [row for row in rows if row.depth <= 1] if len(rows) > 1 else []


def _query_without(request: HttpRequest, *names: str) -> str:
    """The current query string less some parameters, for links that change only those."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a comment: the agency replies to the legal office, or a reviewer to the agency."""
    comment = get_object_or_404(
        ReviewerComment.objects.select_related("report"),
        pk=pk,
        report__in=access.reports_for_user(request.user),
    )
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                report=comment.report,
                user=request.user,
                body=form.cleaned_data["body"],
                parent=comment.parent or comment,
            )
        except services.DecisionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your reply was added."))
    else:
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
    return redirect(f"{comment.report.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer's remark on the report, one of its sections, or a span selected in its text."""
    report = access.get_report_for_reviewer(request.user, pk)
    form = CommentForm(request.POST, report=report)
    if not form.is_valid():
        return report_page(request, report, comment_form=form)
    try:
        created = services.add_comment(
            report=report,
            user=request.user,
            body=form.cleaned_data["body"],
            section=form.cleaned_data["section"],
            span=form.span,
        )
    except services.DecisionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(report)
    messages.success(request, _("Your comment was added."))
    return redirect(f"{report.get_absolute_url()}#comment-{created.pk}")


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_resolution(request, pk, services.resolve_comment)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_resolution(request, pk, services.reopen_comment)


def _set_resolution(request: HttpRequest, pk: int, change) -> HttpResponse:  # type: ignore[no-untyped-def]
    comment = get_object_or_404(
        ReviewerComment.objects.select_related("report__agency"),
        pk=pk,
        report__in=access.reports_for_user(request.user),
    )
    try:
        change(comment=comment, user=request.user)
    except services.DecisionRefused as refusal:
        raise Http404(refusal.message) from refusal
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(f"{comment.report.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the report, or return it to the agency with a message."""
    report = access.get_report_for_reviewer(request.user, pk)
    form = DecisionForm(request.POST, open_comments=queries.open_comments_of_period(report))
    if not form.is_valid():
        # The page again, the errors at their fields and the choices as made.
        return report_page(request, report, decision_form=form)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.accept_report(
                report=report,
                user=request.user,
                message=form.cleaned_data["message"],
                resolve_open=form.cleaned_data.get("resolve_open", False),
            )
        else:
            services.return_report(
                report=report, user=request.user, message=form.cleaned_data["message"]
            )
    except services.DecisionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The decision was recorded and the agency can see it."))
    return redirect(report)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions of one agency's report side by side, part by part."""
    report = access.get_report_for_user(request.user, pk)
    versions = sorted(
        versions_for_user(request.user, report.agency, report.period), key=lambda v: v.version
    )
    other_pk = request.GET.get("with", "")
    earlier = [v for v in versions if v.version < report.version]
    other = next((v for v in versions if str(v.pk) == other_pk), earlier[-1] if earlier else None)
    if other is None or other.pk == report.pk:
        messages.info(request, _("There is no other version to compare with."))
        return redirect(report)
    old, new = sorted([other, report], key=lambda r: r.version)
    context = {
        "report": report,
        "old": old,
        "new": new,
        "versions": versions,
        "fields": compare_fields(old, new),
        "parts": compare_parts(old, new),
    }
    return render(request, "reviews/compare.html", context)


@login_required
def not_submitted(request: HttpRequest) -> HttpResponse:
    """Agencies that have not handed in yet, with whom to remind, before or after the deadline."""
    scope = _scope(request)
    if scope is None:
        return render(request, "reviews/not_submitted.html", {"period": None})
    pending = reminders.pending_agencies(
        scope.agencies.select_related("region").prefetch_related(
            Prefetch("users", queryset=User.objects.filter(is_active=True).order_by("username"))
        ),
        scope.period,
        scope.filters,
    )
    page = Paginator(pending, 100).get_page(request.GET.get("page"))
    due = reminders.deadlines(page.object_list, scope.period)
    context = {
        "period": scope.period,
        "form": scope.form,
        "page": page,
        "rows": [(agency, due[agency.pk]) for agency in page.object_list],
        "extended": set(
            DeadlineExtension.objects.filter(
                period=scope.period, agency__in=page.object_list
            ).values_list("agency_id", flat=True)
        ),
        "query": _query_without(request, "page"),
        "export_query": _query_without(request, "page", "format", "status"),
    }
    return render(request, "reviews/not_submitted.html", context)


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Remind the chosen (or all) agencies still to hand in: preview first, then send."""
    scope = _scope(request)
    if scope is None:
        raise Http404("No reporting period.")
    pending = reminders.pending_agencies(
        scope.agencies.select_related("region"), scope.period, scope.filters
    )
    form = ReminderForm(request.POST, pending=pending)
    back = f"{reverse('reviews:not_submitted')}?{_query_without(request, 'page')}"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    chosen = form.chosen()
    if "send" not in request.POST:
        today = timezone.localdate()
        due = reminders.deadlines(chosen[:1], scope.period)
        sample = (
            reminders.reminder_text(chosen[0], scope.period, due[chosen[0].pk], today)
            if chosen
            else ""
        )
        context = {
            "period": scope.period,
            "form": form,
            "chosen": chosen,
            "sample": sample,
            "reachable": User.objects.filter(agency__in=chosen, is_active=True).count(),
            "action_query": request.GET.urlencode(),
            "back": back,
        }
        return render(request, "reviews/remind.html", context)
    sent = reminders.send_reminders(
        agencies=chosen,
        period=scope.period,
        kind=Reminder.Kind.MANUAL,
        sender=request.user,
        note=form.cleaned_data["note"],
    )
    messages.success(
        request,
        _("Reminders were sent to %(agencies)s agencies (%(people)s people).")
        % {"agencies": len(sent.reminded), "people": sent.people},
    )
    return redirect(back)


@login_required
def extend_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    """Give one agency a later deadline for the open period, with the reason."""
    access.require_reviewer(request.user)
    agency = get_object_or_404(queries.agencies_for_reviewer(request.user), pk=pk)
    period = open_period()
    if period is None:
        raise Http404("No open reporting period.")
    deadline = submission_deadline(agency, period)
    form = ExtensionForm(request.POST or None, deadline=deadline)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_extension(
                agency=agency,
                period=period,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.DecisionRefused as refusal:
            raise Http404(refusal.message) from refusal
        messages.success(
            request,
            _("%(agency)s now has until %(date)s.")
            % {"agency": agency.name, "date": form.cleaned_data["until"].isoformat()},
        )
        return redirect("reviews:not_submitted")
    context = {
        "agency": agency,
        "period": period,
        "deadline": deadline,
        "form": form,
        "history": agency.extensions.filter(period=period).select_related("granted_by"),
    }
    return render(request, "reviews/extend.html", context)


@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """One agency's score under the period's rubric, item by item; a reviewer may change a
    deduction, with the reason."""
    scope = _scope(request)
    if scope is None:
        raise Http404("No reporting period.")
    agency = get_object_or_404(scope.agencies.select_related("region"), pk=pk)
    scorer = Scorer(scope.period)
    items = [(item.rule, label) for item, label in scorer.items]
    form = OverrideForm(request.POST or None, items=items)
    if request.method == "POST" and scorer and form.is_valid():
        try:
            services.override_assessment(
                agency=agency,
                period=scope.period,
                rule=form.cleaned_data["rule"],
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.DecisionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The deduction was changed and put on record."))
            return redirect(f"{request.path}?year={scope.period.year}")
    context = {
        "agency": agency,
        "period": scope.period,
        "rubric": scorer.rubric,
        "assessment": scorer.score([fact_values(agency)]).get(agency.pk),
        "form": form,
        "history": AssessmentOverride.objects.filter(agency=agency, period=scope.period)
        .select_related("set_by")
        .order_by("-created_at", "-pk"),
    }
    return render(request, "reviews/assessment.html", context, status=400 if form.errors else 200)


@login_required
def circular(request: HttpRequest) -> HttpResponse:
    """The agencies to be named in the circular (通报): not reported, late, not published."""
    scope = _scope(request)
    if scope is None:
        raise Http404("No reporting period.")
    context = {
        "period": scope.period,
        "periods": ReportingPeriod.objects.all(),
        "circular": queries.circular(scope.agencies, scope.period),
    }
    return render(request, "reviews/circular.html", context)


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def opinion_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The review opinion as it would be sent now, unnumbered, for the reviewer to read first."""
    report = access.get_report_for_reviewer(request.user, pk)
    letter = opinion_letter(
        report,
        letter_number=_("(draft, not yet numbered)"),
        date=timezone.localdate(),
        correction_deadline=timezone.localdate() + datetime.timedelta(days=OPINION_DAYS),
        include_plans=request.GET.get("plans") == "1",
    )
    name = _("Review opinion (draft) %(agency)s %(year)s.docx") % {
        "agency": report.agency.name,
        "year": report.period.year,
    }
    return _docx_response(opinion_docx(letter), name)


@login_required
@require_POST
def opinion_send(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_reviewer(request.user, pk)
    form = OpinionForm(request.POST, report=report)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(f"{report.get_absolute_url()}#opinions")
    try:
        letter = services.send_opinion(
            report=report,
            user=request.user,
            correction_deadline=form.cleaned_data.get("correction_deadline"),
            include_plans=form.cleaned_data.get("include_plans", False),
        )
    except services.DecisionRefused as refusal:
        messages.error(request, refusal.message)
    except StorageUnavailable as failure:
        messages.error(request, failure.message)
    else:
        messages.success(
            request,
            _("The review opinion %(number)s was sent to the agency.")
            % {"number": letter.letter_number},
        )
    return redirect(f"{report.get_absolute_url()}#opinions")


@login_required
def opinion_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent review opinion, for the legal office and the agency it was sent to."""
    letter = get_object_or_404(
        OpinionLetter.objects.select_related("report__agency"),
        pk=pk,
        report__in=access.reports_for_user(request.user),
    )
    try:
        stored = open_file(letter.file.name)
    except StorageUnavailable as failure:
        return render(
            request,
            "problem.html",
            {"title": _("The file cannot be downloaded"), "message": failure.message},
            status=503,
        )
    name = _("Review opinion %(number)s %(agency)s.docx") % {
        "number": letter.letter_number,
        "agency": letter.report.agency.name,
    }
    return FileResponse(stored, as_attachment=True, filename=name, content_type=_DOCX)


@login_required
def commented_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """This version as Word, every comment a Word comment on the words it was made on."""
    report = access.get_report_for_user(request.user, pk)
    name = _("%(agency)s %(year)s version %(version)s with comments.docx") % {
        "agency": report.agency.name,
        "year": report.period.year,
        "version": report.version,
    }
    return _docx_response(commented_report_docx(commented_report(report)), name)


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=_DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_POST
def confirm_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_reviewer(request.user, pk)
    publication = get_object_or_404(Publication, report=report)
    try:
        services.confirm_exemption(publication=publication, user=request.user)
    except services.DecisionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The exemption from publication is confirmed."))
    return redirect(f"{report.get_absolute_url()}#publication")


@login_required
@require_POST
def check_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch the published address and compare it with the accepted report (when turned on)."""
    report = access.get_report_for_reviewer(request.user, pk)
    publication = get_object_or_404(Publication, report=report, exempt=False)
    if not settings.PUBLICATION_CHECK:
        raise Http404("The publication check is off.")
    publication = published.check_publication(publication)
    if publication.check_problem:
        messages.warning(request, publication.check_problem)
    else:
        messages.success(
            request,
            _("%(share)s of the accepted text stands at the published address.")
            % {"share": f"{publication.matched_share:.0%}"},
        )
    return redirect(f"{report.get_absolute_url()}#publication")
