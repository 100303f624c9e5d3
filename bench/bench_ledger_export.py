"""The ledger exports of a whole county: time and peak memory at 200,000 children.

    .venv/bin/python bench/bench_ledger_export.py [--children 200000] [--database-url URL]

Fills a scratch PostgreSQL database with the demo county (once; later runs reuse it), then runs
each export in its own process (so each peak memory is its own) as the county officer, through
the same functions the page calls: the county's 花名册 (one sheet per township), the full export
(linked sheets, every column), the first MCA exchange file (every open file, digests and the
watermark written, then rolled back so the next run starts again), and the 登记表 of the largest
village. The workbook is written to a temporary file and its size reported.

Target (issue 13): a county of 200,000 children must not need gigabytes.
"""

import argparse
import os
import resource
import subprocess
import sys
import time

from common import DEFAULT_DATABASE_URL, setup_django

COUNTY = "511324"
PRODUCTS = ("roster", "full", "mca", "village_forms")


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from children.models import Child  # the bench reads the table size only
    from demo import registry

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    have = Child.objects.count()
    if have < args.children:
        if have:
            sys.exit(f"The bench database holds {have} children; drop it to regenerate.")
        t0 = time.perf_counter()
        registry.generate(COUNTY, children=args.children, seed=2026)
        print(f"generated {args.children} children in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")


def measure(product: str) -> None:
    from django.db import connection, transaction
    from django.db.models import Count

    from accounts.models import User
    from children import access
    from geo.models import Division
    from ledger import exports
    from ledger.export_actions import do_deliver_mca

    officer = User.objects.get(username="county")
    county = Division.objects.get(code=COUNTY)
    t0 = time.perf_counter()
    if product == "roster":
        made, label = exports.write_roster(officer, county, full_ids=False), "county 花名册"
    elif product == "full":
        made, label = exports.write_full(officer, county), "county full export"
    elif product == "mca":
        with transaction.atomic():
            made, plan = exports.write_mca_changes(officer, county)
            do_deliver_mca(officer, county, plan)
            transaction.set_rollback(True)  # the next run starts from an empty watermark again
        label = "county MCA file (first: everything)"
    else:
        biggest = (
            access.children_for(officer)
            .filter(cat_rural_left_behind=True)
            .values("village_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        village = Division.objects.get(code=biggest["village_id"])
        made = exports.write_forms(officer, village, exports.LBC_FORMS, full_ids=False)
        label = f"登记表 of the largest village ({biggest['n']})"
    seconds = time.perf_counter() - t0
    size = os.path.getsize(made.path) / 1e6
    made.discard()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = len(made.child_ids)
    rate = rows / seconds
    print(f"{label:<40} {rows:>8} files {seconds:>8.1f} s {rate:>8.0f}/s {size:>7.1f} MB {peak:>7.0f} MB peak")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL.replace("shouhu_bench", "shouhu_bench_exports"))
    parser.add_argument("--measure", choices=PRODUCTS)
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    if args.measure:
        measure(args.measure)
        return
    prepare(args)
    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    print(f"{args.children} children in {COUNTY}; {machine[0]} cores; {machine[1].split(':')[-1].strip()}")
    print(f"{'export':<40} {'rows':>14} {'time':>10} {'rate':>10} {'file':>10} {'memory':>12}")
    for product in PRODUCTS:
        subprocess.run(
            [sys.executable, __file__, "--measure", product, "--database-url", args.database_url], check=True
        )


if __name__ == "__main__":
    main()
