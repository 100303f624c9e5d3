"""Allowances that stop without an application: the registry closed the child's file, the child
moved to another county, or the child turned 18 (DOMAIN.md §2 W9).

These are actions (one transaction, an audit row, the county told by an alert) that the system
takes rather than a user: the receivers of the registry's signals (benefits.receivers) and the
nightly job (benefits.services) call them.

The month rule is the one every exit follows (benefits.months.stop_month, 自次月起停发): the month
of the event is still paid, the allowance stops from the next one. For 18 that is the month after
the 18th birthday; DOMAIN.md §1.1 lets local rules extend orphans' and de facto unsupported
children's support while they are still at school after 18, which the registry's eligibility
rules record (children.EligibilityRules `orphan_extend_in_school`, `dfu_extend_in_school`): where
the file still shows the child eligible at 18 the allowance keeps running, and the nightly
mismatch alert asks for an exit once the child leaves school.

A transfer to a village of another county stops the allowance here (W9 lists the transfer to
another jurisdiction as a closure: the county that paid stops paying, the receiving county
applies under its own standards); the stopped allowance stays with the county that paid it. A
transfer inside the county changes nothing: the same county pays on.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from audit.actions import do_log
from children.choices import ClosureReason
from core.versioning import bump_version

from . import alert_kinds as kinds
from . import months
from .audit_actions import DECIDE, STOP
from .models import Application, Benefit, ExitReason, RollLine, Step

COUNTY_WIDTH = 6

# Why the file was closed → why the allowance stops.
FROM_CLOSURE = {
    ClosureReason.TURNED_18: ExitReason.TURNED_18,
    ClosureReason.PARENTS_RETURNED: ExitReason.PARENT_RETURNED,
    ClosureReason.CONDITION_ENDED: ExitReason.CONDITION_ENDED,
    ClosureReason.MOVED: ExitReason.MOVED,
    ClosureReason.TRANSFERRED: ExitReason.MOVED,
    ClosureReason.DIED: ExitReason.DIED,
}


def paid_months(benefit: Benefit) -> date | None:
    """末领年月 from the recorded payments: the latest month whose money reached the family."""
    return RollLine.objects.filter(benefit=benefit, payment=RollLine.Payment.PAID, amount__gt=0).aggregate(
        m=Max("month")
    )["m"]


def _stop(benefit: Benefit, stop: date, reason: str, event: date, *, actor=None, request=None, **details) -> None:
    """Stop a running allowance (locked and re-read), record 末领年月, audit it and tell the
    county officers who pay it."""
    benefit = Benefit.objects.select_for_update().select_related("child").get(pk=benefit.pk)
    if benefit.stop_month is not None:
        return
    # Never before the first month: stopped in it (or before it) means no month is due at all.
    stop = max(stop, benefit.start_month)
    benefit.stop_month, benefit.exit_reason, benefit.exit_on = stop, reason, event
    benefit.last_paid_month = paid_months(benefit)
    benefit.save(update_fields=["stop_month", "exit_reason", "exit_on", "last_paid_month"])
    bump_version(Benefit, benefit.pk)
    last = benefit.last_paid_month.isoformat()[:7] if benefit.last_paid_month else ""
    do_log(
        actor,
        STOP,
        child=benefit.child,
        request=request,
        details={
            "benefit": str(benefit.uuid),
            "stop_month": stop.isoformat()[:7],
            "last_paid": last,
            "reason": reason,
            "automatic": True,
            **details,
        },
    )
    officers = staff_by_village({benefit.village_id}, User.Role.COUNTY_OFFICER)[benefit.village_id]
    do_alert(
        officers,
        kinds.STOPPED,
        child=benefit.child,
        params={
            "benefit": str(benefit.uuid),
            "village": benefit.village_id,
            "reason": reason,
            "stop": stop.isoformat()[:7],
            "last_paid": last,
        },
        dedupe_key=f"benefit:stopped:{benefit.pk}",
    )


def _end_open_applications(child, actor=None, request=None) -> int:
    """An application still in progress when the file closes ends with it: refused, with the
    closure as the reason the family reads, a step in its story and an audit row."""
    ended = 0
    note = gettext("The child's file was closed (%(reason)s): the application ends with it.") % {
        "reason": child.get_closure_reason_display() or gettext("closed")
    }
    for application in Application.objects.select_for_update().filter(child=child, status__in=Application.OPEN):
        application.status, application.refusal_reason = Application.Status.REFUSED, note
        application.save(update_fields=["status", "refusal_reason"])
        Step.objects.create(application=application, kind=Step.Kind.REFUSED, by=actor, note=note)
        do_log(
            actor, DECIDE, child=child, request=request, details={"application": str(application.uuid), "closed": True}
        )
        ended += 1
    return ended


@transaction.atomic
def do_stop_on_closure(child, *, actor=None, request=None) -> Benefit | None:
    """The child's file was closed: an application in progress ends, and the running allowance
    stops from the month after the closure date, for the reason the closure gives (other reasons:
    "other")."""
    _end_open_applications(child, actor, request)
    benefit = Benefit.objects.filter(child=child, stop_month__isnull=True).first()
    if benefit is None or child.closed_on is None:
        return None
    reason = FROM_CLOSURE.get(child.closure_reason, ExitReason.OTHER)
    _stop(
        benefit,
        months.stop_month(child.closed_on),
        reason,
        child.closed_on,
        actor=actor,
        request=request,
        closure=child.closure_reason,
    )
    return benefit


@transaction.atomic
def do_stop_on_transfer(child, from_village: str, to_village: str, on: date, *, actor=None) -> Benefit | None:
    """The child's file moved to a village of another county: the allowance stops here from the
    month after the move and stays in the list of the county that paid it."""
    if from_village[:COUNTY_WIDTH] == to_village[:COUNTY_WIDTH]:
        return None
    benefit = Benefit.objects.filter(child=child, stop_month__isnull=True).first()
    if benefit is None:
        return None
    # The transfer moved every copy of the village; the stopped allowance is the old county's record.
    Benefit.objects.filter(pk=benefit.pk).update(village_id=from_village)
    benefit.village_id = from_village
    _stop(benefit, months.stop_month(on), ExitReason.MOVED, on, actor=actor, to_village=to_village)
    return benefit


@transaction.atomic
def do_stop_at_18(benefit_id: int, turned_18_on: date) -> bool:
    """The nightly job found a running allowance of a child who turned 18 and whose file shows no
    extension: it stops from the month after the birthday. True if it stopped now."""
    benefit = Benefit.objects.filter(pk=benefit_id, stop_month__isnull=True).first()
    if benefit is None:
        return False
    _stop(benefit, months.stop_month(turned_18_on), ExitReason.TURNED_18, turned_18_on)
    return True
