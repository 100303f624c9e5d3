"""Signals the registry sends, so that the apps built on it react without being named here.

Each is sent inside the writing action's transaction; a receiver that does slow work defers it
with transaction.on_commit (followup.receivers recomputes tiers that way).

- child_facts_changed(child_ids, source): facts that feed a child's risk changed (registration,
  reopening, a visit, a contact, a school absence, a referral). Domain apps send it too.
- child_closed(child): a file was closed; it leaves every schedule at once.
- child_transferred(child, from_village, to_village): a file moved village. The rows that keep a
  copy of the village (children.models.VillageScoped) are already updated when it is sent.
"""

from django.dispatch import Signal

child_facts_changed = Signal()
child_closed = Signal()
child_transferred = Signal()


def facts_changed(child_ids, source: str) -> None:
    """Tell whoever keeps derived state (tiers, due dates) that these children's facts changed."""
    child_facts_changed.send(sender=None, child_ids=sorted(set(child_ids)), source=source)
