"""How follow-up keeps up with the registry and the domain apps (signals in children.signals)."""

from django.db import transaction
from django.dispatch import receiver

from children.signals import child_closed, child_facts_changed

from .models import FollowUp
from .services import CHUNK, reassess
from .tasks import reassess_children

# Up to this many children, the tiers are recomputed right after the commit, in the request: a
# CWD's visit or edit shows its new tier at once (a few ms a child). Beyond it (a ledger import of
# a county: 100,000 children took ~21 s), a background job does it, a chunk of CHUNK at a time, so
# that the officer's page answers at once; the tiers follow within the minute, and the nightly
# recomputation would catch anything a lost job missed.
IMMEDIATE_MAX = 2000


@receiver(child_facts_changed, dispatch_uid="followup.reassess")
def reassess_on_commit(sender, child_ids, source, **kwargs):
    if not child_ids:
        return
    ids = list(child_ids)
    if len(ids) > IMMEDIATE_MAX:
        # Enqueued after the commit: the job reads what was saved; an import rolled back queues none.
        transaction.on_commit(lambda: _enqueue(ids, source), robust=True)
        return
    # After commit: the tier is computed from what was saved, and a failure to compute it
    # must not undo the visit or registration that caused it (robust).
    transaction.on_commit(lambda: reassess(ids, source=source), robust=True)


def _enqueue(child_ids: list[int], source: str) -> None:
    for start in range(0, len(child_ids), CHUNK):
        reassess_children.enqueue(child_ids[start : start + CHUNK], source)


@receiver(child_closed, dispatch_uid="followup.leave_schedule")
def leave_schedule(sender, child, **kwargs):
    FollowUp.objects.filter(child=child).delete()
