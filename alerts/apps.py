from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # Each app registers its alert kinds in its own alert_kinds.py (see alerts.kinds).
        autodiscover_modules("alert_kinds")
