"""Demo school absences for the demo county (so truancy shows up in the demo).

The demo school (demo/registry/users.py) sends one absence sheet through the real reader and
action, written the way school staff write it: a title line above the header, the class as
"三年级2班", one row per pupil and day missed, most pupils with their ID number, some with only
name and date of birth (dates as 2015.3.8 or 2015年3月8日, two-character names padded with a
full-width space to line up with three-character ones), whether or not the child's file has an
ID number. The demo shows what a sheet does: matched rows, an unmatched pupil, truancy alerts to
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
from .sheet import TEMPLATE_HEADERS, parse_sheet

PUPILS = 24  # pupils with any absence
TRUANTS = 6  # of whom this many miss school often enough to alert
REASONS = ["", "", "家里有事", "帮家里干农活", "生病"]
GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三"]
# Every third pupil by name and date of birth only, as schools write them when they lack the number.
BY_NAME_EVERY = 3


def _school_days(today: date, back: int) -> list[date]:
    days = [today - timedelta(days=n) for n in range(1, back + 1)]
    return [d for d in days if d.weekday() < 5]


def _class_name(born: date, today: date, rng: random.Random) -> str:
    """The class a child of this age sits in: grade 1 from the September after turning six."""
    school_year = today.year if today.month >= 9 else today.year - 1
    grade = school_year - born.year - (6 if (born.month, born.day) < (9, 1) else 7) + 1
    return f"{GRADES[min(max(grade, 1), len(GRADES)) - 1]}{rng.randint(1, 3)}班"


def _birth_as_written(born: date, i: int) -> str | date:
    return [f"{born.year}.{born.month}.{born.day}", f"{born.year}年{born.month}月{born.day}日", born][i % 3]


def _name_as_written(name: str) -> str:
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


def school_and_teacher(county_code: str):
    """The demo county's first school and its staff member (None, None without one)."""
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
    return school, teacher


def sheet_cells(school: Organisation, *, seed: int, today: date) -> list[list]:
    """The school's absence sheet as the cells of its first worksheet ([] without pupils)."""
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
        return []
    chosen = rng.sample(pupils, min(PUPILS, len(pupils)))
    days = _school_days(today, 28)
    cells: list[list] = [[f"{school.name}学生缺勤登记表"], TEMPLATE_HEADERS["zh"]]
    for i, pupil in enumerate(chosen):
        truant = i < TRUANTS
        by_name = i % BY_NAME_EVERY == 1 or not pupil["id_number"]
        name = _name_as_written(pupil["name"]) if by_name else pupil["name"]
        id_number = "" if by_name else pupil["id_number"]
        born = _birth_as_written(pupil["date_of_birth"], i) if by_name else ""
        class_name = _class_name(pupil["date_of_birth"], today, rng)
        missed = rng.sample(days, rng.randint(5, 9) if truant else rng.randint(1, 3))
        for day in sorted(missed):
            excused = not truant and rng.random() < 0.5
            reason = "病假" if excused else rng.choice(REASONS)
            cells.append([name, id_number, born, class_name, day, "是" if excused else "否", reason])
    # A pupil the registry does not know, as in every real sheet.
    cells.append(["杨一帆", "", "2016.4.9", "三年级1班", days[0], "否", ""])
    return cells


def generate(county_code: str, *, seed: int, today: date) -> int:
    """Send the demo school's absence sheet; returns how many rows matched a child."""
    school, teacher = school_and_teacher(county_code)
    cells = sheet_cells(school, seed=seed, today=today) if teacher else []
    if not cells:
        return 0
    parsed = parse_sheet(cells, today)
    if parsed.errors:  # the demo writes what a school writes: a refused row is a bug here
        raise ValueError(f"demo absence sheet refused: {parsed.errors[:3]}")
    upload = do_record_absences(teacher, school, parsed.rows, kind=SchoolUpload.Kind.SHEET, file_name="缺勤登记.xlsx")
    return upload.matched_rows


def seed(county: str, *, seed: int, today: date) -> str:
    return f"{generate(county, seed=seed, today=today)} school absences"
