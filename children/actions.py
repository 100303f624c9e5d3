"""Every write to the child registry. Views and the API parse input and call one of these.

Each action owns its transaction and writes the audit row in it, so a record never changes
without its history.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit.actions import do_log
from audit.models import AuditEvent
from audit.reads import default_why
from core.errors import ActionError
from core.fields import encrypted_fields
from core.versioning import StaleEdit, bump_version, claim_version
from geo.access import villages_for

from . import access
from .audit_actions import REVEAL_ID
from .choices import ParentRole, Status
from .identity import mask_id_number, name_keys
from .models import Child, ChildTransfer, Household, HouseholdMember, Parent, village_scoped_models
from .signals import child_closed, child_transferred, facts_changed

A = AuditEvent.Action


def _snapshot(obj: Model, fields: list[str]) -> dict[str, Any]:
    return {f: _jsonable(getattr(obj, f)) for f in fields}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _diff(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> dict[str, list[Any]]:
    return {f"{prefix}{k}": [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# Encrypted fields other than ID numbers (the health note): the audit trail records that they
# changed, never what they said, so the audit table (not encrypted, exported to assessors)
# holds none of it. ID numbers are kept masked.
UNRECORDED = "***"
_UNRECORDED_FIELDS = {f.name for model in (Child, Household, Parent) for f in encrypted_fields(model)} - {"id_number"}


def _masked_ids(values: dict[str, Any]) -> dict[str, Any]:
    """Audit details keep ID numbers masked and encrypted fields unrecorded (an audit export must
    never hold a full ID number or a health note)."""

    def safe(field: str, value: Any) -> Any:
        if isinstance(value, list):
            return [safe(field, v) for v in value]
        if not isinstance(value, str) or not value:
            return value
        if field == "id_number":
            return mask_id_number(value)
        return UNRECORDED if field in _UNRECORDED_FIELDS else value

    return {k: safe(k.rsplit(".", 1)[-1], v) for k, v in values.items()}


def _form_fields(obj: Model, exclude: tuple[str, ...] = ()) -> list[str]:
    skip = {"id", "uuid", "household", "created_at", "updated_at", "id_number_digest", *exclude}
    return [f.attname for f in obj._meta.concrete_fields if f.name not in skip]


def _set_name_keys(child: Child) -> None:
    child.name_pinyin, child.name_initials = name_keys(child.name)


@transaction.atomic
def do_register_child(
    actor,
    child: Child,
    household: Household,
    parents: dict[str, Parent],
    members: list[HouseholdMember],
    *,
    request=None,
) -> Child:
    """Create a child's file (and its household, unless the child joins an existing one)."""
    if not access.can_register(actor) or not villages_for(actor).filter(pk=child.village_id).exists():
        raise ActionError("village outside the user's jurisdiction")
    is_new_household = household.pk is None
    if is_new_household:
        household.village_id = child.village_id
        household.save()
        for role, parent in parents.items():
            parent.household = household
            parent.role = role
            parent.save()
        for member in members:
            member.household = household
            member.save()
    child.household = household
    child.status = Status.REGISTERED
    child.registered_by = actor
    _set_name_keys(child)
    child.save()
    do_log(
        actor,
        A.CREATE,
        child=child,
        details={
            "fields": _masked_ids(_snapshot(child, _form_fields(child))),
            "household": str(household.uuid),
            "new_household": is_new_household,
        },
        request=request,
    )
    facts_changed([child.pk], "registration")  # a new file is due for its first visit at once
    return child


@transaction.atomic
def do_update_child(
    actor,
    child: Child,
    before: dict[str, Any],
    household: Household | None = None,
    household_before: dict[str, Any] | None = None,
    parents: dict[str, tuple[dict[str, Any], Parent]] | None = None,
    members: list[HouseholdMember] | None = None,
    removed_members: list[HouseholdMember] | None = None,
    *,
    seen: dict[str, int],
    request=None,
) -> dict[str, list[Any]]:
    """Save edits; `before` is child_snapshot() taken before the form changed the object.

    `seen` holds the version each form was opened on ("child", "household", and each parent's
    role). Only records that differ from what is saved are written, each claimed at its seen
    version; if any was saved meanwhile by someone else, nothing is written and StaleEdit
    names them. The household's version covers its members.
    """
    if not access.can_edit(actor, child):
        raise ActionError("not editable")
    child_changes = _diff(before, child_snapshot(child))
    household_changes = _diff(household_before or {}, household_snapshot(household), "household.") if household else {}
    parent_changes = {
        role: _diff(parent_before, _snapshot(parent, _form_fields(parent, ("role",))), f"{role}.")
        for role, (parent_before, parent) in (parents or {}).items()
    }
    member_changes: dict[str, list[Any]] = {}
    for member in members or []:
        if member.pk is None:
            member_changes[f"member.{member.name}"] = [None, member.relation]
    for member in removed_members or []:
        member_changes[f"member.{member.name}"] = [member.relation, None]
    # Claim every changed record before writing any: a refused claim rolls the others back.
    claims: list[tuple[str, Model]] = []
    if child_changes:
        claims.append(("child", child))
    if household is not None and (household_changes or members or removed_members):
        claims.append(("household", household))
    for role, (_before, parent) in (parents or {}).items():
        if parent_changes[role] and parent.pk is not None:
            claims.append((role, parent))
        elif parent_changes[role] and seen.get(role):
            claims.append((role, parent))  # the user edited a parent who is no longer on file
    stale = [key for key, obj in claims if obj.pk is None or not claim_version(type(obj), obj.pk, seen.get(key))]
    if stale:
        raise StaleEdit(stale, current=child)
    for key, obj in claims:
        obj.lock_version = seen[key] + 1  # what the claim wrote; save() must not write it back
    changes: dict[str, list[Any]] = {}
    if child_changes:
        _set_name_keys(child)
        child.save()
        changes |= child_changes
    if household_changes:
        household.save()
        changes |= household_changes
    for role, (_before, parent) in (parents or {}).items():
        if parent_changes[role]:
            parent.household = child.household
            parent.role = role
            parent.save()
            changes |= parent_changes[role]
    for member in members or []:
        member.household = child.household
        member.save()
    for member in removed_members or []:
        member.delete()
    changes |= member_changes
    if changes:
        do_log(actor, A.UPDATE, child=child, details={"changes": _masked_ids(changes)}, request=request)
    return changes


def child_snapshot(child: Child) -> dict[str, Any]:
    return _snapshot(
        child,
        _form_fields(
            child,
            (
                "status",
                "registered_at",
                "registered_by",
                "confirmed_at",
                "confirmed_by",
                "activated_at",
                "activated_by",
                "closed_by",
                "name_pinyin",
                "name_initials",
            ),
        ),
    )


def household_snapshot(household: Household) -> dict[str, Any]:
    return _snapshot(household, _form_fields(household, ("village",)))


def parent_snapshot(parent: Parent) -> dict[str, Any]:
    return _snapshot(parent, _form_fields(parent, ("role",)))


def _transition(actor, child: Child, allowed: bool, action: str, details: dict, request) -> None:
    if not allowed:
        raise ActionError(f"{action} not allowed")
    do_log(actor, action, child=child, details=details, request=request)


@transaction.atomic
def do_confirm_child(actor, child: Child, *, request=None) -> None:
    _transition(actor, child, access.can_confirm(actor, child), A.CONFIRM, {}, request)
    child.status, child.confirmed_by, child.confirmed_at, child.returned_note = (
        Status.CONFIRMED,
        actor,
        timezone.now(),
        "",
    )
    child.save(update_fields=["status", "confirmed_by", "confirmed_at", "returned_note", "updated_at"])


@transaction.atomic
def do_return_child(actor, child: Child, note: str, *, request=None) -> None:
    """The township sends a registration back to the village with what to correct."""
    _transition(actor, child, access.can_confirm(actor, child), A.RETURN, {"note": note}, request)
    child.returned_note = note
    child.save(update_fields=["returned_note", "updated_at"])


@transaction.atomic
def do_activate_child(actor, child: Child, *, request=None) -> None:
    _transition(actor, child, access.can_activate(actor, child), A.ACTIVATE, {}, request)
    child.status, child.activated_by, child.activated_at = Status.ACTIVE, actor, timezone.now()
    child.save(update_fields=["status", "activated_by", "activated_at", "updated_at"])


QUEUE_BATCH = 100  # files per transaction when a queue is processed whole


def do_process_queue(actor, children, status: str, *, request=None) -> tuple[int, int]:
    """Confirm (status "registered") or activate (status "confirmed") each file of `children`, the
    actor's scoped queryset of what they chose or of every file waiting, a batch per transaction:
    a county activating 2,000 files neither holds one long transaction nor loses all on an error.
    Each file goes through do_confirm_child / do_activate_child and their access checks; a file
    that changed meanwhile or that the actor may not move is skipped. Returns (done, skipped)."""
    act = do_confirm_child if status == Status.REGISTERED else do_activate_child
    pks = list(children.filter(status=status).order_by("registered_at", "pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(pks), QUEUE_BATCH):
        batch = pks[start : start + QUEUE_BATCH]
        with transaction.atomic():
            # Locked and re-read: a file another officer moved meanwhile is no longer "status".
            for child in children.filter(pk__in=batch, status=status).select_for_update(of=("self",)).order_by("pk"):
                try:
                    act(actor, child, request=request)
                except ActionError:
                    continue
                done += 1
    return done, len(pks) - done


@transaction.atomic
def do_close_child(actor, child: Child, reason: str, closed_on: date, note: str = "", *, request=None) -> None:
    """Close (archive) a file. Nothing is deleted; closed files still count in statistics."""
    details = {"reason": reason, "closed_on": closed_on.isoformat(), "note": note, "previous_status": child.status}
    _transition(actor, child, access.can_close(actor, child), A.CLOSE, details, request)
    child.status, child.closure_reason, child.closed_on, child.closure_note, child.closed_by = (
        Status.CLOSED,
        reason,
        closed_on,
        note,
        actor,
    )
    child.save(update_fields=["status", "closure_reason", "closed_on", "closure_note", "closed_by", "updated_at"])
    child_closed.send(sender=None, child=child)  # a closed file leaves the visit schedule at once


@transaction.atomic
def do_reopen_child(actor, child: Child, note: str, *, request=None) -> None:
    previous = {"reason": child.closure_reason, "closed_on": _jsonable(child.closed_on), "note": note}
    _transition(actor, child, access.can_reopen(actor, child), A.REOPEN, previous, request)
    # A reopened file goes back through the township, which confirms it again.
    child.status = Status.REGISTERED
    child.closure_reason, child.closed_on, child.closure_note, child.closed_by = "", None, "", None
    child.save(update_fields=["status", "closure_reason", "closed_on", "closure_note", "closed_by", "updated_at"])
    facts_changed([child.pk], "reopened")


@transaction.atomic
def do_transfer_child(
    actor, child: Child, to_village, transferred_on: date, reason: str = "", *, request=None
) -> ChildTransfer:
    """Move a file to another village; the transfer is kept as history."""
    allowed = (
        access.can_transfer(actor, child)
        and to_village.pk != child.village_id
        and villages_for(actor).filter(pk=to_village.pk).exists()
    )
    details = {"from": child.village_id, "to": to_village.pk, "on": transferred_on.isoformat(), "reason": reason}
    _transition(actor, child, allowed, A.TRANSFER, details, request)
    transfer = ChildTransfer.objects.create(
        child=child,
        from_village_id=child.village_id,
        to_village=to_village,
        transferred_on=transferred_on,
        reason=reason,
        by=actor,
    )
    child.village = to_village
    child.save(update_fields=["village", "updated_at"])
    for model in village_scoped_models():  # their lists are scoped by their copy of the village
        model.objects.filter(child=child).update(village_id=to_village.pk)
    # Siblings who stay keep the household; a household follows only when all its children move.
    household = child.household
    if not household.children.exclude(village=to_village).exists():
        household.village = to_village
        household.save(update_fields=["village", "updated_at"])
    child_transferred.send(sender=None, child=child, from_village=transfer.from_village_id, to_village=to_village.pk)
    return transfer


def do_set_schooling_status(actor, child: Child, status: str, *, details: dict | None = None, request=None) -> bool:
    """Record a change of schooling reported from outside the file (a school's dropout report).

    Runs inside the caller's transaction. The actor may be partner staff acting on a legal duty
    (a school reporting its own pupil), so the caller has matched the child; returns whether
    the status changed.
    """
    if child.schooling_status == status:
        return False
    before = child.schooling_status
    child.schooling_status = status
    child.save(update_fields=["schooling_status", "updated_at"])
    bump_version(Child, child.pk)  # an edit form opened before the report must not undo it
    do_log(
        actor, A.UPDATE, child=child, request=request, details={"schooling_status": [before, status], **(details or {})}
    )
    facts_changed([child.pk], "schooling")
    return True


def do_record_parent_contact(child: Child, parent_role: str, contact_on: date) -> bool:
    """Move a parent's last contact forward to `contact_on`; returns whether it moved.

    The caller (visits.actions.do_record_contact) has checked permission and logs the contact.
    A conditional update, so a contact entered late (an older date) never moves last_contact
    back, and two contacts saved at once cannot race. Parents belong to the household, so every
    sibling's contact lapse changes too.
    """
    moved = (
        Parent.objects.filter(household_id=child.household_id, role=parent_role)
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=contact_on))
        .update(last_contact=contact_on, lock_version=F("lock_version") + 1)  # stale edit forms must not undo it
    )
    siblings = Child.objects.filter(household_id=child.household_id).values_list("pk", flat=True)
    facts_changed([child.pk, *siblings], "contact")
    return bool(moved)


def do_reveal_id(actor, child: Child, via: str, *, request=None) -> str:
    """Log that the full ID number was shown ("profile", "api", "edit") and return it."""
    do_log(actor, REVEAL_ID, child=child, details={"via": via}, request=request)
    return child.id_number


@transaction.atomic
def do_log_export(
    actor, children: list[Child], filters: dict[str, Any], fmt: str, *, full_ids: bool = False, request=None
) -> None:
    """One summary event for the export, and one on each exported child's own history.

    `full_ids`: the export carries full ID numbers instead of masked ones; both the summary and
    each child's event say so, so an assessor can find every full-ID export.
    """
    via = default_why(actor)  # why the exporter could see these children: their jurisdiction
    details = {"count": len(children), "filters": filters, "format": fmt, "via": via}
    if full_ids:
        details["full_ids"] = True
    summary = do_log(actor, A.EXPORT, details=details, request=request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=summary.actor,
                action=A.EXPORT,
                child=child,
                details={"format": fmt, "export": summary.pk, "via": via, **({"full_ids": True} if full_ids else {})},
                ip_address=summary.ip_address,
            )
            for child in children
        ],
        batch_size=2000,
    )


PARENT_ROLES = [ParentRole.FATHER, ParentRole.MOTHER]
