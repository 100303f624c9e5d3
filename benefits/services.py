"""The nightly allowance job: tell the village when a running allowance needs a look.

- the eligibility derived from the file (children.assess) no longer shows the approved category
  (a parent was released, a condition ended): the CWD should ask to stop or change it (W9);
- the child turns 18 within NEAR_18_DAYS: the allowance stops after that month unless local
  rules extend it while at school;
- the child has turned 18: the allowance stops from the month after the birthday
  (benefits.exits.do_stop_at_18), unless the file still shows the child eligible (a local rule
  that extends support while at school, children.EligibilityRules); the county is told;
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
from .exits import do_stop_at_18
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
    adults: list[tuple[int, str, int, str, date]] = []
    for pk, uuid, child_id, village, category, recheck, born in running:
        params = {"benefit": str(uuid)}
        turns_18 = add_months(born, 12 * 18)
        if turns_18 <= today:
            # Stopped below, or kept by a local rule that also keeps the file eligible (no mismatch).
            adults.append((pk, category, child_id, village, turns_18))
        elif turns_18 <= today + timedelta(days=NEAR_18_DAYS):
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
        if category in DERIVED and turns_18 > today:
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
    stopped = _stop_adults(adults, today)
    staff = staff_by_village({e[1] for e in events}, User.Role.CWD, User.Role.SUPERVISOR)
    alerts, counts = [], defaultdict(int)
    for child_id, village, kind, params, key, roles in events:
        counts[kind] += 1
        for user in staff[village]:
            if user.role in roles:
                alerts.append(Alert(recipient=user, kind=kind, child_id=child_id, params=params, dedupe_key=key))
    with transaction.atomic():
        counts["alerts"] = do_alert_many(alerts)
    counts["stopped_18"] = stopped
    return dict(counts)


def _stop_adults(adults: list[tuple[int, str, int, str, date]], today: date) -> int:
    """Stop the allowances of children past 18, but those a local rule extends (the file still
    shows them eligible: orphans or de facto unsupported children still at school)."""
    extended = set()
    derived = [row for row in adults if row[1] in DERIVED]
    for start in range(0, len(derived), CHUNK):
        chunk = derived[start : start + CHUNK]
        children = children_for_jobs().select_related("village", "household").prefetch_related("household__parents")
        by_id = {c.pk: c for c in children.filter(pk__in=[row[2] for row in chunk])}
        for pk, category, child_id, _village, _day in chunk:
            child = by_id.get(child_id)
            if child is not None and not child.is_closed and eligibility(child, category, today)[0]:
                extended.add(pk)
    # One transaction per allowance: one failure does not undo the others' stops.
    return sum(do_stop_at_18(pk, day) for pk, _c, _ch, _v, day in adults if pk not in extended)
