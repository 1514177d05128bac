from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reports import access
from reports.models import ReportingPeriod
from reports.queries import open_period
from reviews import queries


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
