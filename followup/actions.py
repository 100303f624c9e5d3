"""Every write to follow-up that a person makes: setting a tier by hand and ending it.

Each action checks permission again, owns its transaction and writes the audit row in it.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.actions import do_log
from audit.models import AuditEvent
from children.models import Child
from core.errors import ActionError

from . import access, services
from .models import TierOverride


@transaction.atomic
def do_override(actor, child: Child, tier: str, reason: str, expires_on: date, *, request=None) -> TierOverride:
    """Set the child's tier until a date, replacing any override in force; recompute at once."""
    if not access.can_override(actor, child):
        raise ActionError("may not set the tier")
    TierOverride.objects.filter(child=child, ended_at__isnull=True).update(ended_at=timezone.now())
    override = TierOverride.objects.create(child=child, tier=tier, reason=reason, expires_on=expires_on, by=actor)
    do_log(
        actor,
        AuditEvent.Action.UPDATE,
        child=child,
        request=request,
        details={"tier_override": [tier, expires_on.isoformat(), reason]},
    )
    # At once, not on commit: the supervisor's next page shows the tier they set.
    services.reassess([child.pk], source="override")
    return override


@transaction.atomic
def do_end_override(actor, child: Child, *, request=None) -> None:
    if not access.can_override(actor, child):
        raise ActionError("may not set the tier")
    TierOverride.objects.filter(child=child, ended_at__isnull=True).update(ended_at=timezone.now())
    do_log(actor, AuditEvent.Action.UPDATE, child=child, request=request, details={"tier_override": "ended"})
    services.reassess([child.pk], source="override")
