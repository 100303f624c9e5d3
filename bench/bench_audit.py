"""The cost of auditing: an audited page, one audit insert, and (with the hash chain) sealing and
verifying.

Runs against its own scratch PostgreSQL database (filled once with a demo county; later runs
reuse it), so it never changes the schema of the shared bench database. For a before/after
comparison run it from a checkout of each version, migrating the audit app to match:

    .venv/bin/python bench/bench_audit.py [--children 20000] [--runs 200] [--events 100000]
"""

import argparse
import statistics
import sys
import time

from bench_registry import COUNTY, ensure_database
from common import client_for, setup_django, time_pages

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_audit"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--events", type=int, default=100_000, help="events sealed and verified")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-migrate", action="store_true", help="keep the schema as it is (the 'before' run)")
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from audit.actions import do_log
    from audit.models import AuditEvent
    from children.models import Child  # the bench reads the table size only
    from demo import registry

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    if not Child.objects.exists():
        call_command("load_divisions", verbosity=0)
        registry.generate(COUNTY, children=args.children, seed=2026)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    cwd = User.objects.get(username="cwd1")
    child = Child.objects.filter(village=cwd.division).first()
    print(f"{Child.objects.count()} children; {AuditEvent.objects.count()} audit events; {connection.vendor}")

    time_pages([("child file as its CWD (one view event)", client_for(cwd), f"/children/{child.uuid}/")], args.runs)

    times = []
    for _ in range(args.runs * 5):
        t0 = time.perf_counter()
        do_log(cwd, "view", child=child)
        times.append((time.perf_counter() - t0) * 1000)
    p95 = sorted(times)[int(len(times) * 0.95)]
    print(f"do_log, one event: median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms")

    from django.db import transaction

    best = float("inf")
    for _ in range(5):  # the insert itself, without the commit's fsync: best of 5 x 5,000
        with transaction.atomic():
            t0 = time.perf_counter()
            for _ in range(5000):
                do_log(cwd, "view", child=child)
            best = min(best, (time.perf_counter() - t0) / 5000 * 1e6)
            transaction.set_rollback(True)
    print(f"do_log inside one transaction: {best:.0f} µs per event (best of 5 x 5,000)")

    if not args.events:
        return
    try:
        from audit import chain  # absent before the hash chain
    except ImportError:
        sys.exit(0)
    from audit.actions import do_log_many

    chain.seal()
    do_log_many(cwd, "export", ((child, {"format": "csv", "export": 1}) for _ in range(args.events)))
    t0 = time.perf_counter()
    sealed = chain.seal()
    seconds = time.perf_counter() - t0
    print(f"seal: {sealed} events in {seconds:.1f} s ({sealed / seconds:,.0f} events/s)")
    t0 = time.perf_counter()
    verdict = chain.verify()
    seconds = time.perf_counter() - t0
    rate = verdict.checked / seconds
    print(f"verify: {verdict.checked} events in {seconds:.1f} s ({rate:,.0f} events/s), ok={verdict.ok}")


if __name__ == "__main__":
    main()
