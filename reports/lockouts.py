"""django-axes installed under a name an administrator reads in the admin's own language.

Kept out of reports/apps.py: Django picks an app's configuration from there, and a second one
would leave it to guess.
"""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class LoginLockoutsConfig(AxesConfig):
    verbose_name = _("Sign-in attempts and lockouts")
