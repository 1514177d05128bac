"""Deployment checks `manage.py check` runs (and runserver, and migrate) beyond Django's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A server without SECRET_KEY would sign sessions with a key that dies with the process."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [
            Error(
                "SECRET_KEY is not set.",
                hint="Set SECRET_KEY in the environment to a long random string, or DEBUG=1 "
                "on a development machine.",
                id="nianbao.E001",
            )
        ]
    return []
