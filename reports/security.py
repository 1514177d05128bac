"""Login throttling: whom django-axes counts failures for, and what a locked-out user is told."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, as the nearest trusted proxy saw it.

    Behind TRUSTED_PROXY_COUNT proxies the client is that many entries from the right of
    X-Forwarded-For: entries further left are whatever the client chose to send. Without a
    proxy only the socket's own address counts.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [hop for hop in chain if hop]
        if len(chain) >= trusted:
            return chain[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest, credentials: dict | None = None, *args: object, **kwargs: object
) -> HttpResponse:
    """The sign-in page again, saying the account is locked here and when to try again."""
    from axes.models import AccessAttempt

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    last_failure = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    until = (last_failure or timezone.now()) + settings.AXES_COOLOFF_TIME
    # Unbound: validating the form would ask the authentication backends again.
    form = AuthenticationForm(request, initial={"username": username})
    message = _(
        "Too many failed sign-in attempts. This account is locked on this computer for "
        "%(minutes)s minutes: please try again after %(time)s, or ask the administrator to "
        "lift the lock."
    ) % {
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "time": time_format(timezone.localtime(until), "H:i"),
    }
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": message},
        status=429,
    )
