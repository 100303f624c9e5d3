"""Audit actions and pages of the workforce registry, handovers and supervision."""

from django.utils.translation import gettext_lazy as _

from audit import registry
from audit.reads import register_page

REGISTER = registry.register("wf_reg", _("Worker registered"))
EDIT = registry.register("wf_edit", _("Worker's record changed"))
ACCOUNT = registry.register("wf_acct", _("Account created for a worker"))
LEAVE = registry.register("wf_leave", _("Worker left; access ended"))
ASSIGN = registry.register("wf_assign", _("Village assigned to a worker"))
HANDOVER = registry.register("wf_hand", _("Handover of a CWD's work"))
NORM = registry.register("wf_norm", _("Caseload norm set"))
SUPERVISION = registry.register("wf_log", _("Supervision log entry"))
SPOT_CHECK = registry.register("wf_spot", _("Spot check"))
FOLLOW_UP = registry.register("wf_action", _("Supervision follow-up action"))
REVIEW = registry.register("wf_review", _("Visit reviewed by the supervisor"))

register_page("workforce_handover", _("Handover checklist"))
register_page("workforce_reviews", _("Visits for the supervisor's review"))
