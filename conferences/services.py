"""The nightly job: an agency's action past its due date is raised with the convener, and with the
county's officers once it is a week late (each alert once per action and level)."""

from datetime import date, timedelta

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert

from . import alert_kinds as kinds
from .models import AgencyAction, Conference

COUNTY_AFTER_DAYS = 7


def escalate_overdue(today: date) -> dict[str, int]:
    late = (
        AgencyAction.objects.filter(status=AgencyAction.Status.OPEN, due_on__lt=today)
        .exclude(conference__status=Conference.Status.CLOSED)
        .select_related("conference", "conference__child", "conference__convened_by", "member__organisation")
    )
    late = list(late)
    officers = staff_by_village({a.conference.village_id for a in late}, User.Role.COUNTY_OFFICER)
    counts = {"convener": 0, "county": 0}
    for action in late:
        c = action.conference
        params = {
            "conference": str(c.uuid),
            "agency": action.member.organisation.name,
            "due": str(action.due_on),
            "what": action.description[:80],
        }
        counts["convener"] += len(
            do_alert([c.convened_by], kinds.OVERDUE, child=c.child, params=params, dedupe_key=f"conf-late:{action.pk}")
        )
        if action.due_on <= today - timedelta(days=COUNTY_AFTER_DAYS):
            counts["county"] += len(
                do_alert(
                    officers[c.village_id],
                    kinds.OVERDUE,
                    child=c.child,
                    params=params | {"level": "county"},
                    dedupe_key=f"conf-late-county:{action.pk}",
                )
            )
    return counts
