"""Audit's own generic actions, registered like any app's (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .registry import register

for _code, _label in AuditEvent.Action.choices:
    register(_code, _label)

# Administrators' own changes made in the Django admin (audit.admin_log).
ADMIN_ADD = register("adm_add", _("Administrator added a record"))
ADMIN_CHANGE = register("adm_change", _("Administrator changed a record"))
ADMIN_DELETE = register("adm_delete", _("Administrator deleted a record"))
# Expired events removed from the start of the chain (audit.chain.prune).
PRUNE = register("prune", _("Audit trail pruned"))
