"""The ledger export page's link in the top bar, for those who may export (registered on import by
ledger/panels.py)."""

from django.utils.translation import gettext as _

from core import panels

from . import export_access


@panels.register("nav", order=95)
def nav_ledger_export(request) -> str:
    if not export_access.products_for(request.user):
        return ""
    return panels.nav_link("ledger_export", _("Export ledgers"), more=True)
