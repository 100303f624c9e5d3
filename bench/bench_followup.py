"""Nightly recomputation of tiers, due dates and alerts at 200,000 children; "today" and overdue views.

Uses the registry bench's database (bench/bench_registry.py fills it once). Adds a visit
history for the county the first time, then times services.recompute_all() twice (the first
run writes every row; the second is the steady nightly state), and the pages.

    .venv/bin/python bench/bench_followup.py [--runs 20] [--database-url URL]

Targets (issue 4): recomputation under 60 s; "today" and the overdue views under 200 ms.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNTY = "511324"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/shouhu_bench")
    args = parser.parse_args()
    os.environ.update({
        "DATABASE_URL": args.database_url, "SECRET_KEY": "bench-only", "DEBUG": "False",
        "ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "shouhu.test_settings",
        "SHOUHU_NOTIFICATION_CHANNELS": "",
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from followup import demo, services
    from followup.models import FollowUp
    from visits.models import Visit

    setup_test_environment()
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
    for label in ("first run" if not FollowUp.objects.exists() else "re-run", "steady re-run"):
        t0 = time.perf_counter()
        totals = services.recompute_all(today=today)
        print(f"recompute_all ({label}): {time.perf_counter() - t0:.1f} s for {totals.get('children')} children; "
              f"tiers red {totals.get('red', 0)}, yellow {totals.get('yellow', 0)}, blue {totals.get('blue', 0)}, "
              f"green {totals.get('green', 0)}; {totals.get('alerts', 0)} new alerts")

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
        return client

    cases = [
        ("today (CWD, village)", client_for("cwd1"), "/today/"),
        ("today (supervisor, township)", client_for("supervisor1"), "/today/"),
        ("today (county officer, 200k)", client_for("county"), "/today/"),
        ("follow-up: overdue by village (township)", client_for("supervisor1"), "/follow-up/"),
        ("follow-up: overdue by village (county)", client_for("county"), "/follow-up/"),
        ("child profile with risk card (CWD)", client_for("cwd1"), None),
    ]
    from core import access

    cwd = User.objects.get(username="cwd1")
    first = access.children_for(cwd).first()
    print(f"\n{'request':<44} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for label, client, url in cases:
        url = url or f"/children/{first.uuid}/"
        client.get(url)
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        worst = max(worst, p95)
        print(f"{label:<44} {statistics.median(times):>10.1f} {p95:>8.1f} {max(times):>8.1f}")
    print(f"\nworst p95: {worst:.1f} ms (target < 200 ms): {'PASS' if worst < 200 else 'FAIL'}")


if __name__ == "__main__":
    main()
