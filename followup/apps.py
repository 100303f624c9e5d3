from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Risk and follow-up")

    def ready(self):
        from . import receivers  # noqa: F401  connects the registry's signals
