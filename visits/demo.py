"""Demo visit history, so that the demo county's "today", tiers and alerts look like real work.

Deterministic for a seed. Each open file gets its last visit some days ago (most recent for the
children already at risk), with the checklist answered; a small share of visits found a
problem, in proportions that give a plausible spread of tiers. Run by `manage.py seed_demo`
(demo.discovery) before the tiers are computed.
"""

import random
from datetime import date, timedelta

from accounts.models import User
from children.access import children_for_jobs
from children.choices import Status
from risk.checklist import ITEMS

from .models import Visit

# (item, share of visits answering "yes") — rough, for a realistic spread, not statistics.
FINDINGS = [
    ("domestic_violence", 0.004),
    ("lives_alone", 0.003),
    ("self_harm", 0.002),
    ("unexplained_injuries", 0.002),
    ("caregiver_incapable", 0.02),
    ("guardian_neglect", 0.01),
    ("truancy", 0.02),
    ("emotional_problems", 0.04),
    ("unsafe_home", 0.03),
    ("not_enough_food", 0.01),
    ("missed_immunisation", 0.02),
    ("bullying", 0.02),
    ("internet_addiction", 0.03),
]
MODES = [(Visit.Mode.HOME, 0.7), (Visit.Mode.PHONE, 0.2), (Visit.Mode.SCHOOL, 0.07), (Visit.Mode.VIDEO, 0.03)]


def generate_visits(county_code: str, *, seed: int, today: date, batch_size: int = 2000) -> int:
    rng = random.Random(seed * 7919 + 17)
    cwds = {
        u.division_id: u.pk for u in User.objects.filter(role=User.Role.CWD, division__code__startswith=county_code)
    }
    rows = list(
        children_for_jobs()
        .filter(village__code__startswith=county_code)
        .exclude(status=Status.CLOSED)
        .order_by("pk")
        .values_list("pk", "village_id", "registered_at")
    )
    baseline = {item.code: "no" for item in ITEMS}
    visits = []
    for pk, village, registered_at in rows:
        if rng.random() < 0.08:
            continue  # never visited yet
        answers = dict(baseline)
        for code, share in FINDINGS:
            if rng.random() < share:
                answers[code] = "yes"
        worrying = any(v == "yes" for v in answers.values())
        # Children with a finding were seen more recently; the rest spread over a quarter,
        # so that some are overdue as in any real county.
        days_ago = rng.randint(0, 20) if worrying else int(rng.triangular(0, 120, 30))
        visited = max(today - timedelta(days=days_ago), registered_at.date())
        mode = rng.choices([m for m, _ in MODES], [w for _, w in MODES])[0]
        visits.append(
            Visit(
                child_id=pk,
                visited_on=min(visited, today),
                mode=mode,
                saw_child=True,
                saw_caregiver=mode == Visit.Mode.HOME,
                answers=answers,
                recorded_by_id=cwds.get(village),
            )
        )
    Visit.objects.bulk_create(visits, batch_size=batch_size)
    return len(visits)


def seed(county: str, *, seed: int, today: date) -> str:
    return f"{generate_visits(county, seed=seed, today=today)} visits"
