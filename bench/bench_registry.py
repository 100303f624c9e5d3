"""Registry response times at scale: roster, name/pinyin search and county overview.

Fills a scratch PostgreSQL database with the demo county at 200,000 children (once; later runs
reuse it), then times full requests through Django's test client (URL routing, access control,
queries, template rendering) as the users who make them.

    .venv/bin/python bench/bench_registry.py [--children 200000] [--runs 30] [--database-url URL]

Target (issue 2): every measured request answers in under 200 ms at 200,000 children.
"""

import argparse
import subprocess
import sys
import time

from common import DEFAULT_DATABASE_URL, client_for, setup_django, time_pages

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
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from demo import registry

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    from children.models import Child  # the bench reads the table size only

    have = Child.objects.count()
    if have < args.children:
        if have:
            sys.exit(f"The bench database holds {have} children; drop it to regenerate: dropdb shouhu_bench")
        t0 = time.perf_counter()
        registry.generate(COUNTY, children=args.children, seed=args.seed)
        print(f"generated {args.children} children in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    total = Child.objects.count()

    county, cwd, supervisor = (client_for(User.objects.get(username=u)) for u in ("county", "cwd1", "supervisor1"))
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
    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    version = getattr(connection, "pg_version", "")
    print(
        f"\n{total} children in {COUNTY}; {connection.vendor} {version}; {machine[0]} cores;"
        f" {machine[1].split(':')[-1].strip()}"
    )

    def rows(response) -> str:
        ctx = response.context
        if ctx and "page" in ctx:
            return str(ctx["page"].paginator.count)
        return str(ctx["total"].open) if ctx and "total" in ctx else ""

    htmx = {"HX-Request": "true", "HX-Target": "roster-results"}
    cases = [(*case, htmx) if "htmx" in case[0] else case for case in cases]
    time_pages(cases, args.runs, width=40, describe=rows)


if __name__ == "__main__":
    main()
