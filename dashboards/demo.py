"""Demo officials above the county and generated figures for every other county of the country
(dashboards.simulate), so that the province's and the national dashboards have something to show;
the pages label those figures "simulated". Runs after the records are made (`manage.py seed_demo`, demo.discovery): the
areas above the county are summed from every county's rows, the demo county's real ones included."""

from datetime import date

from accounts.models import User
from geo.models import Division

from .simulate import simulate

ORDER = 250  # after the apps that make the records, before the sweep (which stays last)
# Month-end days in the trends: 6 keeps the demo's SQLite quick (~1 million generated rows for
# ~3,000 counties); the benchmark generates 24 (bench/bench_board.py).
MONTHS = 6
LOGINS = ("province1", "national1")  # printed by serve_demo with the other demo logins


def seed(county: str, *, seed: int, today: date) -> str:
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county).order_by("pk").first()
    if officer is None:
        return "no county officer: no officials"
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
    return f"{done['counties']} simulated counties over {done['days']} days ({done['rows']} dashboard figures)"
