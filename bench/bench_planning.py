"""Coverage planning for a 200,000-child county: the county's plan page (and with a what-if), a
township's, the .xlsx and the administrator's table of counties, beside the county overview
and follow-up pages timed in the same run (the pages a county officer already opens).

Runs against its own scratch PostgreSQL database (filled once with the demo county and its
tiers; later runs reuse it):

    .venv/bin/python bench/bench_planning.py [--children 200000] [--runs 20]
"""

import argparse
import sys
import time

from bench_registry import COUNTY, ensure_database
from common import client_for, setup_django, time_pages

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_planning"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from children.access import children_for_jobs
    from demo import registry
    from followup import services
    from followup.models import FollowUp
    from geo.models import Division

    call_command("migrate", verbosity=0)
    if not children_for_jobs().exists():
        call_command("load_divisions", verbosity=0)
        started = time.perf_counter()
        registry.generate(COUNTY, children=args.children, seed=2026)
        print(f"demo county of {args.children} children in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if not FollowUp.objects.exists():
        started = time.perf_counter()
        services.recompute_all()
        print(f"tiers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    county = User.objects.get(username="county")
    supervisor = User.objects.get(username="supervisor1")
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": User.Role.ADMIN})
    township = supervisor.division_id
    villages = Division.objects.filter(code__startswith=COUNTY, level=Division.Level.VILLAGE).count()
    print(f"{FollowUp.objects.count()} open files with tiers, {villages} villages\n")

    c, s, a = client_for(county), client_for(supervisor), client_for(admin)
    whatif = {"whatif": "1", "minutes_red": 60, "minutes_yellow": 45, "minutes_blue": 40, "minutes_green": 30}
    whatif |= {"travel_minutes": 60, "cwd_hours": 30, "villages_per_supervisor": 14, "supervision_hours": 4}
    whatif |= {"supervisor_hours": 80, "target_percent": 90, "cwd_stipend": 300, "supervisor_stipend": 500}
    cases = [
        ("baseline: county overview", c, "/overview/"),
        ("baseline: county follow-up", c, "/follow-up/"),
        ("county plan", c, f"/planning/{COUNTY}/"),
        ("county plan, what-if", c, f"/planning/{COUNTY}/", whatif),
        ("township plan (supervisor)", s, f"/planning/{township}/"),
        ("county plan .xlsx", c, f"/planning/{COUNTY}/plan.xlsx"),
        ("administrator's table of counties", a, "/planning/"),
    ]
    time_pages(cases, args.runs, width=36)


if __name__ == "__main__":
    main()
