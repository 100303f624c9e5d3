"""The family link's audit actions and pages (see audit.registry, audit.reads)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page
from audit.registry import register

INVITE = register("fam_invite", _("Family member invited"))
LINKED = register("fam_linked", _("Family member linked"))
ENTRUST = register("fam_entrst", _("Entrustment confirmed by the parent"))
CALL = register("fam_call", _("Call with the child logged by the parent"))
NOTICE = register("fam_notice", _("Notice sent to the family"))
ANSWER = register("fam_answer", _("Family answered a notice"))

register_page("family", _("Family link"))
register_page("family_parent", _("Parent's page"))
