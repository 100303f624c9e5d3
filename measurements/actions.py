"""Recording measurements: scored with the WHO engine and logged on the child's history."""

from django.db import transaction

import growth
from audit.actions import do_log
from children.access import can_edit
from core.errors import ActionError

from .audit_actions import MEASURE
from .models import Measurement

SEX_CODE = {"M": growth.MALE, "F": growth.FEMALE}


def _float(value) -> float | None:
    return None if value is None else float(value)


def score(measurement: Measurement) -> None:
    """Fill the stored z-scores, flags and findings from the measured values."""
    child = measurement.child
    result = growth.score_one(
        SEX_CODE[child.sex],
        (measurement.measured_on - child.date_of_birth).days,
        float(measurement.weight_kg) if measurement.weight_kg is not None else None,
        float(measurement.length_cm) if measurement.length_cm is not None else None,
        measurement.measured_lying,
        float(measurement.muac_mm) if measurement.muac_mm is not None else None,
        measurement.oedema,
        head_cm=_float(measurement.head_cm),
        triceps_mm=_float(measurement.triceps_mm),
        subscapular_mm=_float(measurement.subscapular_mm),
    )
    measurement.age_days = result.age_days
    for field in ("haz", "waz", "whz", "baz", "muacz", "hcz", "tsz", "ssz"):
        value = getattr(result, field)
        setattr(measurement, field, None if value is None else round(value, 2))
    measurement.flagged = sorted(result.flagged)
    measurement.findings = list(result.findings)


@transaction.atomic
def do_record_measurement(actor, measurement: Measurement, *, request=None) -> Measurement:
    if not can_edit(actor, measurement.child):
        raise ActionError("not editable")
    measurement.recorded_by = actor
    score(measurement)
    measurement.save()
    do_log(
        actor,
        MEASURE,
        child=measurement.child,
        request=request,
        details={
            "measured_on": measurement.measured_on.isoformat(),
            "weight_kg": str(measurement.weight_kg or ""),
            "length_cm": str(measurement.length_cm or ""),
            "muac_mm": measurement.muac_mm,
            "oedema": measurement.oedema,
            "head_cm": str(measurement.head_cm or ""),
            "triceps_mm": str(measurement.triceps_mm or ""),
            "subscapular_mm": str(measurement.subscapular_mm or ""),
            "findings": measurement.findings,
        },
    )
    return measurement


@transaction.atomic
def do_void_measurement(actor, measurement: Measurement, reason: str, *, request=None) -> None:
    if not can_edit(actor, measurement.child) or measurement.is_void:
        raise ActionError("not editable")
    measurement.voided_reason = reason
    measurement.save(update_fields=["voided_reason"])
    do_log(
        actor,
        MEASURE,
        child=measurement.child,
        request=request,
        details={"voided": measurement.measured_on.isoformat(), "reason": reason},
    )
