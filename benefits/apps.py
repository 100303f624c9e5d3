from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Basic living allowances")

    def ready(self):
        from . import receivers  # noqa: F401  connects the registry's signals (closure, transfer)
