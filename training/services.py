"""The nightly job of training: tell a worker before their certificate of a required course ends,
and their supervisor and county once it has ended (each alert once per certificate)."""

from datetime import date, timedelta

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert

from . import alert_kinds as kinds
from .models import Certificate
from .queries import EXPIRING_DAYS


def nightly(today: date) -> dict[str, int]:
    # Only a worker's latest certificate of a course matters: a renewed one silences the old.
    renewed = Certificate.objects.filter(expires_on__gt=today + timedelta(days=EXPIRING_DAYS))
    soon = Certificate.objects.filter(
        course__required=True,
        worker__is_active=True,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=EXPIRING_DAYS),
    ).select_related("course", "worker")
    rows = []
    # Renewed through any course of the topic (the same course in another language counts).
    fresh = set(renewed.values_list("worker_id", "course__topic"))
    soon = [c for c in soon if (c.worker_id, c.course.topic) not in fresh]
    for cert in soon:
        rows.append(
            Alert(
                recipient=cert.worker,
                kind=kinds.CERT_EXPIRING,
                params={"course": cert.course.title, "course_id": cert.course_id, "date": str(cert.expires_on)},
                dedupe_key=f"training-expiring:{cert.pk}",
            )
        )
    ended = Certificate.objects.filter(
        course__required=True, worker__is_active=True, expires_on=today - timedelta(days=1)
    ).select_related("course", "worker")
    valid = set(Certificate.objects.filter(expires_on__gte=today).values_list("worker_id", "course__topic"))
    ended = [c for c in ended if (c.worker_id, c.course.topic) not in valid]
    # A worker's supervisor and county officer: staff_by_village takes any code long enough.
    places = {c.worker.division_id.ljust(12, "0") for c in ended if c.worker.division_id}
    staff = staff_by_village(places, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)
    for cert in ended:
        params = {
            "course": cert.course.title,
            "worker": cert.worker.display_name,
            "date": str(cert.expires_on),
        }
        code = (cert.worker.division_id or "").ljust(12, "0")
        for user in [cert.worker, *staff.get(code, [])]:
            if user.pk == cert.worker_id or user.division_id != cert.worker.division_id:
                rows.append(
                    Alert(
                        recipient=user, kind=kinds.CERT_EXPIRED, params=params, dedupe_key=f"training-ended:{cert.pk}"
                    )
                )
    return {"expiring": len(soon), "ended": len(ended), "alerts": do_alert_many(rows)}
