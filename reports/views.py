from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reports import access, queries
from reports.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is."""
    if request.user.role == Role.AGENCY:
        return redirect("reports:agency_home")
    return redirect("reviews:dashboard")


@login_required
def agency_home(request: HttpRequest) -> HttpResponse:
    agency = access.get_agency_for_user(request.user)
    period = queries.open_period()
    context = {
        "agency": agency,
        "period": period,
        "versions": queries.versions_for_agency(agency, period) if period else [],
    }
    return render(request, "reports/agency_home.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    context = {
        "report": report,
        "outline": queries.outline_for_report(report),
        "parts": queries.part_rows(report),
        "findings": report.result.get("findings", []),
        "events": report.events.select_related("actor"),
    }
    return render(request, "reports/report_detail.html", context)
