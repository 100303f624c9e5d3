from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Risk and follow-up")

    def ready(self):
        from . import providers, receivers  # noqa: F401  receivers connects the registry's signals

        providers.discover()
