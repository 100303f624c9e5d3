"""Random draws of single people and values for the demo planner.

Names, birth dates, ID numbers and phones; parents' work away from home, DOMAIN.md §1.5
conditions, deaths and disappearances; relatives who care for the children.
"""

import random
import uuid
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.utils import timezone

from children import choices as c
from children.identity import make_id_number, name_keys

from .names import (
    BOY_FIRST,
    BOY_NAMES,
    BOY_SECOND,
    BOY_SINGLE,
    CITIES,
    FATHER_NAMES,
    GIRL_FIRST,
    GIRL_NAMES,
    GIRL_SECOND,
    GIRL_SINGLE,
    GRANDFATHER_NAMES,
    GRANDMOTHER_NAMES,
    IN_PROVINCE_CITIES,
    MOTHER_NAMES,
    PHONE_PREFIXES,
    SURNAMES,
)

PC = c.ParentCondition
VS = c.VitalStatus
MS = c.MigrationStatus
REL = c.CaregiverRelation

GRANDPARENTS = {REL.PATERNAL_GRANDMOTHER, REL.PATERNAL_GRANDFATHER, REL.MATERNAL_GRANDMOTHER, REL.MATERNAL_GRANDFATHER}
MEMBER_RELATION = {
    REL.PATERNAL_GRANDFATHER: "祖父", REL.PATERNAL_GRANDMOTHER: "祖母", REL.MATERNAL_GRANDFATHER: "外祖父",
    REL.MATERNAL_GRANDMOTHER: "外祖母", REL.UNCLE_AUNT: "叔叔", REL.OTHER_RELATIVE: "堂叔",
    REL.ADULT_SIBLING: "哥哥", REL.FRIEND_NEIGHBOUR: "邻居",
}  # fmt: skip
# Evidence for DOMAIN.md §1.5 conditions, as a CWD would note it.
EVIDENCE = {
    PC.SERIOUS_ILLNESS: ["尿毒症，南充市中心医院诊断证明", "恶性肿瘤，四川大学华西医院病理报告",
                         "白血病，川北医学院附属医院诊断证明", "重度精神分裂症，南充市精神卫生中心诊断证明"],
    PC.IMPRISONED: ["{county}人民法院刑事判决书（{year}）刑初{n}号，有期徒刑{y}年"],
    PC.COMPULSORY_DRUG_REHAB: ["强制隔离戒毒决定书（{county}公安局），期限二年"],
    PC.OTHER_DETENTION: ["逮捕通知书（{county}公安局），尚未判决"],
    PC.LOST_CONTACT: ["派出所受案回执及查找情况说明（受案号{n}）"],
}  # fmt: skip
# 残疾人证 of a severely disabled parent: type and grade (all 重残 under 民发〔2019〕62号).
DISABILITY_CERTIFICATES = [
    ("残疾人证：肢体残疾二级", c.DisabilityType.PHYSICAL, 2),
    ("残疾人证：精神残疾三级", c.DisabilityType.MENTAL, 3),
    ("残疾人证：智力残疾一级", c.DisabilityType.INTELLECTUAL, 1),
    ("残疾人证：视力残疾一级", c.DisabilityType.VISUAL, 1),
    ("残疾人证：肢体残疾一级", c.DisabilityType.PHYSICAL, 1),
]
DEATH_EVIDENCE = ["居民死亡医学证明书", "火化证明", "户口注销证明"]
MISSING_EVIDENCE = "{county}人民法院宣告失踪判决书（{year}）民特{n}号"
NEWBORN_DAYS = 60


def shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class PeopleDraws:
    """The draws of one person or value, all from one random.Random(seed); the Planner builds on them."""

    def __init__(self, county_code: str, county_name: str, *, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self.county_code, self.county_name = county_code, county_name
        self.tz = timezone.get_default_timezone()
        self.keys: dict[str, tuple[str, str]] = {}
        self.id_sequence: dict[tuple[date, str], int] = {}
        self.known_days = 0  # since the youngest child's birth; the Planner sets it per household

    # Small draws

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def at(self, day: date) -> datetime:
        """A working-hours moment on a day, in the server's time zone."""
        return datetime.combine(day, dtime(self.rng.randint(8, 17), self.rng.randint(0, 59)), tzinfo=self.tz)

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def new_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def name_keys(self, name: str) -> tuple[str, str]:
        # pypinyin takes ~0.1 ms a name; the demo reuses names heavily.
        keys = self.keys.get(name)
        if keys is None:
            keys = self.keys[name] = name_keys(name)
        return keys

    def id_number(self, born: date, sex: str) -> str:
        # One sequence per birth date and sex keeps the numbers unique (twins included).
        key = (born, sex)
        seq = self.id_sequence.get(key)
        if seq is None:
            seq = self.rng.randrange(100)
        self.id_sequence[key] = seq + 1
        # Issued where they were born: the county's own region code.
        return make_id_number(self.county_code, born, seq, sex)

    def other_surname(self, surname: str) -> str:
        while (other := SURNAMES.pick(self.rng)) == surname:
            pass
        return other

    def given_name(self, sex: str) -> str:
        rng = self.rng
        if sex == "M":
            whole, first, second, single = BOY_NAMES, BOY_FIRST, BOY_SECOND, BOY_SINGLE
        else:
            whole, first, second, single = GIRL_NAMES, GIRL_FIRST, GIRL_SECOND, GIRL_SINGLE
        r = rng.random()
        if r < 0.55:
            return rng.choice(whole)
        if r < 0.88:
            a, b = rng.choice(first), rng.choice(second)
            return a + b if a != b else a
        return rng.choice(single)

    def birth_date(self, age: int) -> date:
        """A date of birth giving exactly `age` completed years today.

        Babies are found and registered some weeks after birth, so none is younger than 60 days;
        otherwise every newborn would land in the township queue and swell it past its cap.
        """
        latest = min(shift_years(self.today, -age), self.today - timedelta(days=NEWBORN_DAYS))
        earliest = shift_years(self.today, -age - 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    # People

    def parent(self, role: str, surname: str, born_year: int) -> dict:
        sex = "M" if role == c.ParentRole.FATHER else "F"
        name = surname + self.rng.choice(FATHER_NAMES if sex == "M" else MOTHER_NAMES)
        born = date(born_year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
        return {
            "role": role,
            "name": name,
            "id_number": self.id_number(born, sex) if self.chance(0.65) else "",
            "phone": self.phone() if self.chance(0.85) else "",
        }

    def away(self, p: dict, city: str | None = None) -> None:
        city = city or CITIES.pick(self.rng)
        p["migration_status"] = MS.AWAY_IN_PROVINCE if city in IN_PROVINCE_CITIES else MS.AWAY_OUT_OF_PROVINCE
        p["work_city"] = city
        p["phone"] = p["phone"] or self.phone()
        # Most call home weekly; about one in ten has let contact lapse for months.
        p["last_contact"] = self.days_ago(60, 300) if self.chance(0.1) else self.days_ago(0, 35)

    def family_event(self, low: int, high: int, *, slack: int = 0) -> date:
        """A day `low`–`high` days ago, but not before the youngest child's birth minus `slack` days."""
        high = min(high, self.known_days + slack)
        return self.days_ago(min(low, high), high)

    def condition(self, p: dict, condition: str, *, min_days: int = 200, max_days: int = 2200) -> None:
        """Give a parent a DOMAIN.md §1.5 condition; the defaults are past the 6-month mark.

        Severe disability is recorded as the certificate's type and grade, not as a condition."""
        if condition == PC.SEVERE_DISABILITY:
            text, p["disability_type"], p["disability_grade"] = self.rng.choice(DISABILITY_CERTIFICATES)
            p["condition_evidence"] = text
            return
        p["condition"] = condition
        # A sentence or an illness may have begun during the pregnancy.
        p["condition_start"] = self.family_event(min_days, max_days, slack=280)
        text = self.rng.choice(EVIDENCE[condition])
        p["condition_evidence"] = text.format(
            county=self.county_name,
            year=p["condition_start"].year,
            n=self.rng.randint(10, 480),
            y=self.rng.choice("三四五六七"),
        )
        if condition == PC.LOST_CONTACT:
            # They left to work and vanished: away, city unknown, last heard of before the report.
            p["migration_status"] = MS.AWAY_OUT_OF_PROVINCE
            p["last_contact"] = p["condition_start"] - timedelta(days=self.rng.randint(20, 120))
        elif condition in (PC.IMPRISONED, PC.COMPULSORY_DRUG_REHAB, PC.OTHER_DETENTION):
            p["phone"] = ""

    def dead(self, p: dict) -> None:
        p.update(vital_status=VS.DEAD, phone="", condition_start=self.family_event(100, 4000))
        p["condition_evidence"] = self.rng.choice(DEATH_EVIDENCE)

    def missing(self, p: dict) -> None:
        """Declared missing by a court (宣告失踪), as the orphan rule requires."""
        p.update(vital_status=VS.DECLARED_MISSING, phone="", condition_start=self.family_event(400, 3000))
        n = self.rng.randint(3, 90)
        p["condition_evidence"] = MISSING_EVIDENCE.format(county=self.county_name, year=p["condition_start"].year, n=n)

    def disabling_condition(self, p: dict) -> None:
        """Severe disability or serious illness of a parent at home (无监护能力)."""
        self.condition(p, PC.SEVERE_DISABILITY if self.chance(0.6) else PC.SERIOUS_ILLNESS, min_days=60)

    @staticmethod
    def member(name: str, relation: str, born: int, note: str) -> dict:
        return {"name": name, "relation": MEMBER_RELATION[relation], "birth_year": born, "note": note}

    def relative(self, relation: str, surname: str, mother_surname: str, oldest: int) -> tuple[str, str, int]:
        rng = self.rng
        if relation in GRANDPARENTS:
            male = relation in (REL.PATERNAL_GRANDFATHER, REL.MATERNAL_GRANDFATHER)
            family = surname if relation == REL.PATERNAL_GRANDFATHER else mother_surname
            if not male:
                family = self.other_surname(family)
            given = rng.choice(GRANDFATHER_NAMES if male else GRANDMOTHER_NAMES)
            return relation, family + given, oldest - rng.randint(45, 62)
        if relation == REL.ADULT_SIBLING:
            born = min(oldest - rng.randint(2, 8), self.today.year - rng.randint(18, 24))  # an adult
            return relation, surname + self.given_name("M" if self.chance(0.5) else "F"), born
        if relation == REL.FRIEND_NEIGHBOUR:
            return relation, self.other_surname(surname) + rng.choice(MOTHER_NAMES), oldest - rng.randint(30, 50)
        return relation, surname + rng.choice(FATHER_NAMES + MOTHER_NAMES), oldest - rng.randint(20, 35)
