"""Demo school absences for the demo county (so truancy shows up in the demo).

The demo school (demo/registry/users.py) sends one absence sheet through the real action, so
the demo shows what a school's sheet does: matched rows, an unmatched pupil, truancy alerts to
the CWDs and, after the tiers are recomputed, yellow tiers for the children who often miss school.
Run by `manage.py seed_demo` (demo.discovery) before the tiers are computed.
"""

import random
from datetime import date, timedelta

from accounts.models import User
from children.access import children_for_jobs
from children.choices import SchoolingStatus, Status
from geo.models import township_code
from partners.models import Organisation

from .actions import do_record_absences
from .models import SchoolUpload
from .sheet import AbsenceRow

PUPILS = 24  # pupils with any absence
TRUANTS = 6  # of whom this many miss school often enough to alert
REASONS = ["", "", "家里有事", "帮家里干农活", "生病"]


def _school_days(today: date, back: int) -> list[date]:
    days = [today - timedelta(days=n) for n in range(1, back + 1)]
    return [d for d in days if d.weekday() < 5]


def generate(county_code: str, *, seed: int, today: date) -> int:
    """Record absences for some demo pupils; returns how many absences were written."""
    school = (
        Organisation.objects.filter(
            type=Organisation.Type.SCHOOL, is_active=True, division__code__startswith=county_code
        )
        .order_by("division_id", "pk")
        .first()
    )
    teacher = (
        User.objects.filter(role=User.Role.PARTNER, organisation=school, is_active=True).first() if school else None
    )
    if teacher is None:
        return 0
    rng = random.Random(seed * 104729 + 5)
    township = township_code(school.division_id)
    pupils = list(
        children_for_jobs()
        .filter(village__code__startswith=township)
        .exclude(status=Status.CLOSED)
        .filter(schooling_status__in=[SchoolingStatus.PRIMARY, SchoolingStatus.JUNIOR_MIDDLE])
        .order_by("pk")
        .values("name", "id_number", "date_of_birth")[:2000]
    )
    if not pupils:
        return 0
    chosen = rng.sample(pupils, min(PUPILS, len(pupils)))
    days = _school_days(today, 28)
    rows: list[AbsenceRow] = []
    for i, pupil in enumerate(chosen):
        truant = i < TRUANTS
        missed = rng.sample(days, rng.randint(5, 9) if truant else rng.randint(1, 3))
        for day in sorted(missed):
            excused = not truant and rng.random() < 0.5
            rows.append(
                AbsenceRow(
                    row_number=len(rows) + 2,
                    name=pupil["name"],
                    id_number=pupil["id_number"],
                    date_of_birth=pupil["date_of_birth"],
                    class_name=f"{rng.randint(1, 6)}年级{rng.randint(1, 3)}班",
                    date=day,
                    excused=excused,
                    reason="病假" if excused else rng.choice(REASONS),
                )
            )
    # A pupil the registry does not know, as in every real sheet.
    rows.append(
        AbsenceRow(
            row_number=len(rows) + 2,
            name="杨一帆",
            id_number="",
            date_of_birth=date(2016, 4, 9),
            class_name="3年级1班",
            date=days[0],
            excused=False,
            reason="",
        )
    )
    upload = do_record_absences(teacher, school, rows, kind=SchoolUpload.Kind.SHEET, file_name="缺勤登记.xlsx")
    return upload.matched_rows


def seed(county: str, *, seed: int, today: date) -> str:
    return f"{generate(county, seed=seed, today=today)} school absences"
