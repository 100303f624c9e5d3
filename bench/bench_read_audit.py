"""The cost of auditing every read: list pages with and without read auditing, beside a bare page.

Each audited page collects the children it shows (audit.reads.note_read) and the middleware
writes them in one bulk INSERT after the response. "Without" runs the same pages with
`audit.reads.ReadAuditMiddleware` removed from MIDDLEWARE (the views still collect; nothing is
written); "bare" is a view that returns a fixed string through the same middleware stack and
login, the floor any page pays. Runs against its own scratch PostgreSQL database, filled once
with a demo county:

    .venv/bin/python bench/bench_read_audit.py [--children 20000] [--runs 100] [--rounds 3]
"""

import argparse
import statistics
import time

from bench_registry import COUNTY, ensure_database
from common import client_for, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_reads"
READS = "audit.reads.ReadAuditMiddleware"


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def median_ms(client, url: str, runs: int) -> tuple[float, float]:
    client.get(url)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="alternate with/without this many times")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings
    from django.urls import include, path

    from accounts.models import User
    from audit.models import AuditEvent
    from children.models import Child  # the bench reads the table size only
    from demo import registry

    call_command("migrate", verbosity=0)
    if not Child.objects.exists():
        call_command("load_divisions", verbosity=0)
        registry.generate(COUNTY, children=args.children, seed=2026)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    supervisor = User.objects.get(username="supervisor1")
    cwd = User.objects.get(username="cwd1")
    print(f"{Child.objects.count()} children; {AuditEvent.objects.count()} audit events; {connection.vendor}")

    # A URLconf with one more page: the bare view, behind the same login as every page.
    patterns = [path("bench/bare/", login_required(bare)), path("", include("shouhu.urls"))]
    urlconf = type("urls", (), {"urlpatterns": patterns})
    pages = [
        ("bare page (login, full middleware)", supervisor, "/bench/bare/"),
        ("children list, 50 shown (supervisor)", supervisor, "/children/"),
        ("children search by name (supervisor)", supervisor, "/children/?q=zh"),
        ("API children list, 50 (supervisor)", supervisor, "/api/v1/children/"),
        ("referrals list (supervisor)", supervisor, "/referrals/?show=all"),
        ("child's file (CWD)", cwd, f"/children/{Child.objects.filter(village=cwd.division).first().uuid}/"),
    ]
    without = [m for m in settings.MIDDLEWARE if m != READS]
    results: dict[tuple[str, str], list[float]] = {}
    for _round in range(args.rounds):
        for mode, middleware in (("with", settings.MIDDLEWARE), ("without", without)):
            with override_settings(ROOT_URLCONF=urlconf, MIDDLEWARE=middleware):
                for label, user, url in pages:
                    before = AuditEvent.objects.count()
                    med, _p95 = median_ms(client_for(user), url, args.runs)
                    written = (AuditEvent.objects.count() - before) / (args.runs + 1)
                    results.setdefault((label, mode), []).append(med)
                    results.setdefault((label, mode + " events"), [written])
    print(f"\n{'page':<40} {'without ms':>11} {'with ms':>9} {'events/request':>15}")
    for label, _user, _url in pages:
        off = statistics.median(results[(label, "without")])
        on = statistics.median(results[(label, "with")])
        print(f"{label:<40} {off:>11.1f} {on:>9.1f} {results[(label, 'with events')][0]:>15.1f}")

    # The insert itself: 50 read events in one bulk_create, inside a transaction (no fsync).
    child_ids = list(Child.objects.values_list("pk", flat=True)[:50])
    best = float("inf")
    for _ in range(5):
        with transaction.atomic():
            t0 = time.perf_counter()
            for _ in range(200):
                AuditEvent.objects.bulk_create(
                    [
                        AuditEvent(actor=cwd, action="view", child_id=pk, details={"what": "roster", "via": "x"})
                        for pk in child_ids
                    ]
                )
            best = min(best, (time.perf_counter() - t0) / 200 * 1000)
            transaction.set_rollback(True)
    print(f"\none INSERT of 50 read events: {best:.2f} ms (best of 5 x 200, inside a transaction)")


if __name__ == "__main__":
    main()
