"""The action measurements logs in the audit trail (registered with audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page
from audit.registry import register

MEASURE = "measure"

register(MEASURE, _("Growth measurement"))

register_page("growth", _("Growth page"))
