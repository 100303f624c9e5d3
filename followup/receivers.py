"""How follow-up keeps up with the registry and the domain apps (signals in children.signals)."""

from django.db import transaction
from django.dispatch import receiver

from children.signals import child_closed, child_facts_changed

from .models import FollowUp
from .services import reassess


@receiver(child_facts_changed, dispatch_uid="followup.reassess")
def reassess_on_commit(sender, child_ids, source, **kwargs):
    if not child_ids:
        return
    # After commit: the tier is computed from what was saved, and a failure to compute it
    # must not undo the visit or registration that caused it (robust).
    transaction.on_commit(lambda: reassess(child_ids, source=source), robust=True)


@receiver(child_closed, dispatch_uid="followup.leave_schedule")
def leave_schedule(sender, child, **kwargs):
    FollowUp.objects.filter(child=child).delete()
