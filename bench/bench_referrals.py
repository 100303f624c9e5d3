"""Referrals at scale: a partner's inbox, a child's page and the overdue-referral view with
200,000 children and 100,000 referrals on PostgreSQL.

Uses the registry bench's database (run bench/bench_registry.py first). Adds 100,000 referrals
to the demo county's organisations the first time (deterministic), then times the pages.

    .venv/bin/python bench/bench_referrals.py [--runs 20] [--database-url URL]

Target (issue 5): each page under 200 ms.
"""

import argparse
import random
import sys
import time
import uuid
from datetime import timedelta

from common import DEFAULT_DATABASE_URL, client_for, setup_django, time_pages

COUNTY = "511324"
N_REFERRALS = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import User
    from children.access import children_for, children_for_jobs
    from core.bulk import FastTable
    from demo import registry
    from partners.models import Organisation
    from referrals.access import referrals_for
    from referrals.models import Referral

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="cwd1").exists():
        sys.exit("Run bench/bench_registry.py first: it fills the bench database.")
    registry.create_demo_users(COUNTY, "bench-password")  # also the county's partner organisations
    partner = User.objects.get(username="partner1")
    if Referral.objects.count() < N_REFERRALS:
        rng = random.Random(5)
        orgs = list(Organisation.objects.filter(division__code__startswith=COUNTY))
        children = list(children_for_jobs().values_list("pk", "village_id"))
        now = timezone.now()
        statuses = (
            ["sent"] * 10
            + ["accepted"] * 10
            + ["in_progress"] * 10
            + ["completed"] * 55
            + ["declined"] * 5
            + ["closed"] * 10
        )
        rows = []
        for i in range(N_REFERRALS):
            org = partner.organisation if i % 10 == 0 else rng.choice(orgs)
            created = now - timedelta(days=rng.randint(0, 720), minutes=i % 1440)
            urgency = rng.choice(["urgent", "high", "normal", "normal"])
            child_id, village_id = rng.choice(children)
            rows.append(
                {
                    "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "child_id": child_id,
                    "village_id": village_id,
                    "organisation_id": org.pk,
                    "service": rng.choice(org.services or ["health"]),
                    "urgency": urgency,
                    "need": "需要随访",
                    "child_consent": False,
                    "guardian_consent": True,
                    "consent_note": "",
                    "status": rng.choice(statuses),
                    "respond_by": created + timedelta(hours=24),
                    "outcome": "",
                    "services_delivered": [],
                    "closing_reason": "",
                    "created_by_id": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        t0 = time.perf_counter()
        FastTable(Referral).insert(rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referrals_referral")
        print(f"inserted {N_REFERRALS} referrals in {time.perf_counter() - t0:.1f} s")
    total = Referral.objects.count()
    open_for_partner = referrals_for(partner).count()

    county = User.objects.get(username="county")
    busiest = Referral.objects.values("child_id").annotate(n=Count("pk")).order_by("-n").first()
    child = children_for(county).get(pk=busiest["child_id"])
    cases = [
        (f"partner inbox ({open_for_partner} open)", client_for(partner), "/referrals/"),
        (f"child page: referrals ({busiest['n']})", client_for(county), f"/children/{child.uuid}/referrals/"),
        ("child profile", client_for(county), f"/children/{child.uuid}/"),
        ("overdue referrals (county)", client_for(county), "/referrals/?show=overdue"),
        ("open referrals (county)", client_for(county), "/referrals/"),
        (
            "overdue referrals (township)",
            client_for(User.objects.get(username="supervisor1")),
            "/referrals/?show=overdue",
        ),
    ]
    print(f"\n{total} referrals; 2 cores; PostgreSQL {connection.pg_version}")
    time_pages(cases, args.runs)


if __name__ == "__main__":
    main()
