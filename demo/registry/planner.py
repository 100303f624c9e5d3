"""Planning demo households: who lives where, what happened to the parents, who is registered.

The Planner never touches the database; loader.py writes what it plans.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from children import choices as c
from children.eligibility import (
    NATIONAL_DEFAULT,
    ChildFacts,
    ParentFacts,
    age_on,
    de_facto_unsupported,
    left_behind,
    orphan,
)
from children.models import CATEGORY_FIELD

from .names import CITIES, KINDERGARTEN_GRADES, PRIMARY_GRADES, SECONDARY_GRADES, SURNAMES, Weighted, words
from .people import GRANDPARENTS, MS, NEWBORN_DAYS, PC, REL, VS, PeopleDraws, shift_years

AS = c.AssistanceStatus
SS = c.SchoolingStatus


class DemoError(Exception):
    """The demo data cannot be generated here (no such county, no villages, not empty)."""


# Yilong is almost entirely Han; Yi, Tujia and Qiang are Sichuan's other large groups.
ETHNICITY = Weighted({"01": 985, "07": 6, "15": 4, "33": 3, "03": 1, "04": 1})
KIDS_PER_HOUSEHOLD = Weighted({1: 45, 2: 42, 3: 13})

# Household situations, weighted by household. Left-behind families dominate (2016 sweep).
SCENARIOS = Weighted({
    "both_away": 68, "one_incapable": 7, "economic": 7, "disability": 3, "orphan": 1.6, "dfu": 3.2,
    "other_local": 2, "guardianship": 0.7, "returned": 1.5, "moved": 0.8, "released": 0.4,
})  # fmt: skip
LEFT_BEHIND_SCENARIOS = {"both_away", "one_incapable", "returned", "moved"}
# Ages of left-behind children (MCA, Aug 2018): 0–5 21.7%, 6–13 67.4%, 14–15 10.9%.
LBC_AGE_BANDS = Weighted({(0, 5): 21.7, (6, 13): 67.4, (14, 15): 10.9})
# Other categories run to 17.
OTHER_AGE_BANDS = Weighted({(0, 5): 18, (6, 13): 55, (14, 17): 27})
BOY_SHARE = 0.545

# Entrusted caregivers of left-behind children (2016 sweep): ~90% grandparents, ~4% nobody.
CAREGIVERS = Weighted({
    REL.PATERNAL_GRANDMOTHER: 34, REL.PATERNAL_GRANDFATHER: 22, REL.MATERNAL_GRANDMOTHER: 20,
    REL.MATERNAL_GRANDFATHER: 14, REL.UNCLE_AUNT: 3, REL.OTHER_RELATIVE: 1.5, REL.ADULT_SIBLING: 0.8,
    REL.FRIEND_NEIGHBOUR: 0.7, None: 4,
})  # fmt: skip
CAREGIVER_HEALTH = Weighted({
    c.CaregiverHealth.HEALTHY: 60, c.CaregiverHealth.CHRONIC_ILLNESS: 28, c.CaregiverHealth.DISABLED: 5,
    c.CaregiverHealth.SERIOUS_ILLNESS: 4, c.CaregiverHealth.OTHER: 3,
})  # fmt: skip

DISABILITY_TYPES = Weighted({
    c.DisabilityType.INTELLECTUAL: 30, c.DisabilityType.PHYSICAL: 25, c.DisabilityType.MULTIPLE: 10,
    c.DisabilityType.SPEECH: 10, c.DisabilityType.HEARING: 10, c.DisabilityType.VISUAL: 8,
    c.DisabilityType.MENTAL: 7,
})  # fmt: skip
DISABILITY_GRADES = Weighted({1: 20, 2: 30, 3: 25, 4: 25})
SERIOUS_ILLNESSES = words("白血病（化疗中） 先天性心脏病 肾病综合征 脑瘫 再生障碍性贫血 1型糖尿病")
CHRONIC_ILLNESSES = words("哮喘 癫痫 先天性心脏病（术后） 过敏性紫癜")
OTHER_HEALTH = words("营养不良 视力低下 发育迟缓")
SICK = (c.HealthStatus.DISABLED, c.HealthStatus.SERIOUS_ILLNESS)
RETURNED_NOTES = ["缺少身份证号，请补充户口簿页", "监护人联系电话有误，请核实", "父母务工地址不详，请补充"]
ACTIVE_SINCE_DAYS = 3 * 365  # registrations go back three years
QUEUE_SHARE, QUEUE_CAP = 0.05, 24  # registered (township queue) per township
COUNTY_QUEUE_SHARE, COUNTY_QUEUE_CAP = 0.03, 30  # confirmed (county queue) per township


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    township_code: str
    township_name: str

    @property
    def short_name(self) -> str:
        # "双庙村民委员会" → "双庙村", "磨子坝社区居民委员会" → "磨子坝社区".
        if self.name.endswith("居民委员会"):
            return self.name.removesuffix("居民委员会")
        return self.name.removesuffix("民委员会")

    @property
    def rural(self) -> bool:
        # Neighbourhood committees (社区) are in town centres; villages (村) are rural.
        return "社区" not in self.name


@dataclass
class HouseholdPlan:
    """Field values (by attname) of one household and its rows, ready to insert."""

    household: dict
    parents: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    children: list[dict] = field(default_factory=list)


@dataclass
class _Story:
    """What a household went through; it decides the parents, the caregiver, categories and closure."""

    scenario: str
    caregiver: str | None = None  # "entrusted", "incapable_parent", "relative", or None for nobody
    reason: str = ""  # why care is entrusted, as the household record states it
    other_note: str = ""  # a local category (cat_other_local)
    guardianship: bool = False  # in difficulty through guardianship
    closure: tuple | None = None  # (reason, note[, date]) for households whose records are closed
    home_parent: dict | None = None  # the incapable parent at home


def _strip_suffix(name: str) -> str:
    for suffix in ("街道", "镇", "乡", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


class Planner(PeopleDraws):
    """Plans households without touching the database, so it can be tested and timed alone."""

    def __init__(
        self, county_code: str, county_name: str, villages: list[Village], *, children: int, seed: int, today: date
    ):
        if not villages:
            raise DemoError("no villages to fill")
        super().__init__(county_code, county_name, seed=seed, today=today)
        # Village sizes vary a lot; urban neighbourhoods (社区) have fewer registered children.
        weights = [self.rng.lognormvariate(0, 0.5) * (1.0 if v.rural else 0.45) for v in villages]
        self.villages = Weighted(list(zip(villages, weights, strict=True)))
        # The township queues stay at a few dozen records however large the county is.
        township_weight: defaultdict[str, float] = defaultdict(float)
        for v, w in zip(villages, weights, strict=True):
            township_weight[v.township_code] += w
        total = sum(weights)
        self.p_registered, self.p_confirmed = {}, {}
        for code, w in township_weight.items():
            expected = max(children * w / total, 1.0)
            self.p_registered[code] = min(QUEUE_SHARE, QUEUE_CAP / expected)
            self.p_confirmed[code] = min(COUNTY_QUEUE_SHARE, COUNTY_QUEUE_CAP / expected)
        self.school_year = today.year if today.month >= 9 else today.year - 1

    # Households

    def households(self, total: int) -> Iterator[HouseholdPlan]:
        """Households until exactly `total` children are registered."""
        remaining = total
        while remaining > 0:
            plan = self.household(remaining)
            remaining -= len(plan.children)
            if plan.children:
                yield plan

    def household(self, limit: int) -> HouseholdPlan:
        rng = self.rng
        scenario = SCENARIOS.pick(rng)
        village: Village = self.villages.pick(rng)
        left_behind_family = scenario in LEFT_BEHIND_SCENARIOS
        ethnicity = ETHNICITY.pick(rng)
        if left_behind_family:
            hukou = c.HukouType.RURAL
        else:
            hukou = rng.choices([c.HukouType.RURAL, c.HukouType.URBAN, c.HukouType.UNREGISTERED], [93, 6, 1])[0]
        surname = SURNAMES.pick(rng)
        mother_surname = self.other_surname(surname)

        # Children's ages, at least a year apart; a few of 16–17 closed on turning 16.
        bands = LBC_AGE_BANDS if scenario in ("both_away", "one_incapable", "moved") else OTHER_AGE_BANDS
        ages: list[tuple[int, bool]] = []
        for _ in range(KIDS_PER_HOUSEHOLD.pick(rng)):
            aged_out = scenario == "both_away" and self.chance(0.025)
            for _attempt in range(4):
                age = rng.randint(16, 17) if aged_out else rng.randint(*bands.pick(rng))
                if all(abs(age - a) >= 1 for a, _ in ages):
                    ages.append((age, aged_out))
                    break
        ages.sort(reverse=True)
        # Days since the youngest child was born, at least: a parent died or vanished after that.
        self.known_days = max(ages[-1][0] * 365, NEWBORN_DAYS)
        oldest_birth_year = self.today.year - ages[0][0]
        father = self.parent(c.ParentRole.FATHER, surname, oldest_birth_year - rng.randint(22, 36))
        mother = self.parent(c.ParentRole.MOTHER, mother_surname, oldest_birth_year - rng.randint(20, 33))
        household = {
            "uuid": self.new_uuid(),
            "village_id": village.code,
            "address": f"{village.township_name}{village.short_name}{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
            "income_source": c.IncomeSource.MIGRANT_WAGES,
            "assistance_status": "",
        }
        story = _Story(scenario)
        self.apply_scenario(story, father, mother, household)
        plan = HouseholdPlan(household, [father, mother])
        self.caregiver(plan, story, surname, mother_surname, oldest_birth_year)

        disabled_index = 0 if scenario == "disability" else -1
        for i, (age, aged_out) in enumerate(ages):
            if len(plan.children) >= limit:
                break
            sick = i == disabled_index or self.chance(0.015)
            child = self.child(plan, village, surname, age, ethnicity, hukou, sick=sick)
            closure = ("turned_16",) if aged_out else story.closure
            if not self.categorise(child, plan, story, closed=closure is not None):
                # No category: a sibling on the household list, not a registered child.
                plan.members.append({
                    "name": child["name"], "relation": "兄弟姐妹", "birth_year": child["date_of_birth"].year,
                    "note": child["school"],
                })  # fmt: skip
                continue
            self.status(child, village, closure)
            plan.children.append(child)
        if plan.children:
            times = [ch["registered_at"] for ch in plan.children]
            household["created_at"], household["updated_at"] = min(times), max(ch["updated_at"] for ch in plan.children)
        return plan

    def apply_scenario(self, story: _Story, father: dict, mother: dict, household: dict) -> None:
        rng, scenario = self.rng, story.scenario
        if scenario in ("both_away", "moved", "returned"):
            city = CITIES.pick(rng)
            self.away(father, city)
            self.away(mother, city if self.chance(0.8) else None)
            story.caregiver = "entrusted"
            story.reason = "父母均在外务工"
            if self.chance(0.025):
                household["assistance_status"] = AS.DIBAO
            if scenario == "moved":
                story.closure = ("moved", f"随父母迁往{father['work_city']}")
            elif scenario == "returned":
                for p in (father, mother):
                    p.update(migration_status=MS.AT_HOME, work_city="", last_contact=None)
                household["income_source"] = c.IncomeSource.LOCAL_WORK
                story.caregiver = None
                story.closure = ("parents_returned", "父母均已返乡就业")
        elif scenario == "one_incapable":
            away, home = (father, mother) if self.chance(0.75) else (mother, father)
            self.away(away)
            self.disabling_condition(home)
            story.caregiver = "incapable_parent"
            story.home_parent = home
            story.reason = "父亲在外务工，母亲无监护能力" if away is father else "母亲在外务工，父亲无监护能力"
            if self.chance(0.3):
                household["assistance_status"] = AS.DIBAO
        elif scenario in ("economic", "disability"):
            if self.chance(0.4):
                self.away(father)
            if scenario == "economic":
                household["assistance_status"] = AS.DIBAO if self.chance(0.9) else AS.TEKUN
                household["income_source"] = c.IncomeSource.SOCIAL_ASSISTANCE
            else:
                household["assistance_status"] = rng.choice(["", "", AS.DIBAO_EDGE, AS.POVERTY_MONITORING, AS.DIBAO])
                household["income_source"] = c.IncomeSource.FARMING
        elif scenario == "orphan":
            basis = rng.choices(["both_dead", "dead_missing", "both_missing", "untraceable"], [50, 25, 10, 15])[0]
            if basis == "both_dead":
                self.dead(father)
                self.dead(mother)
            elif basis == "dead_missing":
                first, second = (father, mother) if self.chance(0.5) else (mother, father)
                self.dead(first)
                self.missing(second)
            else:
                self.missing(father)
                self.missing(mother)
                if basis == "untraceable":
                    # Abandoned: nothing is known of the birth parents.
                    for p in (father, mother):
                        p.update(name="", id_number="", condition_evidence="公安机关查找不到生父母的证明")
            story.caregiver = "relative"
            story.reason = "父母双亡或下落不明"
            household["income_source"] = c.IncomeSource.SOCIAL_ASSISTANCE
        elif scenario == "dfu":
            self.dfu_parents(father, mother, household, story)
            story.caregiver = "relative"
            household["income_source"] = c.IncomeSource.SOCIAL_ASSISTANCE
        elif scenario == "released":
            # Imprisoned long enough to qualify, released last year; the mother is still gone.
            self.condition(mother, PC.LOST_CONTACT)
            released = self.days_ago(30, 330)
            story.closure = ("condition_ended", f"父亲刑满释放（{released:%Y-%m-%d}）", released)
            story.caregiver = "relative"
            story.reason = "父亲服刑期间由亲属照料"
        elif scenario == "other_local":
            kind = rng.choice(["prisoner", "single_parent", "edge", "returnee"])
            if kind == "prisoner":
                # Sentenced recently: not yet the 6 months of DOMAIN.md §1.5.
                self.condition(father, PC.IMPRISONED, min_days=20, max_days=150)
                story.other_note = "服刑人员子女"
            elif kind == "single_parent":
                self.dead(father)
                self.away(mother)
                story.caregiver = "entrusted"
                story.reason = "父亲已故，母亲在外务工"
                story.other_note = "单亲留守儿童（地方口径）"
            elif kind == "edge":
                household["assistance_status"] = AS.DIBAO_EDGE
                household["income_source"] = c.IncomeSource.FARMING
                story.other_note = "低保边缘家庭儿童"
            else:
                household["income_source"] = c.IncomeSource.LOCAL_WORK
                story.other_note = "随迁返乡儿童"
        elif scenario == "guardianship":
            # The mother left months ago (reported, not yet 6 months); the father neglects the child.
            self.condition(mother, PC.LOST_CONTACT, min_days=30, max_days=150)
            father["phone"] = father["phone"] or self.phone()
            story.guardianship = True
            story.caregiver = "entrusted" if self.chance(0.6) else None
            story.reason = "母亲离家失联，父亲疏于照料"
            household["income_source"] = c.IncomeSource.FARMING

    def dfu_parents(self, father: dict, mother: dict, household: dict, story: _Story) -> None:
        """Parents of a de facto unsupported child, in the 2021 proportions of DOMAIN.md §5."""
        rng = self.rng
        first, second = (father, mother) if self.chance(0.5) else (mother, father)
        kind = rng.choices(["dead_plus", "both_disabled", "prisoner", "missing_plus", "rehab"], [45, 27, 15, 5, 8])[0]
        if kind == "dead_plus":
            self.dead(first)
            self.condition(second, rng.choices([PC.LOST_CONTACT, PC.SEVERE_DISABILITY, PC.SERIOUS_ILLNESS,
                                                PC.IMPRISONED], [40, 35, 10, 15])[0])  # fmt: skip
            story.reason = "一方死亡，另一方无法履行抚养义务"
        elif kind == "both_disabled":
            self.condition(father, PC.SEVERE_DISABILITY if self.chance(0.7) else PC.SERIOUS_ILLNESS)
            self.condition(mother, PC.SEVERE_DISABILITY if self.chance(0.7) else PC.SERIOUS_ILLNESS)
            story.reason = "父母均重残或重病"
            if self.chance(0.5):
                household["assistance_status"] = AS.DIBAO
        elif kind == "prisoner":
            self.condition(father, PC.IMPRISONED)
            self.condition(mother, rng.choice([PC.LOST_CONTACT, PC.SEVERE_DISABILITY, PC.IMPRISONED]))
            story.reason = "父亲服刑在押，母亲无法履行抚养义务"
        elif kind == "missing_plus":
            self.missing(first)
            self.condition(second, rng.choice([PC.SEVERE_DISABILITY, PC.LOST_CONTACT]))
            story.reason = "一方被宣告失踪，另一方无法履行抚养义务"
        else:
            self.condition(father, PC.COMPULSORY_DRUG_REHAB)
            self.condition(mother, rng.choice([PC.LOST_CONTACT, PC.OTHER_DETENTION]))
            story.reason = "父亲强制隔离戒毒，母亲失联"

    def caregiver(self, plan: HouseholdPlan, story: _Story, surname: str, mother_surname: str, oldest: int) -> None:
        rng, household, kind = self.rng, plan.household, story.caregiver
        household["has_caregiver"] = False
        if kind is None:
            # Parents at home, or the red flag: left behind with nobody (2016 sweep: 4%).
            return
        if kind == "incapable_parent" and self.chance(0.4):
            home = story.home_parent
            relation, name, born = REL.PARENT_AT_HOME, home["name"], oldest - rng.randint(22, 35)
        else:
            relation = CAREGIVERS.pick(rng)
            if kind == "relative":
                # Orphans and unsupported children live with whoever took them in.
                relation = relation or REL.UNCLE_AUNT
            if relation is None:
                story.reason = story.reason + "，无委托照料人"
                household["caregiver_reason"] = story.reason
                return
            relation, name, born = self.relative(relation, surname, mother_surname, oldest)
        # The parent at home is the incapable one (DOMAIN.md §1.2, ONE_PARENT_AT_HOME_INCAPABLE).
        health = c.CaregiverHealth.DISABLED if relation == REL.PARENT_AT_HOME else CAREGIVER_HEALTH.pick(rng)
        household.update(
            has_caregiver=True,
            caregiver_name=name,
            caregiver_relation=relation,
            caregiver_birth_year=born,
            caregiver_phone=self.phone() if self.chance(0.75) else "",
            caregiver_health=health,
            caregiver_reason=story.reason,
            # MPL Art. 22–23: parents must tell the school and the village in writing; some never did.
            caregiver_notice_date=self.days_ago(20, 900) if kind == "entrusted" and self.chance(0.8) else None,
        )
        if relation in GRANDPARENTS:
            # The caregiver and, often, the spouse live in the household.
            paternal = relation in (REL.PATERNAL_GRANDFATHER, REL.PATERNAL_GRANDMOTHER)
            male = relation in (REL.PATERNAL_GRANDFATHER, REL.MATERNAL_GRANDFATHER)
            plan.members.append(self.member(name, relation, born, "委托照料人"))
            if self.chance(0.65):
                if paternal:
                    spouse_rel = REL.PATERNAL_GRANDMOTHER if male else REL.PATERNAL_GRANDFATHER
                else:
                    spouse_rel = REL.MATERNAL_GRANDMOTHER if male else REL.MATERNAL_GRANDFATHER
                _, spouse, spouse_born = self.relative(spouse_rel, surname, mother_surname, oldest)
                plan.members.append(self.member(spouse, spouse_rel, spouse_born, ""))
        elif relation != REL.PARENT_AT_HOME:
            plan.members.append(self.member(name, relation, born, "委托照料人"))
        if self.chance(0.12):
            sex = "M" if self.chance(0.5) else "F"
            age = rng.randint(18, 23)
            plan.members.append({
                "name": surname + self.given_name(sex), "relation": "哥哥" if sex == "M" else "姐姐",
                "birth_year": self.today.year - age, "note": rng.choice(["在外务工", "大学在读", "高职在读"]),
            })  # fmt: skip

    def child(self, plan: HouseholdPlan, village: Village, surname: str, age: int, ethnicity: str, hukou: str,
              *, sick: bool) -> dict:  # fmt: skip
        rng = self.rng
        sex = "M" if self.chance(BOY_SHARE) else "F"
        name = surname + self.given_name(sex)
        born = self.birth_date(age)
        pinyin, initials = self.name_keys(name)
        has_id = self.chance(0.88 if age > 0 else 0.45)
        child = {
            "uuid": self.new_uuid(),
            "village_id": village.code,
            "name": name,
            "name_pinyin": pinyin,
            "name_initials": initials,
            "sex": sex,
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "id_number": self.id_number(born, sex) if has_id else "",
            "hukou_type": hukou,
            "address": plan.household["address"],
            "health_status": c.HealthStatus.HEALTHY,
        }
        if sick:
            if self.chance(0.75):
                grade = DISABILITY_GRADES.pick(rng)
                child.update(health_status=c.HealthStatus.DISABLED, disability_type=DISABILITY_TYPES.pick(rng),
                             disability_grade=grade)  # fmt: skip
            else:
                child.update(health_status=c.HealthStatus.SERIOUS_ILLNESS, health_note=rng.choice(SERIOUS_ILLNESSES))
        elif self.chance(0.04):
            if self.chance(0.6):
                child.update(health_status=c.HealthStatus.CHRONIC_ILLNESS, health_note=rng.choice(CHRONIC_ILLNESSES))
            else:
                child.update(health_status=c.HealthStatus.OTHER, health_note=rng.choice(OTHER_HEALTH))
        child.update(self.schooling(born, village, child))
        return child

    def schooling(self, born: date, village: Village, child: dict) -> dict:
        """Status, school, grade and boarding consistent with the age on 31 August (school entry at 6)."""
        rng = self.rng
        town = village.township_name
        year = age_on(born, date(self.school_year, 8, 31)) - 6
        if year >= 1 and self.chance(0.05):
            year -= 1  # repeated a year or started late
        out = {"schooling_status": SS.PRESCHOOL_NOT_ENROLLED, "school": "", "grade": "", "boarding": False}
        if year < -3:
            return out
        if year < 0:
            if self.chance((0.7, 0.85, 0.92)[year + 3]):
                out.update(schooling_status=SS.KINDERGARTEN, school=f"{town}中心幼儿园",
                           grade=KINDERGARTEN_GRADES[year + 3])  # fmt: skip
            return out
        severe = child.get("disability_grade") in (1, 2) and child.get("disability_type") in (
            c.DisabilityType.INTELLECTUAL, c.DisabilityType.MULTIPLE, c.DisabilityType.MENTAL)  # fmt: skip
        if severe and self.chance(0.4):
            child["health_note"] = "送教上门"
            out["schooling_status"] = SS.OUT_OTHER
            return out
        if year <= 5:
            village_school = village.rural and year <= 2 and self.chance(0.15)
            school = f"{village.short_name}小学" if village_school else f"{town}中心小学"
            out.update(schooling_status=SS.PRIMARY, school=school, grade=PRIMARY_GRADES[year],
                       boarding=year >= 3 and self.chance(0.1))  # fmt: skip
        elif year <= 8:
            if self.chance(0.01):
                out["schooling_status"] = SS.DROPPED_OUT  # a 控辍保学 case
                return out
            out.update(schooling_status=SS.JUNIOR_MIDDLE, school=f"{town}中学",
                       grade=SECONDARY_GRADES[year - 6], boarding=self.chance(0.5))  # fmt: skip
        else:
            r = rng.random()
            if r < 0.04:
                out["schooling_status"] = SS.DROPPED_OUT
            elif r < 0.16:
                out["schooling_status"] = SS.OUT_OTHER  # finished junior middle, working
            else:
                county, stem = self.county_name, _strip_suffix(self.county_name)
                school = rng.choices([f"{stem}中学", f"{county}第二中学", f"{county}职业高级中学"], [50, 25, 25])[0]
                out.update(schooling_status=SS.SENIOR_MIDDLE, school=school,
                           grade=SECONDARY_GRADES[min(year, 11) - 6], boarding=self.chance(0.85))  # fmt: skip
        return out

    def categorise(self, child: dict, plan: HouseholdPlan, story: _Story, *, closed: bool) -> bool:
        """Set the category flags; False when the child has none.

        The rule-based flags come from children.eligibility. The rules are only called when
        their structural precondition holds (an away parent; both parents with a condition or
        dead or missing), which halves the planning time at 200,000 children.
        """
        father, mother = plan.parents
        facts = ChildFacts(
            child["date_of_birth"],
            child["hukou_type"],
            child["schooling_status"],
            self.facts(father, "father"),
            self.facts(mother, "mother"),
        )
        someone_away = facts.father.away or facts.mother.away
        both_affected = all(
            p.condition or p.disability_grade or p.dead_or_missing for p in (facts.father, facts.mother)
        )
        both_gone = facts.father.dead_or_missing and facts.mother.dead_or_missing
        scenario, on = story.scenario, self.today
        cats = {
            # Closed records keep the category they were registered under.
            c.Category.RURAL_LEFT_BEHIND: (someone_away and left_behind(facts, NATIONAL_DEFAULT, on).meets)
            or (closed and scenario in ("both_away", "returned", "moved")),
            c.Category.DE_FACTO_UNSUPPORTED: (both_affected and de_facto_unsupported(facts, NATIONAL_DEFAULT, on).meets)
            or (closed and scenario == "released"),
            c.Category.ORPHAN: both_gone and orphan(facts, on, NATIONAL_DEFAULT).meets,
            c.Category.DIFFICULTY_ECONOMIC: plan.household["assistance_status"] in (AS.DIBAO, AS.TEKUN),
            c.Category.DIFFICULTY_DISABILITY: child["health_status"] in SICK,
            c.Category.DIFFICULTY_GUARDIANSHIP: story.guardianship,
            c.Category.OTHER_LOCAL: bool(story.other_note),
        }
        for cat, value in cats.items():
            child[CATEGORY_FIELD[cat]] = value
        if cats[c.Category.ORPHAN]:
            child["orphan_basis"] = self.orphan_basis(father, mother)
            institutional = child["orphan_basis"] == c.OrphanBasis.PARENTS_UNTRACEABLE and self.chance(0.3)
            child["orphan_care"] = c.OrphanCare.INSTITUTIONAL if institutional else c.OrphanCare.DISPERSED
        child["other_category_note"] = story.other_note
        return any(cats.values())

    @staticmethod
    def orphan_basis(father: dict, mother: dict) -> str:
        dead = [p.get("vital_status") == VS.DEAD for p in (father, mother)]
        if all(dead):
            return c.OrphanBasis.BOTH_PARENTS_DEAD
        if any(dead):
            return c.OrphanBasis.ONE_DEAD_OTHER_MISSING
        # Nothing at all is known of abandoned children's parents.
        return c.OrphanBasis.BOTH_MISSING if father["name"] or mother["name"] else c.OrphanBasis.PARENTS_UNTRACEABLE

    @staticmethod
    def facts(p: dict, label: str) -> ParentFacts:
        return ParentFacts(label, p.get("vital_status", VS.ALIVE), p.get("condition", ""), p.get("condition_start"),
                           p.get("migration_status", MS.AT_HOME), p.get("condition_evidence", ""),
                           p.get("disability_type", ""), p.get("disability_grade"))  # fmt: skip

    def status(self, child: dict, village: Village, closure: tuple | None) -> None:
        """Lifecycle state and its dates: most active, a township and a county queue, a few closed."""
        today, born = self.today, child["date_of_birth"]
        # Registered some days after birth at the earliest (the planned births leave room).
        earliest = max(born + timedelta(days=10), today - timedelta(days=ACTIVE_SINCE_DAYS))
        r = self.rng.random()
        p_reg, p_conf = self.p_registered[village.township_code], self.p_confirmed[village.township_code]
        child.update(returned_note="", closed_on=None, closure_reason="", closure_note="",
                     confirmed_at=None, activated_at=None)  # fmt: skip
        if closure is None and r < p_reg:
            child["status"] = c.Status.REGISTERED
            child["registered_at"] = self.at(max(earliest, self.days_ago(0, 25)))
            if self.chance(0.1):
                child["returned_note"] = self.rng.choice(RETURNED_NOTES)
            child["updated_at"] = child["registered_at"]
            return
        if closure is None and r < p_reg + p_conf:
            registered = max(earliest, self.days_ago(8, 40))
            child["status"] = c.Status.CONFIRMED
            child["registered_at"] = self.at(registered)
            child["confirmed_at"] = self.at(min(registered + timedelta(days=self.rng.randint(1, 7)), today))
            child["updated_at"] = child["confirmed_at"]
            return
        closed_on = note = None
        latest = today - timedelta(days=60)
        if closure is not None:
            reason, *rest = closure
            if reason == "turned_16":
                closed_on = min(shift_years(born, 16) + timedelta(days=self.rng.randint(0, 30)), today)
                note = "年满16周岁，退出农村留守儿童台账"
            elif reason == "condition_ended":
                note, closed_on = rest[0], min(rest[1] + timedelta(days=self.rng.randint(5, 25)), today)
            else:
                note, closed_on = rest[0], self.days_ago(20, 540)
            # Registered and activated while the category still held.
            latest = min(latest, closed_on - timedelta(days=40))
        registered = earliest + timedelta(days=self.rng.randint(0, max((latest - earliest).days, 0)))
        confirmed = min(registered + timedelta(days=self.rng.randint(1, 10)), today)
        activated = min(confirmed + timedelta(days=self.rng.randint(1, 15)), today)
        child.update(status=c.Status.ACTIVE, registered_at=self.at(registered), confirmed_at=self.at(confirmed),
                     activated_at=self.at(activated))  # fmt: skip
        child["updated_at"] = child["activated_at"]
        if closure is not None:
            closed_on = max(closed_on, activated)
            child.update(status=c.Status.CLOSED, closed_on=closed_on, closure_reason=reason, closure_note=note)
            child["updated_at"] = self.at(closed_on)
