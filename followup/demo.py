"""The demo county's tiers, due dates and alerts, computed from every app's demo data.

Run by `manage.py seed_demo` (demo.discovery) after the apps whose data feeds the risk tiers
(ORDER 0) and before those that need the tiers.
"""

from datetime import date

<<<<<<< HEAD
from accounts.models import User
from children.access import children_for_jobs
from children.choices import Status
from risk.checklist import ITEMS
from visits.models import Visit
=======
from . import services
>>>>>>> demoapp

ORDER = 100


<<<<<<< HEAD
def generate_visits(county_code: str, *, seed: int, today: date, batch_size: int = 2000) -> int:
    rng = random.Random(seed * 7919 + 17)
    cwds = {u.division_id: u.pk
            for u in User.objects.filter(role=User.Role.CWD, division__code__startswith=county_code)}
    rows = list(children_for_jobs().filter(village__code__startswith=county_code)
                .exclude(status=Status.CLOSED).order_by("pk").values_list("pk", "village_id", "registered_at"))
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
        visits.append(Visit(child_id=pk, visited_on=min(visited, today), mode=mode, saw_child=True,
                            saw_caregiver=mode == Visit.Mode.HOME, answers=answers, recorded_by_id=cwds.get(village)))
    Visit.objects.bulk_create(visits, batch_size=batch_size)
    return len(visits)
=======
def seed(county: str, *, seed: int, today: date) -> str:
    # Every open file, not only the county's: files already up to date are left as they are.
    return f"follow-up computed: {services.recompute_all(today=today)}"
>>>>>>> demoapp
