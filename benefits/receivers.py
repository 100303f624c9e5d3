"""How allowances keep up with the registry (signals in children.signals): a closed file or a
move to another county stops the running allowance at once (benefits.exits)."""

from django.dispatch import receiver
from django.utils import timezone

from children.signals import child_closed, child_transferred

from .exits import do_stop_on_closure, do_stop_on_transfer


@receiver(child_closed, dispatch_uid="benefits.stop_on_closure")
def stop_on_closure(sender, child, **kwargs):
    # Sent inside the closing action's transaction: the stop is kept or undone with the closure.
    do_stop_on_closure(child)


@receiver(child_transferred, dispatch_uid="benefits.stop_on_transfer")
def stop_on_transfer(sender, child, from_village, to_village, **kwargs):
    # The transfer just recorded (children.actions.do_transfer_child) gives the date of the move.
    transfer = child.transfers.order_by("-pk").first()
    on = transfer.transferred_on if transfer is not None else timezone.localdate()
    do_stop_on_transfer(child, str(from_village), str(to_village), on)
