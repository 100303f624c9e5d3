"""Every write to visits, their comments and the parent-contact log.

Each action checks permission, owns its transaction, writes the audit row in it, and asks
followup to recompute the child's tier once the transaction has committed.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from alerts.actions import do_alert
from audit.actions import do_log
from audit.models import AuditEvent
from children.access import children_for
from children.actions import UNRECORDED, do_record_parent_contact
from children.models import Child
from children.signals import facts_changed
from core.errors import ActionError
from core.fields import encrypted_fields
from core.versioning import StaleEdit
from measurements.actions import do_record_measurement
from measurements.models import Measurement

from .access import can_comment, can_record
from .alert_kinds import SUPERVISOR_COMMENT
from .models import ParentContact, Visit, VisitComment

A = AuditEvent.Action

# What a visit says; a new version is made only when one of these changes.
CONTENT_FIELDS = (
    "visited_on",
    "mode",
    "saw_child",
    "saw_caregiver",
    "saw_parent",
    "answers",
    "notes",
    "living_conditions",
    "needs",
    "actions_taken",
    "next_visit_on",
    "contact_only",
)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def visit_snapshot(visit: Visit) -> dict[str, Any]:
    return {f: _jsonable(getattr(visit, f)) for f in CONTENT_FIELDS}


# Fields encrypted at rest: the audit row says that they changed, never what they said (as
# children.actions does for the registry's encrypted fields).
_UNRECORDED_FIELDS = {f.name for f in encrypted_fields(Visit)}


def _unrecorded(value: Any) -> Any:
    return UNRECORDED if value else value


def visit_changes(before: Visit, after: Visit) -> dict[str, list[Any]]:
    """{field: [old, new]} for the audit row, with the checklist and notes item by item; the text
    of an encrypted field is replaced by UNRECORDED."""
    old, new = visit_snapshot(before), visit_snapshot(after)
    changes: dict[str, list[Any]] = {}
    for f in CONTENT_FIELDS:
        if f in ("answers", "notes"):
            for code in sorted(set(old[f]) | set(new[f])):
                if old[f].get(code) != new[f].get(code):
                    changes[f"{f}.{code}"] = [old[f].get(code), new[f].get(code)]
        elif old[f] != new[f]:
            changes[f] = [old[f], new[f]]
    return {
        key: list(map(_unrecorded, pair)) if key.split(".")[0] in _UNRECORDED_FIELDS else pair
        for key, pair in changes.items()
    }


def chain_id(visit: Visit) -> int:
    """The id shared by all versions of a visit (a first version may be its own `original`)."""
    return visit.original_id or visit.pk


def _already_saved(actor, visit: Visit) -> Visit | None:
    """The same visit, saved by the same person today: a resubmission, not a second visit.

    On a weak connection the answer to the first POST can be lost; the CWD (or the restored
    draft) submits again. Same child, recorder, date and identical contents: it is that visit.
    """
    since = timezone.now() - timedelta(days=1)
    same = visit_snapshot(visit)
    for candidate in Visit.objects.filter(
        child=visit.child,
        recorded_by=actor,
        visited_on=visit.visited_on,
        version=1,
        is_current=True,
        created_at__gte=since,
    ):
        if visit_snapshot(candidate) == same:
            return candidate
    return None


@transaction.atomic
def do_record_visit(actor, visit: Visit, measurement: Measurement | None = None, *, request=None) -> tuple[Visit, bool]:
    """Save a new visit, and the measurement taken at it; returns (visit, created).

    created is False when the same visit had already been saved (see _already_saved).
    """
    child: Child = visit.child
    if not can_record(actor, child):
        raise ActionError("not editable")
    twin = _already_saved(actor, visit)
    if twin is not None:
        return twin, False
    if measurement is not None:
        measurement.child = child
        measurement.measured_on = visit.visited_on
        do_record_measurement(actor, measurement, request=request)
        visit.measurement = measurement
    visit.recorded_by = actor
    visit.version, visit.is_current, visit.original = 1, True, None
    visit.save()
    visit.original = visit
    visit.save(update_fields=["original"])
    do_log(
        actor,
        A.CREATE,
        child=child,
        request=request,
        details={
            "visit": str(visit.uuid),
            "visited_on": visit.visited_on.isoformat(),
            "mode": visit.mode,
            "contact_only": visit.contact_only,
            "yes": visit.yes_items(),
            "measurement": str(measurement.uuid) if measurement else None,
        },
    )
    facts_changed([child.pk], "visit")
    return visit, True


def copy_for_edit(current: Visit) -> Visit:
    """An unsaved copy of a version, for the edit form to change."""
    return Visit(child=current.child, **{f: getattr(current, f) for f in CONTENT_FIELDS})


@transaction.atomic
def do_edit_visit(actor, current: Visit, edited: Visit, *, seen_version: int, request=None) -> Visit | None:
    """Save `edited` as the next version of `current`; None if nothing changed.

    `seen_version` is the version the edit form was opened on (StaleEdit if it is no longer the
    current one). The previous version is kept unchanged (only is_current flips), so what was
    first recorded can always be read again.
    """
    child: Child = current.child
    if not can_record(actor, child):
        raise ActionError("not editable")
    changes = visit_changes(current, edited)
    if not changes:
        return None
    # Claim the version the form was opened on with a conditional update (core.versioning: each
    # version of a visit is its own row, so the claim flips is_current instead of counting): of
    # two people saving an edit of the same version, exactly one succeeds and the other gets
    # the merge. The unique (original, version) constraint backs this up.
    if not Visit.objects.filter(pk=current.pk, version=seen_version, is_current=True).update(is_current=False):
        raise StaleEdit(["visit"], current=current)
    edited.pk = None
    edited._state.adding = True
    edited.uuid = uuid.uuid4()
    edited.child = child
    edited.original_id = chain_id(current)
    edited.version = current.version + 1
    edited.is_current = True
    edited.recorded_by = actor
    # The measurement stays linked to the version it was taken with (a measurement is
    # corrected by voiding it on the growth page, not by editing the visit).
    edited.measurement = None
    edited.save()
    if current.original_id is None:
        # A first version saved outside do_record_visit: make it the chain's original.
        Visit.objects.filter(pk=current.pk).update(original=current.pk)
    do_log(
        actor,
        A.UPDATE,
        child=child,
        request=request,
        details={
            "visit": str(edited.uuid),
            "version": edited.version,
            "previous": str(current.uuid),
            "changes": changes,
        },
    )
    facts_changed([child.pk], "visit")
    return edited


@transaction.atomic
def do_comment_visit(actor, visit: Visit, text: str, *, request=None) -> VisitComment:
    """A supervisor's or county officer's comment; the CWD who recorded the visit is alerted."""
    child: Child = visit.child
    if not can_comment(actor, child):
        raise ActionError("may not comment")
    comment = VisitComment.objects.create(visit=visit, author=actor, text=text)
    do_log(actor, A.CREATE, child=child, request=request, details={"visit": str(visit.uuid), "comment": comment.pk})
    # The person who made the visit, not whoever edited it last.
    recorder = (visit.original or visit).recorded_by
    # No alert to oneself, nor to someone who no longer has the child in scope (transferred
    # file, moved CWD): the alert would show them the child's name.
    if recorder is not None and recorder.pk != actor.pk and children_for(recorder).filter(pk=child.pk).exists():
        do_alert(
            [recorder],
            SUPERVISOR_COMMENT,
            child=child,
            params={"author": actor.display_name, "text": text[:200], "visit": str(visit.uuid)},
            dedupe_key=f"visit-comment:{comment.pk}",
        )
    return comment


@transaction.atomic
def do_record_contact(actor, contact: ParentContact, *, request=None) -> bool:
    """Log a parent's contact; returns whether the parent's last_contact moved forward."""
    child: Child = contact.child
    if not can_record(actor, child):
        raise ActionError("not editable")
    contact.recorded_by = actor
    contact.save()
    moved = do_record_parent_contact(child, contact.parent_role, contact.contact_on)
    do_log(
        actor,
        A.CREATE,
        child=child,
        request=request,
        details={
            "parent_contact": contact.pk,
            "parent": contact.parent_role,
            "contact_on": contact.contact_on.isoformat(),
            "mode": contact.mode,
            "last_contact_updated": bool(moved),
        },
    )
    return moved
