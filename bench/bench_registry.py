"""Registry response times at scale: roster, name/pinyin search and county overview.

Fills a scratch PostgreSQL database with the demo county at 200,000 children (once; later runs
reuse it), then times full requests through Django's test client (URL routing, access control,
queries, template rendering) as the users who make them.

    .venv/bin/python bench/bench_registry.py [--children 200000] [--runs 30] [--database-url URL]

Target (issue 2): every measured request answers in under 200 ms at 200,000 children.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNTY = "511324"


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/shouhu_bench")
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    os.environ.update({
        "DATABASE_URL": args.database_url, "SECRET_KEY": "bench-only", "DEBUG": "False",
        "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "False", "SECURE_COOKIES": "False",
        "DJANGO_SETTINGS_MODULE": "shouhu.test_settings",
    })
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client capture each response's context (row counts)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from children import demo

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    from children.models import Child  # the bench reads the table size only

    have = Child.objects.count()
    if have < args.children:
        if have:
            sys.exit(f"The bench database holds {have} children; drop it to regenerate: dropdb shouhu_bench")
        t0 = time.perf_counter()
        demo.generate(COUNTY, children=args.children, seed=args.seed)
        print(f"generated {args.children} children in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    demo.create_demo_users(COUNTY, "bench-password")
    total = Child.objects.count()

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
        return client

    county, cwd, supervisor = client_for("county"), client_for("cwd1"), client_for("supervisor1")
    cases = [
        ("county roster, first page", county, "/children/", {}),
        ("county roster, page 200", county, "/children/", {"page": "200"}),
        ("county roster, category filter", county, "/children/", {"category": "de_facto_unsupported"}),
        ("county search: 张伟 (characters)", county, "/children/", {"q": "张伟"}),
        ("county search: zhangwei (pinyin)", county, "/children/", {"q": "zhangwei"}),
        ("county search: zw (initials)", county, "/children/", {"q": "zw"}),
        ("county search: htmx partial, 'wang'", county, "/children/", {"q": "wang"}),
        ("county overview (37 townships)", county, "/overview/", {}),
        ("township overview (villages)", supervisor, "/overview/", {}),
        ("township roster", supervisor, "/children/", {}),
        ("village roster (CWD)", cwd, "/children/", {}),
        ("API: county list, first page", county, "/api/v1/children/", {}),
    ]
    machine = subprocess.run(["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True,
                             text=True, check=False).stdout.split("\n")
    version = getattr(connection, "pg_version", "")
    print(f"\n{total} children in {COUNTY}; {connection.vendor} {version}; {machine[0]} cores;"
          f" {machine[1].split(':')[-1].strip()}")
    print(f"{'request':<40} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  rows")
    worst = 0.0
    for label, client, url, params in cases:
        headers = {"HX-Request": "true", "HX-Target": "roster-results"} if "htmx" in label else {}
        client.get(url, params, headers=headers)  # warm
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.get(url, params, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        ctx = response.context
        rows = ctx["page"].paginator.count if ctx and "page" in ctx else (ctx["total"].open if ctx else "")
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        worst = max(worst, p95)
        print(f"{label:<40} {statistics.median(times):>10.1f} {p95:>8.1f} {max(times):>8.1f}  {rows}")
    print(f"\nworst p95: {worst:.1f} ms (target < 200 ms): {'PASS' if worst < 200 else 'FAIL'}")


if __name__ == "__main__":
    main()
