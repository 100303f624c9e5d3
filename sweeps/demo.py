"""A running sweep in the demo county, so that `make run` shows one (manage.py seed_demo, demo.discovery).

The county officer starts it through the real action (every open file on its village's list, the
villages' CWDs alerted). Then the villages have made progress as they would in the first week: most
villages confirmed part of their list, some have not started, and the first CWD's village is a third
done, so that her Today page shows what is left. The confirmations are written in bulk with one
audit event each (`do_log_many`), as the one-tap action would have written them.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from audit.actions import do_log_many
from children.access import children_for_jobs

from .actions import do_start_sweep
from .audit_actions import SWEEP_CONFIRM
from .models import Sweep, SweepItem

# After everything else (the registry's demo, visits, tiers, plans): the snapshot takes the files
# as the demo leaves them, so no later demo write reads as a correction.
ORDER = 300
NOT_STARTED = 0.2  # share of villages that have not started yet
FIRST_CWD_DONE = 1 / 3


def _reference_date(today: date) -> date:
    """The last 31 July, as the 2016 national sweep fixed its reference date."""
    this_year = date(today.year, 7, 31)
    return this_year if this_year <= today else date(today.year - 1, 7, 31)


def generate(county_code: str, *, seed: int, today: date) -> Sweep | None:
    officer = (
        User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county_code, is_active=True)
        .order_by("pk")
        .first()
    )
    if officer is None or Sweep.objects.filter(area_id=county_code, status=Sweep.Status.RUNNING).exists():
        return None
    sweep = do_start_sweep(
        officer,
        name=f"{today.year}年农村留守儿童和困境儿童摸底排查",
        reference_date=_reference_date(today),
        deadline=today + timedelta(days=21),
    )
    rng = random.Random(seed * 7919 + 13)
    cwds = {u.division_id: u for u in User.objects.filter(role=User.Role.CWD, division__code__startswith=county_code)}
    first_cwd = User.objects.filter(username="cwd1").first()
    by_village: dict[str, list[int]] = {}
    for pk, village in SweepItem.objects.filter(sweep=sweep).values_list("pk", "village_id").order_by("pk"):
        by_village.setdefault(village, []).append(pk)
    confirmed: list[tuple[int, User]] = []
    for village, pks in sorted(by_village.items()):
        if first_cwd is not None and village == first_cwd.division_id:
            share = FIRST_CWD_DONE
        elif rng.random() < NOT_STARTED:
            continue
        else:
            share = rng.uniform(0.2, 0.95)
        actor = cwds.get(village, officer)
        confirmed += [(pk, actor) for pk in rng.sample(pks, int(len(pks) * share))]
    now = timezone.now()
    for actor in {a for _, a in confirmed}:
        pks = [pk for pk, a in confirmed if a == actor]
        SweepItem.objects.filter(pk__in=pks).update(confirmed_at=now, confirmed_by=actor)
        children = children_for_jobs().filter(sweep_items__pk__in=pks).only("pk")
        do_log_many(actor, SWEEP_CONFIRM, [(child, {"sweep": str(sweep.uuid)}) for child in children.iterator()])
    return sweep


def seed(county: str, *, seed: int, today: date) -> str:
    sweep = generate(county, seed=seed, today=today)
    if sweep is None:
        return "no sweep (no county officer, or one is running)"
    return f"1 running sweep of {sweep.files_at_start} files"
