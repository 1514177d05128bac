import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language with the switch.

    Django's own middleware follows the browser's Accept-Language, which would show an English
    interface to a civil servant whose computer happens to be set up in English.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def start_idle_clock(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in counts as activity (connected to user_logged_in)."""
    request.session[IdleSessionTimeoutMiddleware.KEY] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT_MINUTES without a request.

    The time of the last request is kept in the session, written at most once a minute so that
    a busy page does not write its session on every request.
    """

    KEY = "_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last_seen, int) and now - last_seen > idle_limit:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out after %(minutes)s minutes without activity. "
                        "Please sign in again."
                    )
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            if not isinstance(last_seen, int) or now - last_seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Nothing the application serves may be kept by a browser or proxy cache.

    Pages show one agency's report or one reviewer's workload, downloads are the reports
    themselves: a shared computer's cache or a county proxy must not keep them. Static files
    never reach this middleware (whitenoise answers them first, with long-lived caching).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
