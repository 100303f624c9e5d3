"""Every write to a referral: permission re-checked, one transaction, an event and an audit row."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village, staff_of_organisation
from alerts.actions import do_alert
from audit.actions import do_log
from audit.models import AuditEvent
from children.access import can_edit
from children.actions import UNRECORDED
from children.signals import facts_changed
from core.errors import ActionError
from core.scope import scoped

from . import access
from .alert_kinds import ANSWERED, REFERRAL_NEW
from .models import Referral, ReferralEvent, response_hours

S = Referral.Status


class ReferralMoved(ActionError):
    """The referral left the state this step starts from: someone else answered or closed it
    between the page being shown and the button being pressed."""


def _locked(referral: Referral) -> Referral:
    """Re-read the referral's status under a row lock (and, on SQLite, inside the IMMEDIATE
    transaction's write lock), so that of two answers sent at once (accept and decline, close
    and accept) only the first is recorded and the second sees the state it left."""
    referral.status = Referral.objects.select_for_update().only("status").get(pk=referral.pk).status
    return referral


def _event(actor, referral: Referral, status: str, note: str = "", *, request=None) -> None:
    ReferralEvent.objects.create(referral=referral, status=status, by=actor, note=note)
    do_log(
        actor,
        AuditEvent.Action.UPDATE,
        child=referral.child,
        request=request,
        details={"referral": str(referral.uuid), "status": status, "note": UNRECORDED if note else ""},
    )


def _referrers(referral: Referral):
    """Who hears the organisation's answers: the staff member who referred the child; for a
    referral a partner opened under a legal duty (a school's dropout report), the child's CWDs,
    since the partner cannot open a referral made to another organisation."""
    if referral.created_by and referral.created_by.role != User.Role.PARTNER:
        return [referral.created_by]
    return staff_by_village({referral.village_id}, User.Role.CWD)[referral.village_id]


@transaction.atomic
def do_refer(actor, referral: Referral, *, request=None) -> Referral:
    """Send a child to an organisation for a service. The organisation's staff are alerted."""
    if not can_edit(actor, referral.child):
        raise ActionError("not allowed")
    referral.created_by = actor
    referral.village_id = referral.child.village_id
    referral.status = S.SENT
    _send(actor, referral, referral.need, request)
    return referral


def _send(actor, referral: Referral, note: str, request) -> None:
    referral.respond_by = timezone.now() + timedelta(hours=response_hours(referral.urgency))
    referral.save()
    _event(actor, referral, S.SENT, note, request=request)
    org = referral.organisation_id
    do_alert(
        staff_of_organisation([org])[org],
        REFERRAL_NEW,
        child=referral.child,
        params={"referral": str(referral.uuid), "service": referral.service, "urgency": referral.urgency},
        dedupe_key=f"referral:{referral.pk}",
    )
    facts_changed([referral.child_id], "referral")


def do_open_statutory_referral(
    actor,
    child,
    organisation,
    *,
    service: str,
    urgency: str,
    need: str,
    statutory_basis: str,
    note: str = "",
    request=None,
) -> Referral:
    """A referral a partner opens on its own legal duty, with no consent to ask for.

    A school reporting a dropout opens a return-to-school referral to the education bureau (MPL
    Art. 28). The partner matched the child but cannot see the file, so permission is the
    caller's duty to check; runs inside the caller's transaction. The child's open referral for
    the same service is returned instead of a second one.
    """
    existing = Referral.objects.filter(child=child, service=service, status__in=Referral.OPEN).first()
    if existing:
        return existing
    referral = Referral(
        child=child,
        village_id=child.village_id,
        organisation=organisation,
        service=service,
        urgency=urgency,
        need=need,
        statutory_basis=statutory_basis,
        created_by=actor,
        status=S.SENT,
    )
    _send(actor, referral, note or need, request)
    return referral


def _respond(actor, referral: Referral, new_status: str, allowed_from: tuple, note: str, request) -> None:
    # Permission is judged on the referral as the user saw it; the state, on the locked row.
    if not access.can_respond_to_referral(actor, referral):
        raise ActionError("not allowed")
    if _locked(referral).status not in allowed_from:
        raise ReferralMoved(f"the referral is {referral.status} now")
    referral.status = new_status
    referral.save(update_fields=["status", "outcome", "services_delivered", "closing_reason", "updated_at"])
    _event(actor, referral, new_status, note, request=request)
    do_alert(
        _referrers(referral),
        ANSWERED[new_status],
        child=referral.child,
        params={"referral": str(referral.uuid), "organisation": referral.organisation.name, "note": note},
        dedupe_key=f"referral:{referral.pk}:{new_status}",
    )
    facts_changed([referral.child_id], "referral")


@transaction.atomic
def do_accept(actor, referral: Referral, note: str = "", *, request=None) -> None:
    _respond(actor, referral, S.ACCEPTED, (S.SENT,), note, request)


@transaction.atomic
def do_decline(actor, referral: Referral, reason: str, *, request=None) -> None:
    referral.closing_reason = reason
    _respond(actor, referral, S.DECLINED, (S.SENT,), reason, request)


@transaction.atomic
def do_start(actor, referral: Referral, note: str = "", *, request=None) -> None:
    _respond(actor, referral, S.IN_PROGRESS, (S.ACCEPTED,), note, request)


@transaction.atomic
def do_complete(actor, referral: Referral, outcome: str, services: list[str], *, request=None) -> None:
    referral.outcome, referral.services_delivered = outcome, services
    _respond(actor, referral, S.COMPLETED, (S.ACCEPTED, S.IN_PROGRESS), outcome, request)


@transaction.atomic
def do_close(actor, referral: Referral, reason: str, *, request=None) -> None:
    """The referring side closes a referral (done, no longer needed, sent elsewhere)."""
    if not access.may_close_referrals(actor):
        raise ActionError("not allowed")
    if _locked(referral).status == S.CLOSED:
        raise ReferralMoved("the referral is closed already")
    referral.status, referral.closing_reason = S.CLOSED, reason
    referral.save(update_fields=["status", "closing_reason", "updated_at"])
    _event(actor, referral, S.CLOSED, reason, request=request)
    facts_changed([referral.child_id], "referral")


@transaction.atomic
def do_reassign_referrals(actor, from_user, to_user, *, villages, request=None) -> int:
    """Hand a leaving CWD's open referrals in these villages to their successor (workforce
    handovers): the successor then hears the organisations' answers. County officers only, or the
    nightly job (actor None) when a term ends."""
    if actor is not None and not (actor.is_active and actor.role in (User.Role.COUNTY_OFFICER, User.Role.ADMIN)):
        raise ActionError("not allowed")
    rows = Referral.objects.select_for_update()
    moved = list(
        (rows if actor is None else scoped(rows, actor))
        .filter(created_by=from_user, status__in=Referral.OPEN, village_id__in=list(villages))
        .select_related("child")
    )
    for referral in moved:
        Referral.objects.filter(pk=referral.pk).update(created_by=to_user)
        do_log(
            actor,
            AuditEvent.Action.UPDATE,
            child=referral.child,
            request=request,
            details={"referral": str(referral.uuid), "created_by": [from_user.pk, to_user.pk], "why": "handover"},
        )
    return len(moved)
