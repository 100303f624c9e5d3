"""The dashboards' demo (manage.py seed_demo, demo.discovery): the demo county's daily snapshots
for the trend days (month ends and today), the officials above the county, and generated figures
for every other county of the country (dashboards.simulate), labelled "simulated" on the pages.

Last of all demos: every figure counts what the other apps' demos wrote, tiers and due dates
included. A month end's figures are computed from today's records with that day's date windows
(see core.indicators.moment): the demo has no history of statuses and tiers, so its trends show
the visit, report and measurement history the demos wrote, on the registry as it stands. The
simulation runs after the real snapshots, so the areas above the county sum both.
"""

from datetime import date

from accounts.models import User
from geo.models import Division

from . import snapshots
from .board import trend_days
from .simulate import simulate

ORDER = 900
# Month ends in the trends: 6 keeps the demo's SQLite quick (about a million generated rows for
# some 3,000 counties); the benchmarks generate 24 (bench/bench_board.py).
MONTHS = 6
LOGINS = ("province1", "national1")  # printed by serve_demo with the other demo logins


def seed(county: str, *, seed: int, today: date) -> str:
    days = trend_days(today, MONTHS)
    rows = sum(snapshots.take_snapshot(day, county) for day in days)
    summary = f"{len(days)} dashboard snapshots ({rows} figures)"
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county).order_by("pk").first()
    if officer is None:
        return summary + "; no county officer: no officials"
    province = Division.objects.get(code=county[:2])
    for username, division, name in (("province1", province, "孙处长"), ("national1", None, "周司长")):
        User.objects.update_or_create(
            username=username,
            defaults={
                "password": officer.password,
                "role": User.Role.OFFICIAL,
                "division": division,
                "full_name": name,
                "is_active": True,
            },
        )
    done = simulate(today, months=MONTHS, exclude={county}, seed=seed)
    return summary + f"; {done['counties']} simulated counties over {done['days']} days ({done['rows']} figures)"
