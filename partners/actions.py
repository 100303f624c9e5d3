"""Every write to the partner directory: permission re-checked, one transaction, an audit row."""

from django.db import transaction

from audit.actions import do_log
from audit.models import AuditEvent
from core.errors import ActionError
from core.versioning import StaleEdit, claim_version

from .access import organisations_for
from .models import Organisation

FIELDS = ("name", "type", "division", "services", "contact_person", "phone", "address", "capacity", "is_active")


def organisation_snapshot(org: Organisation) -> dict:
    return {f: (org.division_id if f == "division" else getattr(org, f)) for f in FIELDS}


@transaction.atomic
def do_save_organisation(
    actor, org: Organisation | None, data: dict, *, seen_version: int | None = None, request=None
) -> Organisation:
    """Add an organisation to the directory, or change one the user manages.

    `data` holds the form's cleaned values for FIELDS; the area must lie within the county
    officer's own county. The audit row records what changed ({field: [old, new]}). A change
    to an existing entry names the version its form was opened on (StaleEdit if it moved on).
    """
    if org is not None and not organisations_for(actor).filter(pk=org.pk).exists():
        raise ActionError("not your directory")
    before = organisation_snapshot(org) if org else {}
    if org is not None:
        if all(before[f] == (data[f].pk if f == "division" else data[f]) for f in FIELDS):
            return org
        if not claim_version(Organisation, org.pk, seen_version):
            raise StaleEdit(["organisation"], current=org)
        org.lock_version = seen_version + 1
    org = org or Organisation()
    for field in FIELDS:
        setattr(org, field, data[field])
    org.save()
    if not organisations_for(actor).filter(pk=org.pk).exists():
        raise ActionError("area outside the user's county")  # rolls the save back
    after = organisation_snapshot(org)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    do_log(
        actor,
        AuditEvent.Action.CREATE if not before else AuditEvent.Action.UPDATE,
        request=request,
        details={"organisation": str(org.uuid), "changes": changes},
    )
    return org
