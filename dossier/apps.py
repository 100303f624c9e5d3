"""The printable child file (一人一档) as PDF, one child or a whole village."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "dossier"
    verbose_name = _("Printed files")
