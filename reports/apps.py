from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from config.middleware import start_idle_clock
        from reports import system_checks  # noqa: F401  (registers the checks)

        user_logged_in.connect(start_idle_clock, dispatch_uid="nianbao-idle-clock")
