from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from . import receivers  # noqa: F401  connects the signals that keep today's snapshot fresh
