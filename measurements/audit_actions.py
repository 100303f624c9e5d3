"""The action measurements logs in the audit trail (registered with audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register

MEASURE = "measure"

register(MEASURE, _("Growth measurement"))
