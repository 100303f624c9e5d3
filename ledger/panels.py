"""The ledger app's link in the top bar (import for county and township officers), and the
panels of its other parts (merge, exports), which register when their modules are imported."""

import importlib
import importlib.util

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("nav", order=95)
def nav_import(request) -> str:
    if not access.can_import(request.user):
        return ""
    return panels.nav_link("ledger_import", _("Import a ledger"), more=True)


# The merge and exports parts register their own panels in their own modules (merge_panels,
# export_panels), imported here so that CoreConfig.ready finds them. Each is built on its own
# branch: one not merged yet must not stop the app loading, while an error inside one must show.
for _part in ("merge_panels", "export_panels"):
    if importlib.util.find_spec(f"{__package__}.{_part}") is not None:
        importlib.import_module(f"{__package__}.{_part}")
