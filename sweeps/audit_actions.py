"""The sweep's own audit actions and the pages that show children's data (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page
from audit.registry import register

SWEEP_START = register("sweep_go", _("Sweep started"))
SWEEP_CONFIRM = register("sweep_ok", _("Confirmed in a sweep: still here, nothing changed"))
SWEEP_UNDO = register("sweep_undo", _("Sweep confirmation withdrawn"))
SWEEP_FOUND = register("sweep_new", _("Registered as found in a sweep"))
SWEEP_CLOSE = register("sweep_end", _("Sweep closed"))

register_page("sweep_list", _("Sweep: a village's list"))
register_page("sweep_item", _("Sweep: closing a file"))
register_page("sweep_report", _("Sweep report"))
