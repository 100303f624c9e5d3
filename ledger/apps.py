"""Ledgers in and out: importing a county's Excel ledgers, the 两表一册 and full exports,
the MCA exchange file, merging duplicate files."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Ledgers")
