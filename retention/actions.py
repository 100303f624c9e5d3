"""Writes of the retention app: a county's retention period."""

from django.db import IntegrityError, transaction

from audit.actions import do_log
from core.errors import ActionError
from core.versioning import StaleEdit, claim_version
from geo.models import Division

from .access import county_of_officer
from .audit_actions import POLICY
from .models import DEFAULT_YEARS, MAX_YEARS, MIN_YEARS, RetentionPolicy


def policy_of(county: Division) -> RetentionPolicy:
    """The county's policy row, or an unsaved one with the defaults (version 0)."""
    policy = RetentionPolicy.objects.filter(division=county).first()
    return policy or RetentionPolicy(division=county, minimise_after_years=DEFAULT_YEARS, lock_version=0)


@transaction.atomic
def do_set_policy(
    actor, county: Division, *, years: int, note: str, seen_version: int, request=None
) -> RetentionPolicy:
    """Set the county's period; StaleEdit if someone saved it since the form was opened
    (version 0: the form was opened on the defaults, before any row existed)."""
    if county_of_officer(actor) != county:
        raise ActionError("not allowed")
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ActionError("retention period out of range")
    policy = policy_of(county)
    old = policy.minimise_after_years
    if policy.pk is not None and (old, policy.note) == (years, note):
        return policy
    if policy.pk is None:
        if seen_version != 0:
            raise StaleEdit(["policy"], current=policy)
        try:
            # A savepoint: a concurrent first save of the same county is a stale edit, not an error.
            with transaction.atomic():
                policy = RetentionPolicy.objects.create(
                    division=county, minimise_after_years=years, note=note, updated_by=actor
                )
        except IntegrityError:
            raise StaleEdit(["policy"], current=policy_of(county)) from None
    else:
        if not claim_version(RetentionPolicy, policy.pk, seen_version):
            raise StaleEdit(["policy"], current=policy)
        policy.minimise_after_years, policy.note, policy.updated_by = years, note, actor
        policy.save(update_fields=["minimise_after_years", "note", "updated_by", "updated_at"])
    details = {"county": county.code, "minimise_after_years": [old, years]}
    do_log(actor, POLICY, details=details, request=request)
    return policy
