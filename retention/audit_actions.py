"""The retention app's own audit actions (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register

# One event per minimised file, written by the job (no actor), without any personal data.
MINIMISE = register("minimise", _("Personal data erased after the retention period"))
# A county officer changed the county's retention period.
POLICY = register("ret_policy", _("Retention period changed"))
