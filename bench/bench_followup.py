"""Nightly recomputation of tiers, due dates and alerts at 200,000 children; "today" and overdue views.

Uses the registry bench's database (bench/bench_registry.py fills it once). Adds a visit
history for the county the first time, then times services.recompute_all() twice (the first
run writes every row; the second is the steady nightly state), and the pages.

    .venv/bin/python bench/bench_followup.py [--runs 20] [--database-url URL]

Targets (issue 4): recomputation under 60 s; "today" and the overdue views under 200 ms.
"""

import argparse
import sys
import time
from datetime import date

from common import DEFAULT_DATABASE_URL, client_for, setup_django, time_pages

COUNTY = "511324"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages-only", action="store_true", help="skip the recomputation timings")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from followup import services
    from followup.models import FollowUp
    from visits import demo
    from visits.models import Visit

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="cwd1").exists():
        sys.exit("Run bench/bench_registry.py first: it fills the bench database.")
    today = date.today()
    if not Visit.objects.exists():
        t0 = time.perf_counter()
        n = demo.generate_visits(COUNTY, seed=2026, today=today)
        print(f"generated {n} visits in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for label in (
        () if args.pages_only else ("first run" if not FollowUp.objects.exists() else "re-run", "steady re-run")
    ):
        t0 = time.perf_counter()
        totals = services.recompute_all(today=today)
        print(
            f"recompute_all ({label}): {time.perf_counter() - t0:.1f} s for {totals.get('children')} children; "
            f"tiers red {totals.get('red', 0)}, yellow {totals.get('yellow', 0)}, blue {totals.get('blue', 0)}, "
            f"green {totals.get('green', 0)}; {totals.get('alerts', 0)} new alerts"
        )

    def client_named(username: str):
        return client_for(User.objects.get(username=username))

    cases = [
        ("today (CWD, village)", client_named("cwd1"), "/today/"),
        ("today (supervisor, township)", client_named("supervisor1"), "/today/"),
        ("today (county officer, 200k)", client_named("county"), "/today/"),
        ("follow-up: overdue by village (township)", client_named("supervisor1"), "/follow-up/"),
        ("follow-up: overdue by village (county)", client_named("county"), "/follow-up/"),
        ("child profile with risk card (CWD)", client_named("cwd1"), None),
    ]
    from children.access import children_for

    cwd = User.objects.get(username="cwd1")
    first = children_for(cwd).first()
    cases = [(label, client, url or f"/children/{first.uuid}/") for label, client, url in cases]
    print()
    time_pages(cases, args.runs)


if __name__ == "__main__":
    main()
