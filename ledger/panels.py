"""The ledger app's link in the top bar (import for county and township officers), and the
panels of its other parts (merge, exports), which register when their modules are imported."""

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("nav", order=95)
def nav_import(request) -> str:
    if not access.can_import(request.user):
        return ""
    return panels.nav_link("ledger_import", _("Import a ledger"), more=True)


# The merge and exports parts keep their panels in their own modules, imported here so that
# CoreConfig.ready (which imports each app's `panels`) registers them too.
from . import export_panels, merge_panels  # noqa: E402, F401
