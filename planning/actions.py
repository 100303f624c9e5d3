"""Writes of the planning app: a county's assumptions (or the defaults), and the export's audit."""

from django.db import IntegrityError, transaction

from audit.actions import do_log
from core.errors import ActionError
from core.versioning import StaleEdit, claim_version

from .access import can_edit_assumptions
from .audit_actions import ASSUMPTIONS, EXPORT
from .calc import Assumptions
from .models import FIELDS, TRAVEL_MAX, PlanningAssumptions
from .queries import default_assumptions, saved_assumptions


def assumptions_row(area: str) -> PlanningAssumptions:
    """The saved row of a county ("" for the defaults), or an unsaved one holding what applies now
    (the defaults' values for a county without a row), at version 0."""
    row = PlanningAssumptions.objects.filter(area=area).first()
    if row is not None:
        return row
    applies = saved_assumptions([area])[area] if area else default_assumptions()
    values = {name: getattr(applies, name) for name in Assumptions.scalar_names()}
    return PlanningAssumptions(area=area, lock_version=0, **values, travel_overrides={})


def _check(values: dict, overrides: dict) -> None:
    for name, _label, _unit, low, high in FIELDS:
        if not isinstance(values.get(name), int) or not low <= values[name] <= high:
            raise ActionError(f"{name} out of range")
    for code, minutes in overrides.items():
        if len(code) != 12 or not code.isdigit() or not isinstance(minutes, int) or not 0 <= minutes <= TRAVEL_MAX:
            raise ActionError("travel override out of range")


@transaction.atomic
def do_set_assumptions(
    actor, area: str, *, values: dict, overrides: dict, note: str, seen_version: int, request=None
) -> PlanningAssumptions:
    """Save a county's assumptions ("" the defaults); StaleEdit if someone saved since the form was
    opened (version 0: the form was opened before the county had its own row)."""
    if not can_edit_assumptions(actor, area):
        raise ActionError("not allowed")
    if area and any(not code.startswith(area) for code in overrides):
        raise ActionError("a village outside the county")
    _check(values, overrides)
    row = assumptions_row(area)
    old = {name: getattr(row, name) for name, *_ in FIELDS} | {"travel_overrides": dict(row.travel_overrides)}
    new = dict(values) | {"travel_overrides": dict(overrides)}
    if row.pk is not None and old == new and row.note == note:
        return row
    if row.pk is None:
        if seen_version != 0:
            raise StaleEdit(["assumptions"], current=row)
        try:
            # A savepoint: a concurrent first save of the same county is a stale edit, not an error.
            with transaction.atomic():
                row = PlanningAssumptions.objects.create(area=area, note=note, updated_by=actor, **new)
        except IntegrityError:
            raise StaleEdit(["assumptions"], current=assumptions_row(area)) from None
    else:
        if not claim_version(PlanningAssumptions, row.pk, seen_version):
            raise StaleEdit(["assumptions"], current=row)
        for name, value in new.items():
            setattr(row, name, value)
        row.note, row.updated_by = note, actor
        row.save(update_fields=[*new, "note", "updated_by", "updated_at"])
    changed = {name: [old[name], new[name]] for name in new if old[name] != new[name]}
    do_log(actor, ASSUMPTIONS, details={"area": area, "changed": changed}, request=request)
    return row


def do_log_export(actor, area: str, *, what_if: bool, request=None) -> None:
    """One summary event for a downloaded plan: it holds counts per village, no child."""
    do_log(actor, EXPORT, details={"area": area, "what_if": what_if}, request=request)
