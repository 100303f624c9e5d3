"""The county's monthly allowance roll at scale: 10,000 beneficiaries in a county of 200,000
files, on PostgreSQL.

Fills its own database (`shouhu_bench_benefits`, once; later runs reuse it) with the demo county
at 200,000 children (demo.registry), 10,000 approved allowances spread over the categories and
villages, and the 2025 national average standards with a raise in the month timed. It then times
(1) `benefits.actions.do_build_roll` for a month whose previous roll is issued (so the
comparison, the arrears check and the bulk insert all run), (2) a raw-SQL baseline in the same
run that writes the same monthly lines with one INSERT … SELECT and nothing else, and (3) the
roll page and its first and last pages through the test client, beside a bare page (a view that
returns a fixed string behind the same login and middleware: the floor any page pays) timed in
the same run, and the allowance dashboard.

    .venv/bin/python bench/bench_benefits_roll.py [--runs 5] [--page-runs 40] [--database-url URL]

Target (issue 14): the roll builds in under 5 s; its page answers in under 200 ms.
"""

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from bench_registry import ensure_database
from common import ROOT, client_for, setup_django, time_pages

COUNTY = "511324"
N_CHILDREN = 200_000
N_BENEFITS = 10_000
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_benefits"
PREVIOUS, MONTH = date(2026, 10, 1), date(2026, 11, 1)


def fill(rng) -> None:
    import uuid

    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from benefits.models import Application, Benefit, PaymentStandard, Roll
    from children.access import children_for_jobs
    from core.bulk import FastTable
    from demo import registry

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    if not children_for_jobs().exists():
        t0 = time.perf_counter()
        registry.generate(COUNTY, children=N_CHILDREN, seed=2026)
        print(f"generated {N_CHILDREN} children in {time.perf_counter() - t0:.1f} s")
    registry.create_demo_users(COUNTY, "bench-password")
    officer = User.objects.get(username="county")
    for category, amount in (
        ("orphan_institutional", "2069.90"),
        ("orphan_dispersed", "1606.80"),
        ("de_facto_unsupported", "1593.40"),
        ("difficulty", "600.00"),
    ):
        PaymentStandard.objects.get_or_create(
            division_id=COUNTY, category=category, effective_from=date(2025, 1, 1), defaults={"amount": Decimal(amount)}
        )
    # A raise in the month timed: every line of the roll changes amount against the previous one.
    PaymentStandard.objects.get_or_create(
        division_id=COUNTY,
        category="de_facto_unsupported",
        effective_from=MONTH,
        defaults={"amount": Decimal("1650.00")},
    )
    if Benefit.objects.count() < N_BENEFITS:
        t0 = time.perf_counter()
        rows = list(children_for_jobs().order_by("?").values_list("id", "village_id")[:N_BENEFITS])
        cats = ["de_facto_unsupported"] * 6 + ["orphan_dispersed"] * 2 + ["orphan_institutional", "difficulty"]
        from django.utils import timezone

        stamp = timezone.now()
        apps = []
        for child_id, village in rows:
            apps.append(
                {
                    "uuid": uuid.uuid4(),
                    "lock_version": 1,
                    "village_id": village,
                    "child_id": child_id,
                    "kind": "new",
                    "status": "approved",
                    "category": rng.choice(cats),
                    "benefit_id": None,
                    "eligible": True,
                    "eligibility_reasons": [],
                    "request_reason": "",
                    "applicant_name": "",
                    "applicant_relation": "",
                    "note": "",
                    "exit_reason": "",
                    "event_on": None,
                    "prepared_by_id": officer.pk,
                    "created_at": stamp,
                    "submitted_at": stamp,
                    "township_opinion": "",
                    "county_opinion": "",
                    "return_note": "",
                    "refusal_reason": "",
                    "county_on": date(2025, 12, 10),
                }
            )
        FastTable(Application).insert(apps)
        ids = dict(Application.objects.values_list("child_id", "id"))
        cat = dict(Application.objects.values_list("child_id", "category"))
        FastTable(Benefit).insert(
            [
                {
                    "uuid": uuid.uuid4(),
                    "lock_version": 1,
                    "village_id": village,
                    "child_id": child_id,
                    "application_id": ids[child_id],
                    "category": cat[child_id],
                    # Most from long ago; a few hundred start this month or are approved late (arrears).
                    "start_month": rng.choice([date(2026, 1, 1)] * 30 + [MONTH, date(2026, 8, 1)]),
                    "stop_month": None,
                    "last_paid_month": None,
                    "exit_reason": "",
                    "exit_on": None,
                    "next_recheck_on": date(2027, 1, 1),
                    "created_at": stamp,
                }
                for child_id, village in rows
            ]
        )
        print(f"inserted {len(rows)} applications and allowances in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The previous month's roll, issued: the comparison and the arrears check read it.
    prev = Roll.objects.filter(county_id=COUNTY, month=PREVIOUS).first()
    if prev is None or prev.status != Roll.Status.ISSUED:
        from benefits import actions

        roll = actions.do_build_roll(officer, PREVIOUS)
        actions.do_issue_roll(officer, roll)
        actions.do_record_payments(officer, roll, outcome="paid")
    # A few stopped since: the comparison lists them.
    if not Benefit.objects.filter(stop_month=MONTH).exists():
        stopping = list(Benefit.objects.filter(start_month__lt=MONTH).values_list("pk", flat=True)[:50])
        Benefit.objects.filter(pk__in=stopping).update(
            stop_month=MONTH, exit_reason="turned_18", exit_on=PREVIOUS + timedelta(days=3)
        )


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def raw_baseline() -> tuple[float, int]:
    """The same monthly lines with one INSERT … SELECT: the floor a database gives, without the
    comparison, arrears or audit (so not a replacement: a yardstick)."""
    from django.db import connection, transaction

    sql = """
        INSERT INTO benefits_rollline (roll_id, benefit_id, child_id, village_id, category, month, kind, amount,
                                       change, note, payment, payment_on, payment_by_id,
                                       not_repaid_on, not_repaid_reason, not_repaid_by_id)
        SELECT %s, b.id, b.child_id, b.village_id, b.category, %s, 'monthly', s.amount, 'same', '',
               'pending', NULL, NULL, NULL, '', NULL
        FROM benefits_benefit b
        JOIN LATERAL (
            SELECT amount FROM benefits_paymentstandard s
            WHERE s.division_id = %s AND s.category = b.category AND s.effective_from <= %s
            ORDER BY s.effective_from DESC LIMIT 1
        ) s ON TRUE
        WHERE b.village_id BETWEEN %s AND %s AND b.start_month <= %s AND (b.stop_month IS NULL OR b.stop_month > %s)
    """
    from benefits.models import Roll

    with transaction.atomic():
        roll = Roll.objects.create(county_id=COUNTY, month=date(2030, 1, 1))
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [roll.pk, MONTH, COUNTY, MONTH, COUNTY, COUNTY + "999999", MONTH, MONTH])
            n = cursor.rowcount
        elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)
    return elapsed, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page-runs", type=int, default=40)
    parser.add_argument("--database-url", default=DATABASE_URL)
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.db import connection

    from accounts.models import User
    from benefits import actions
    from benefits.models import Benefit, Roll
    from children.access import children_for_jobs

    fill(random.Random(14))
    officer = User.objects.get(username="county")
    builds, raws = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        roll = actions.do_build_roll(officer, MONTH)
        builds.append(time.perf_counter() - t0)
        raw, raw_rows = raw_baseline()
        raws.append(raw)
    lines = roll.lines.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE benefits_rollline")  # as autovacuum would after a roll's bulk insert
    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    print(
        f"\n{children_for_jobs().count()} children, {Benefit.objects.count()} allowances in {COUNTY};"
        f" {connection.vendor} {getattr(connection, 'pg_version', '')}; {machine[0]} cores;"
        f" {machine[1].split(':')[-1].strip()}"
    )
    counts = {k: v for k, v in roll.comparison.items() if k != "stopped"}
    print(f"roll {MONTH:%Y-%m}: {lines} lines, comparison {counts}, stopped {len(roll.comparison['stopped'])}")
    print(
        f"do_build_roll: median {statistics.median(builds):.2f} s, max {max(builds):.2f} s"
        f" over {args.runs} (target < 5 s)"
    )
    print(
        f"raw INSERT … SELECT baseline: median {statistics.median(raws):.2f} s, max {max(raws):.2f} s ({raw_rows} rows)"
    )
    r = Roll.objects.get(county_id=COUNTY, month=MONTH)
    county = client_for(officer)
    pages = (lines + 49) // 50  # the roll page shows 50 lines
    # A URLconf with one more page: the bare view, behind the same login as every page.
    from django.contrib.auth.decorators import login_required  # Django is set up only in main()
    from django.test.utils import override_settings
    from django.urls import include, path

    urlconf = type(
        "urls", (), {"urlpatterns": [path("bench/bare/", login_required(bare)), path("", include("shouhu.urls"))]}
    )
    override_settings(ROOT_URLCONF=urlconf).enable()
    time_pages(
        [
            ("bare page (login, full middleware)", county, "/bench/bare/"),
            ("roll page, first page", county, f"/allowances/rolls/{r.uuid}/"),
            (f"roll page, page {pages}", county, f"/allowances/rolls/{r.uuid}/", {"page": str(pages)}),
            ("roll page, changed amounts", county, f"/allowances/rolls/{r.uuid}/", {"show": "amount"}),
            ("rolls list", county, "/allowances/rolls/"),
            ("allowances home (county)", county, "/allowances/"),
            ("allowance dashboard (county)", county, "/allowances/figures/"),
        ],
        args.page_runs,
        width=34,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
