"""Views of the site itself rather than of either side of the work."""

from __future__ import annotations

import json
import logging

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("nianbao.csp")


@csrf_exempt  # browsers post violation reports without a token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log what the Content-Security-Policy blocked, so a missed inline script is noticed."""
    try:
        report = json.loads(request.body[:8192]).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    logger.warning(
        "Content-Security-Policy blocked %s (%s) on %s",
        str(report.get("blocked-uri", ""))[:200],
        str(report.get("violated-directive", ""))[:100],
        str(report.get("document-uri", ""))[:200],
    )
    return HttpResponse(status=204)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the static one."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
