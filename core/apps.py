from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        # Each app registers the panels it shows on other apps' pages in its own panels.py (see core.panels).
        autodiscover_modules("panels")
        # Each app declares the figures the dashboards keep per village and day in its own
        # indicators.py (see core.indicators).
        autodiscover_modules("indicators")
