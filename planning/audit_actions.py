"""The planning app's own audit actions (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register

# A county officer (or an administrator, for the defaults) changed planning assumptions.
ASSUMPTIONS = register("plan_set", _("Planning assumptions changed"))
# The coverage plan downloaded as a spreadsheet: counts only, one summary event.
EXPORT = register("plan_xlsx", _("Coverage plan exported"))
