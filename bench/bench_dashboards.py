"""County overview and follow-up page at 200,000 children: from today's snapshot versus live counts,
beside a bare Django page; and the time of the county's nightly snapshot.

Fills a scratch PostgreSQL database the way bench/bench_registry.py and bench/bench_followup.py
do (the demo county at 200,000 children, a visit history, the tiers and due dates), once; later
runs reuse it. Then takes the county's snapshot twice (the first run and a re-run, which replaces
the day's rows), and times full requests through Django's test client as the users who make them:
each dashboard page with today's snapshot, then the same page counting live (the version the
snapshot replaces), in the same run.

    .venv/bin/python bench/bench_dashboards.py [--children 200000] [--runs 30] [--database-url URL]

Targets (issue 15): overview and follow-up < 50 ms p95 from the snapshot; the county's snapshot < 30 s.
"""

import argparse
import subprocess
import sys
import time
from datetime import date
from unittest import mock

from bench_registry import ensure_database
from common import DEFAULT_DATABASE_URL, client_for, setup_django, time_pages

COUNTY = "511324"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", default=DEFAULT_DATABASE_URL.replace("shouhu_bench", "shouhu_bench_dashboards")
    )
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from children.access import children_for_jobs
    from dashboards import snapshots
    from demo import registry
    from followup import services
    from followup.models import FollowUp
    from visits import demo as visits_demo
    from visits.models import Visit

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    have = children_for_jobs().count()
    if have < args.children:
        if have:
            sys.exit(f"The bench database holds {have} children; drop it to regenerate.")
        t0 = time.perf_counter()
        registry.generate(COUNTY, children=args.children, seed=args.seed)
        print(f"generated {args.children} children in {time.perf_counter() - t0:.1f} s")
    registry.create_demo_users(COUNTY, "bench-password")
    today = date.today()
    if not Visit.objects.exists():
        t0 = time.perf_counter()
        n = visits_demo.generate_visits(COUNTY, seed=args.seed, today=today)
        print(f"generated {n} visits in {time.perf_counter() - t0:.1f} s")
    if not FollowUp.objects.exists():
        t0 = time.perf_counter()
        services.recompute_all(today=today)
        print(f"computed tiers and due dates in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    day = timezone.localdate()
    for label in ("first run", "re-run (replaces the day's rows)"):
        t0 = time.perf_counter()
        rows = snapshots.take_snapshot(day, COUNTY)
        seconds = time.perf_counter() - t0
        print(
            f"county snapshot, {label}: {seconds:.1f} s, {rows} rows"
            f" (target < 30 s: {'PASS' if seconds < 30 else 'FAIL'})"
        )

    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    print(
        f"\n{children_for_jobs().count()} children in {COUNTY}; {Visit.objects.count()} visits;"
        f" {connection.vendor} {getattr(connection, 'pg_version', '')}; {machine[0]} cores;"
        f" {machine[1].split(':')[-1].strip()}\n"
    )
    county, supervisor = (client_for(User.objects.get(username=u)) for u in ("county", "supervisor1"))
    pages = [
        ("county overview", county, "/overview/"),
        ("township overview", supervisor, "/overview/"),
        ("county follow-up", county, "/follow-up/"),
        ("township follow-up", supervisor, "/follow-up/"),
    ]
    print("From today's snapshot:")
    snap = time_pages([("bare page (login form, anonymous)", Client(), "/accounts/login/"), *pages], args.runs)
    print("\nLive counts (the version the snapshot replaces):")
    with mock.patch("dashboards.views.snapshots.taken_at", return_value=None):
        time_pages([("bare page (login form, anonymous)", Client(), "/accounts/login/"), *pages], args.runs)
    print(f"\nworst p95 from the snapshot: {snap:.1f} ms (target < 50 ms): {'PASS' if snap < 50 else 'FAIL'}")


if __name__ == "__main__":
    main()
