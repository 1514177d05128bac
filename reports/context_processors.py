from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from reports.models import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    """The header's links for the signed-in user's role."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        if user.role == Role.AGENCY:
            items.append((reverse("reports:agency_home"), _("Our report")))
        if user.role in (Role.REVIEWER, Role.ADMIN):
            items.append((reverse("reviews:dashboard"), _("Review dashboard")))
            items.append((reverse("reviews:not_submitted"), _("Not submitted yet")))
            items.append((reverse("reviews:circular"), _("Circular list")))
        if user.role == Role.ADMIN:
            items.append((reverse("manage:import_agencies"), _("Import agencies")))
            items.append((reverse("admin:index"), _("Administration")))
    # The item whose address is the longest start of the page's is the one the user is in.
    matching = [url for url, _label in items if request.path.startswith(url)]
    active = max(matching, key=len, default=None)
    return {
        "site_title": settings.SITE_TITLE,
        "nav_items": [
            {"url": url, "label": label, "active": url == active} for url, label in items
        ],
        "unread_notices": (
            user.notices.filter(read_at__isnull=True).count()
            if user is not None and user.is_authenticated
            else 0
        ),
    }
