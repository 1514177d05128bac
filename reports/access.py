"""Who may see and do what. Every view asks here; nothing else decides.

Outsiders get 404, never 403: a report's existence is itself not theirs to know.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from reports.models import Agency, Region, Report, Role, User


def agencies_for_user(user: User) -> QuerySet[Agency]:
    """The agencies whose reports the user may see."""
    agencies = Agency.objects.all()
    if not user.is_authenticated or not user.is_active:
        return agencies.none()
    if user.role == Role.ADMIN:
        return agencies
    if user.role == Role.REVIEWER:
        return agencies.filter(within_regions(user))
    if user.role == Role.AGENCY and user.agency_id is not None:
        return agencies.filter(pk=user.agency_id)
    return agencies.none()


def covered_paths(user: User) -> list[str]:
    """The region paths a reviewer covers; a region covers every region below it."""
    cached = getattr(user, "_covered_paths", None)
    if cached is None:
        cached = list(user.regions.values_list("path", flat=True))
        user._covered_paths = cached  # type: ignore[attr-defined]
    return cached


def within_regions(user: User, prefix: str = "region__") -> Q:
    """Agencies (or, with prefix "", regions) in or below the regions the reviewer covers."""
    condition = Q(pk__in=[])
    for path in covered_paths(user):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def reports_for_user(user: User) -> QuerySet[Report]:
    """Every version of every report the user may see.

    A draft is the agency's own working copy: the legal office sees a report once it is submitted.
    """
    if not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    if user.role == Role.AGENCY:
        return Report.objects.filter(agency__in=agencies_for_user(user))
    handed_in = Report.objects.exclude(status=Report.Status.DRAFT)
    if user.role == Role.ADMIN:
        return handed_in
    return handed_in.filter(agency__in=agencies_for_user(user))


def get_report_for_user(user: User, pk: int) -> Report:
    try:
        return reports_for_user(user).select_related("agency__region", "period").get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("No such report.") from None


def get_report_for_reviewer(user: User, pk: int) -> Report:
    """A report the user may act on as the legal office; 404 for anyone else."""
    report = get_report_for_user(user, pk)
    if not can_review(user, report):
        raise Http404("Not a reviewer of this report.")
    return report


def get_agency_for_user(user: User) -> Agency:
    """The agency an agency-staff user acts for; 404 for anyone else."""
    if user.role != Role.AGENCY or user.agency is None:
        raise Http404("Not an agency user.")
    return user.agency


def can_upload(user: User, agency: Agency) -> bool:
    return user.role == Role.AGENCY and user.agency_id == agency.pk


def can_review(user: User, report: Report) -> bool:
    """Reviewers act on handed-in reports of their regions; admins on all handed-in reports."""
    if report.status == Report.Status.DRAFT:
        return False
    if user.role == Role.ADMIN:
        return True
    region_path = report.agency.region.path
    return user.role == Role.REVIEWER and any(
        region_path.startswith(path) for path in covered_paths(user)
    )


def can_comment(user: User, report: Report) -> bool:
    """Reviewers remark on a report; its own agency may reply."""
    return can_review(user, report) or can_upload(user, report.agency)


def require_reviewer(user: User) -> None:
    if user.role not in (Role.REVIEWER, Role.ADMIN):
        raise Http404("Not a reviewer.")


def require_admin(user: User) -> None:
    """Running the year (importing agencies and users) is for administrators only."""
    if user.role != Role.ADMIN:
        raise Http404("Not an administrator.")


def staff_of(agency: Agency) -> QuerySet[User]:
    """The people who act for an agency: its active staff users."""
    return User.objects.filter(role=Role.AGENCY, agency=agency, is_active=True)


def reviewers_of(agency: Agency) -> QuerySet[User]:
    """The legal office's people who review this agency's reports (administrators aside)."""
    return User.objects.filter(role=Role.REVIEWER, regions=agency.region_id, is_active=True)


def can_oversee(user: User, agency: Agency) -> bool:
    """Reviewers act for the legal office over the agencies of their regions; admins over all."""
    return agencies_for_user(user).filter(pk=agency.pk).exists() and user.role in (
        Role.REVIEWER,
        Role.ADMIN,
    )


def regions_for_user(user: User) -> QuerySet[Region]:
    """The regions whose agencies the user may see: all for an administrator, a reviewer's own
    regions and every region below them."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if user.role == Role.ADMIN:
        return Region.objects.all()
    if user.role == Role.REVIEWER:
        return Region.objects.filter(within_regions(user, prefix=""))
    return Region.objects.none()


def sees_all_reuse(user: User, report: Report) -> bool:
    """Whose text a report's reuse may be shown from: the legal office sees every source.

    The agency sees only what its draft repeats of its own earlier reports, never another
    agency's text or name: a template passed round shows up, but whose it was is for the office.
    """
    return can_review(user, report)


def openable_reports(user: User, ids: Iterable[int]) -> set[int]:
    """Those of the reports that the user may open: a source is named to a reviewer always, and
    linked only where it is theirs to read."""
    return set(reports_for_user(user).filter(pk__in=list(ids)).values_list("pk", flat=True))
