"""HTML built in Python for the cells of long tables."""

from __future__ import annotations

import html

from django.utils.safestring import SafeString


def markup(template: str, *args: object) -> SafeString:
    """django.utils.html.format_html with the same escaping: an argument with __html__ (a safe
    string) goes in as it is, any other is str() and html.escape()d.

    format_html checks every argument for lazy translations first, which makes it cost some
    ten times as much per call; the dashboard draws some thirty cells in each of its fifty
    rows, and there it was most of the page's time. Arguments here are plain strings, numbers
    and safe strings (the callers translate with gettext, not gettext_lazy).
    """
    return SafeString(
        template.format(
            *(arg.__html__() if hasattr(arg, "__html__") else html.escape(str(arg)) for arg in args)
        )
    )


def joined(pieces: list[SafeString], separator: str = "") -> SafeString:
    """Safe pieces joined into one safe string (the separator is markup, not text)."""
    return SafeString(separator.join(pieces))
