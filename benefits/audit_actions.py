"""Audit actions and pages of allowances."""

from django.utils.translation import gettext_lazy as _

from audit import registry
from audit.reads import register_page

APPLY = registry.register("ben_apply", _("Applied for an allowance"))
STEP = registry.register("ben_step", _("Allowance application step"))
DECIDE = registry.register("ben_decide", _("Allowance decided"))
STOP = registry.register("ben_stop", _("Allowance stopped"))
ROLL = registry.register("ben_roll", _("Payment roll built or issued"))
PAYMENT = registry.register("ben_paid", _("Allowance payment recorded"))
STANDARD = registry.register("ben_std", _("Payment standard set"))
NOT_REPAID = registry.register("ben_norpy", _("Returned allowance month not to be repaid"))
EXPORT = registry.register("ben_export", _("Allowance figures exported"))

register_page("benefit_application", _("Allowance application"))
register_page("benefit_notice", _("Allowance public notice"))
register_page("benefit_document", _("Allowance document"))
register_page("benefit", _("Allowance"))
register_page("benefit_roll", _("Payment roll"))
register_page("benefit_list", _("Allowance lists"))
register_page("benefit_dashboard", _("Allowance figures"))
