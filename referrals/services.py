"""Escalation of referrals nobody answered in time: to the supervisor, then to the county."""

from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from alerts.escalation import Overdue, escalate
from partners.access import organisations_serving

from .alert_kinds import REFERRAL_OVERDUE
from .models import Referral


def escalate_overdue(now: datetime | None = None) -> int:
    """Alert the township supervisor when a referral's answer is overdue, and the county
    officers when it is overdue by as long again. Dedupe keys make re-runs harmless."""
    now = now or timezone.now()
    overdue = Referral.objects.filter(status=Referral.Status.SENT, respond_by__lt=now).select_related(
        "child", "organisation"
    )
    counts = escalate(
        (
            Overdue(
                child=r.child,
                key=f"referral-overdue:{r.pk}",
                params={"referral": str(r.uuid), "organisation": r.organisation.name},
                to_county=now > r.respond_by + (r.respond_by - r.created_at),
            )
            for r in overdue
        ),
        REFERRAL_OVERDUE,
    )
    return counts.total()


def nightly_escalation(today: date) -> int:
    """The nightly job (settings.SHOUHU_NIGHTLY_JOBS): answers are due at an hour, not on a day,
    so this escalates as of the moment it runs, which falls on `today`."""
    return escalate_overdue()


def suggestions(child, service: str) -> list:
    """The organisations offering the service whose area contains the child's village, best first.

    The rule, shown to nobody but relied on by the form's preset (the first one):
    1. an organisation that has reached the open referrals it says it can take goes after every
       one with room, since a referral there would wait;
    2. the nearest area first: one serving the child's village, then her township, then her
       county, then wider (a prefecture or the province);
    3. the fewest open referrals (sent, accepted or in progress) first;
    4. then by name, so that the order is stable.
    """
    if not service:
        return []
    orgs = (
        organisations_serving(child.village)
        .select_related("division")
        .annotate(load=Count("referrals", filter=Q(referrals__status__in=Referral.OPEN)))
    )
    matching = [o for o in orgs if service in (o.services or [])]
    return sorted(
        matching,
        key=lambda o: (o.capacity is not None and o.load >= o.capacity, -o.division.level, o.load, o.name),
    )
