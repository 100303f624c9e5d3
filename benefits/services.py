"""The nightly allowance job: tell the village when a running allowance needs a look.

- the eligibility derived from the file (children.assess) no longer shows the approved category
  (a parent was released, a condition ended): the CWD should ask to stop or change it (W9);
- the child turns 18 within NEAR_18_DAYS: the allowance stops after that month unless local
  rules extend it while at school;
- the yearly (or locally set) re-check of the beneficiary is due.

Dedupe keys make a re-run on the same night raise nothing twice: the mismatch is raised once a
month while it lasts, the birthday once, the re-check once per due date.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert
from children.access import children_for_jobs
from core.dates import add_months

from . import alert_kinds as kinds
from .actions import DERIVED, eligibility
from .models import Benefit

NEAR_18_DAYS = 60
CHUNK = 1000


def nightly(today: date) -> dict[str, int]:
    running = list(
        Benefit.objects.filter(stop_month__isnull=True).values_list(
            "pk", "uuid", "child_id", "village_id", "category", "next_recheck_on", "child__date_of_birth"
        )
    )
    events: list[tuple[int, str, str, dict, str, tuple]] = []
    derived = []
    for pk, uuid, child_id, village, category, recheck, born in running:
        params = {"benefit": str(uuid)}
        turns_18 = add_months(born, 12 * 18)
        if today <= turns_18 <= today + timedelta(days=NEAR_18_DAYS):
            events.append(
                (
                    child_id,
                    village,
                    kinds.NEAR_18,
                    params | {"day": str(turns_18)},
                    f"benefit:18:{pk}",
                    (User.Role.CWD, User.Role.SUPERVISOR),
                )
            )
        if recheck <= today:
            events.append(
                (
                    child_id,
                    village,
                    kinds.RECHECK_DUE,
                    params | {"day": str(recheck)},
                    f"benefit:recheck:{pk}:{recheck}",
                    (User.Role.CWD,),
                )
            )
        if category in DERIVED:
            derived.append((pk, uuid, child_id, village, category))
    for start in range(0, len(derived), CHUNK):
        chunk = derived[start : start + CHUNK]
        children = children_for_jobs().select_related("village", "household").prefetch_related("household__parents")
        by_id = {c.pk: c for c in children.filter(pk__in=[row[2] for row in chunk])}
        for pk, uuid, child_id, village, category in chunk:
            child = by_id.get(child_id)
            if child is None or child.is_closed:
                continue
            meets, _reasons = eligibility(child, category, today)
            if not meets:
                events.append(
                    (
                        child_id,
                        village,
                        kinds.MISMATCH,
                        {"benefit": str(uuid)},
                        f"benefit:mismatch:{pk}:{today:%Y-%m}",
                        (User.Role.CWD, User.Role.SUPERVISOR),
                    )
                )
    staff = staff_by_village({e[1] for e in events}, User.Role.CWD, User.Role.SUPERVISOR)
    alerts, counts = [], defaultdict(int)
    for child_id, village, kind, params, key, roles in events:
        counts[kind] += 1
        for user in staff[village]:
            if user.role in roles:
                alerts.append(Alert(recipient=user, kind=kind, child_id=child_id, params=params, dedupe_key=key))
    with transaction.atomic():
        counts["alerts"] = do_alert_many(alerts)
    return dict(counts)
