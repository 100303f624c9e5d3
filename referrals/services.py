"""Escalation of referrals nobody answered in time: to the supervisor, then to the county."""

from datetime import date, datetime

from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert

from .alert_kinds import REFERRAL_OVERDUE
from .models import Referral


def escalate_overdue(now: datetime | None = None) -> int:
    """Alert the township supervisor when a referral's answer is overdue, and the county
    officers when it is overdue by as long again. Dedupe keys make re-runs harmless."""
    now = now or timezone.now()
    raised = 0
    overdue = list(Referral.objects.filter(status=Referral.Status.SENT, respond_by__lt=now).select_related(
        "child", "organisation"))
    villages = {r.child.village_id for r in overdue}
    supervisors = staff_by_village(villages, User.Role.SUPERVISOR)
    officers = staff_by_village(villages, User.Role.COUNTY_OFFICER)
    for referral in overdue:
        village = referral.child.village_id
        window = referral.respond_by - referral.created_at
        raised += len(do_alert(supervisors[village], REFERRAL_OVERDUE, child=referral.child,
                               params={"referral": str(referral.uuid), "organisation": referral.organisation.name},
                               dedupe_key=f"referral-overdue:{referral.pk}"))
        if now > referral.respond_by + window:
            raised += len(do_alert(officers[village], REFERRAL_OVERDUE, child=referral.child,
                                   params={"referral": str(referral.uuid), "organisation": referral.organisation.name,
                                           "level": "county"},
                                   dedupe_key=f"referral-overdue-county:{referral.pk}"))
    return raised


def nightly_escalation(today: date) -> int:
    """The nightly job (settings.SHOUHU_NIGHTLY_JOBS): answers are due at an hour, not on a day,
    so this escalates as of the moment it runs, which falls on `today`."""
    return escalate_overdue()


def suggestions(child, service: str) -> list:
    """Organisations offering the service whose area contains the child's village, least loaded first."""
    from django.db.models import Count, Q

    from partners.access import organisations_serving

    orgs = organisations_serving(child.village).annotate(
        load=Count("referrals", filter=Q(referrals__status__in=Referral.OPEN)))
    matching = [o for o in orgs if service in (o.services or [])]
    return sorted(matching, key=lambda o: (o.capacity is not None and o.load >= o.capacity, o.load, o.name))
