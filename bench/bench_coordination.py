"""Case plans and school absences at scale: Today, the follow-up view, a child's profile and
plan, and a school's absence sheet matched against 200,000 children, on PostgreSQL.

Uses the database filled by bench/bench_registry.py and bench/bench_followup.py (tiers). The
first run adds 10,000 case plans on red and yellow children (2 goals, 3 actions each, a tenth
of the actions overdue) and 100,000 unexcused absences for 20,000 pupils in the last 30 days.

    .venv/bin/python bench/bench_coordination.py [--runs 15] [--database-url URL]

Target (issue 5): each page under 200 ms; a 1,000-row absence sheet processed in seconds.
"""

import argparse
import io
import random
import statistics
import sys
import time
from datetime import timedelta

from common import DEFAULT_DATABASE_URL, client_for, setup_django, time_pages

COUNTY = "511324"
N_PLANS = 10_000
N_PUPILS = 20_000
SHEET_ROWS = 1_000


def fill(rng) -> None:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from caseplans.models import Action, CasePlan, Goal
    from followup.models import FollowUp
    from partners.models import Organisation
    from schools.models import Absence

    today = timezone.localdate()
    if CasePlan.objects.count() < N_PLANS:
        t0 = time.perf_counter()
        author = User.objects.get(username="cwd1")
        rows = list(
            FollowUp.objects.filter(tier__in=["red", "yellow"])
            .exclude(child__case_plans__isnull=False)
            .values_list("child_id", "village_id")[:N_PLANS]
        )
        plans = CasePlan.objects.bulk_create(
            [
                CasePlan(
                    child_id=c,
                    village_id=v,
                    status=CasePlan.Status.APPROVED,
                    summary="照料不足，需要跟进",
                    review_on=today + timedelta(days=rng.randint(-5, 60)),
                    created_by=author,
                )
                for c, v in rows
            ],
            batch_size=2000,
        )
        goals = Goal.objects.bulk_create(
            [Goal(plan=p, domain=d, text="孩子得到稳定照料") for p in plans for d in ("supervision", "health")],
            batch_size=5000,
        )
        Action.objects.bulk_create(
            [
                Action(
                    goal=g,
                    plan_id=g.plan_id,
                    text="每周电话确认照料安排",
                    responsible_person="儿童主任",
                    due_on=today + timedelta(days=rng.randint(-10, 60) if rng.random() < 0.1 else rng.randint(1, 60)),
                )
                for g in goals
                for _ in range(2 if g.domain == "supervision" else 1)
            ],
            batch_size=5000,
        )
        print(f"inserted {len(plans)} plans in {time.perf_counter() - t0:.1f} s")
    if Absence.objects.count() < N_PUPILS:
        t0 = time.perf_counter()
        school = Organisation.objects.get(type=Organisation.Type.SCHOOL, division__code__startswith=COUNTY)
        pupils = list(FollowUp.objects.values_list("child_id", flat=True).order_by("?")[:N_PUPILS])
        Absence.objects.bulk_create(
            [
                Absence(child_id=c, school=school, date=today - timedelta(days=d), excused=False)
                for c in pupils
                for d in rng.sample(range(30), 5)
            ],
            batch_size=10_000,
            ignore_conflicts=True,
        )
        print(f"inserted absences in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE caseplans_caseplan, caseplans_action, caseplans_goal, schools_absence")


def sheet(children) -> bytes:
    """A school's sheet: one row per pupil-day, half identified by ID number, half by name and birth date."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"])
    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=1)
    for i, c in enumerate(children):
        ws.append([c.name, c.id_number if i % 2 else "", c.date_of_birth, "三年级二班", day, "否", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from caseplans.models import Action, CasePlan
    from children.access import children_for
    from demo import registry
    from followup.models import FollowUp
    from schools.models import Absence

    call_command("migrate", verbosity=0)
    if not FollowUp.objects.exists():
        sys.exit("Run bench/bench_registry.py and bench/bench_followup.py first.")
    registry.create_demo_users(COUNTY, "bench-password")  # also the demo school and its user
    rng = random.Random(11)
    fill(rng)

    county, sup, cwd = (User.objects.get(username=u) for u in ("county", "supervisor1", "cwd1"))
    child = CasePlan.objects.filter(village_id=cwd.division_id).select_related("child").first().child
    cases = [
        ("today (CWD)", client_for(cwd), "/today/"),
        ("today (township)", client_for(sup), "/today/"),
        ("today (county)", client_for(county), "/today/"),
        ("follow-up (township)", client_for(sup), "/follow-up/"),
        ("follow-up (county)", client_for(county), "/follow-up/"),
        ("child profile (plan, absences)", client_for(county), f"/children/{child.uuid}/"),
        ("child's case plan", client_for(county), f"/children/{child.uuid}/plan/"),
        ("school home (uploads)", client_for(User.objects.get(username="school1")), "/school/"),
    ]
    print(
        f"\n{CasePlan.objects.count()} plans, {Action.objects.count()} actions, "
        f"{Absence.objects.count()} absences; 2 cores; PostgreSQL {connection.pg_version}"
    )
    time_pages(cases, args.runs, width=34)

    # A school sends a 1,000-row sheet (pupils anywhere in the county); sending it again
    # updates the same rows, so every run does the same work.
    pupils = list(children_for(county).exclude(status="closed").exclude(id_number="").order_by("?")[:SHEET_ROWS])
    data = sheet(pupils)
    school = client_for(User.objects.get(username="school1"))
    times = []
    for _ in range(5):
        upload = SimpleUploadedFile("缺勤登记.xlsx", data)
        t0 = time.perf_counter()
        response = school.post("/school/upload/", {"sheet": upload})
        times.append(time.perf_counter() - t0)
        assert response.status_code == 302, response.status_code
    print(
        f"\nabsence sheet, {SHEET_ROWS} rows (parse, validate, match, write, alert, reassess): "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )


if __name__ == "__main__":
    main()
