"""How sweeps hear of children registered while they run (signals in children.signals)."""

from django.dispatch import receiver

from children.signals import child_facts_changed

from .actions import do_record_found


@receiver(child_facts_changed, dispatch_uid="sweeps.record_found")
def record_found(sender, child_ids, source, **kwargs):
    # Inside the registration's transaction: the child is on the sweep exactly when it is registered.
    if source == "registration":
        do_record_found(child_ids)
