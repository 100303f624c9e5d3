"""Sweep campaigns (摸底排查): every village re-confirms its files by a reference date."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SweepsConfig(AppConfig):
    name = "sweeps"
    verbose_name = _("Sweeps")

    def ready(self):
        from . import receivers  # noqa: F401  connects the registry's signals
