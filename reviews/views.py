from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access
from reports.forms import ReplyForm
from reports.models import ReportingPeriod
from reports.queries import open_period
from reviews import queries, services
from reviews.models import ReviewerComment


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access.require_reviewer(request.user)
    periods = ReportingPeriod.objects.all()
    period = (
        periods.filter(year=request.GET.get("year")).first()
        if request.GET.get("year", "").isdigit()
        else None
    )
    period = period or open_period() or periods.first()
    rows = queries.dashboard_rows(request.user, period) if period else []
    return render(
        request,
        "reviews/dashboard.html",
        {"period": period, "periods": periods, "rows": rows},
    )


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
        messages.error(request, _("The reply is empty."))
    return redirect(f"{comment.report.get_absolute_url()}#comment-{comment.pk}")
