"""A sweep of a 200,000-child county: starting it (the snapshot of every open file and the alerts),
the county's and a township's progress pages, a CWD's village list, and closing it (outcomes,
changed fields and eligibility at the reference date for every file).

Runs against its own scratch PostgreSQL database (filled once with a demo county; later runs
reuse it). Each run starts a sweep, times the pages, closes it, and deletes it again:

    .venv/bin/python bench/bench_sweeps.py [--children 200000] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta

from bench_registry import COUNTY, ensure_database
from common import client_for, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_sweeps"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="page loads per page")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from alerts.models import Alert
    from children.models import Child  # the bench reads the table size only
    from demo import registry
    from sweeps.actions import do_close_sweep, do_confirm_item, do_start_sweep
    from sweeps.models import Sweep, SweepItem

    call_command("migrate", verbosity=0)
    if not Child.objects.exists():
        call_command("load_divisions", verbosity=0)
        started = time.perf_counter()
        registry.generate(COUNTY, children=args.children, seed=2026)
        print(f"demo county of {args.children} children in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    county = User.objects.get(username="county")
    supervisor = User.objects.get(username="supervisor1")
    cwd = User.objects.get(username="cwd1")
    Sweep.objects.filter(area_id=COUNTY).delete()
    Alert.objects.filter(kind="sweep_started").delete()

    started = time.perf_counter()
    sweep = do_start_sweep(
        county, name="bench", reference_date=date(2026, 7, 31), deadline=timezone.localdate() + timedelta(days=30)
    )
    start_s = time.perf_counter() - started
    print(f"start: {sweep.files_at_start} files on the lists in {start_s:.2f} s")
    # A week of work: every third file of the CWD's village confirmed.
    for item in SweepItem.objects.filter(sweep=sweep, village_id=cwd.division_id).select_related("sweep", "child")[::3]:
        do_confirm_item(cwd, item)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sweeps_sweepitem")

    pages = [
        ("county progress (per township)", county, reverse("sweep_detail", args=[sweep.uuid])),
        ("township progress (per village)", supervisor, reverse("sweep_detail", args=[sweep.uuid])),
        ("CWD's village list, to check", cwd, reverse("sweep_village", args=[sweep.uuid, cwd.division_id])),
        ("CWD's village list, search", cwd, reverse("sweep_village", args=[sweep.uuid, cwd.division_id]) + "?q=zh"),
        ("CWD's Today page", cwd, reverse("today")),
    ]
    for name, user, url in pages:
        client = client_for(user)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name}: median {statistics.median(times):.0f} ms (best {min(times):.0f}, {args.runs} runs)")

    started = time.perf_counter()
    counts = do_close_sweep(county, sweep)
    print(f"close: {sum(counts.values())} items in {time.perf_counter() - started:.2f} s ({counts})")
    started = time.perf_counter()
    client = client_for(county)
    response = client.get(reverse("sweep_report", args=[sweep.uuid]))
    assert response.status_code == 200
    print(f"report page: {(time.perf_counter() - started) * 1000:.0f} ms")
    Sweep.objects.filter(pk=sweep.pk).delete()


if __name__ == "__main__":
    main()
