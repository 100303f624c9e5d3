"""Deterministic demo data: families, parents, caregivers and children for a county's villages.

A bulk load for demonstrations and benchmarks. Its writes bypass the action functions (no audit
rows, no alerts, no per-row validation), so this module is one of the few allowed to touch
Child.objects directly; keep it that way, and never call it on a registry holding real records.

Everything is drawn from one random.Random(seed), in a fixed order, so the same seed, size and
reference date give identical data, UUIDs included, whatever the batch size. The rule-based
categories (left-behind, de facto unsupported, orphan) of open records are derived from the
generated parents with children.eligibility, so the register and the rules always agree.
Proportions follow DOMAIN.md §1.2 and §5 (2016 sweep, 2018 MCA figures).
"""

import random
import time
import uuid
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from geo.models import Division, code_range
from partners.models import Organisation

from . import choices as c
from .eligibility import NATIONAL_DEFAULT, ChildFacts, ParentFacts, age_on, de_facto_unsupported, left_behind, orphan
from .identity import make_id_number, name_keys
from .models import CATEGORY_FIELD, Child, Household, HouseholdMember, Parent

AS = c.AssistanceStatus
PC = c.ParentCondition
SS = c.SchoolingStatus
VS = c.VitalStatus
MS = c.MigrationStatus
REL = c.CaregiverRelation


class DemoError(Exception):
    """The demo data cannot be generated here (no such county, no villages, not empty)."""


class _Weighted:
    """A fixed weighted choice; bisect on cumulative weights is faster than rng.choices."""

    def __init__(self, pairs: "list[tuple[object, float]] | dict[object, float]"):
        items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.items = [item for item, _ in items]
        self.cum: list[float] = []
        total = 0.0
        for _, weight in items:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[min(bisect(self.cum, rng.random() * self.total), len(self.items) - 1)]


def _words(text: str) -> list[str]:
    return text.split()


def _weighted_chars(spec: str) -> _Weighted:
    """'王71 李72' → characters weighted by the number after them."""
    return _Weighted([(token[0], float(token[1:])) for token in spec.split()])


# Surname frequencies (per mille, roughly the national ranking with Sichuan's 何 罗 唐 邓 蒲 苟
# 敬 raised).
SURNAMES = _weighted_chars(
    "王71 李72 张68 刘54 陈48 杨33 黄22 赵20 吴20 周19 徐15 孙14 马13 朱13 胡13 郭11 何15 高11 林9 罗13 "
    "郑8 梁8 谢9 宋7 唐10 许7 韩6 冯7 邓9 曹6 彭7 曾6 肖7 田6 董5 袁6 潘4 于4 蒋6 蔡4 余6 杜5 叶4 程4 "
    "苏4 魏4 吕4 丁3 任5 沈3 姚3 卢3 姜3 崔2 钟3 谭5 陆2 汪2 范3 金2 石3 廖4 贾2 夏2 付4 方2 白2 邹3 "
    "孟1 熊3 秦2 邱2 江2 尹2 段2 雷3 侯2 龙2 蒲4 苟3 敬2 赖2 向2 岳2 严1 文2 母1"
)
# Children born 2008–2025: whole two-character names, compositions and single characters.
BOY_NAMES = _words(
    "子轩 浩宇 宇轩 梓豪 俊熙 浩然 子墨 宇航 皓轩 博文 俊杰 梓睿 子豪 思远 天佑 明轩 家豪 嘉豪 一鸣 宇豪 "
    "俊宇 梓轩 浩轩 铭泽 睿泽 锦程 文博 志豪 鑫宇 鑫磊 俊豪 欣阳 宇杰 梓航 雨泽 佳乐 思源 子杰 嘉乐 浩楠 "
    "晨阳 家乐 俊逸 弘毅 奕辰 沐辰 宇辰 一航 承泽 煜城 建宇 志鹏 金鑫 俊驰 翔宇 浩轩 瑞霖 明杰"
)
BOY_FIRST = "子浩宇俊梓皓嘉博明思家志文天泽睿晨一鑫建云鹏"
BOY_SECOND = "轩宇豪然杰航文涛阳鹏辉博林凯龙洋诚瑞铭川宏峰"
BOY_SINGLE = "杰浩宇轩鑫磊涛阳鹏博睿航毅凯帅"
GIRL_NAMES = _words(
    "梓涵 欣怡 诗涵 雨涵 可馨 子涵 梓萱 思琪 佳怡 雨桐 紫涵 欣妍 语桐 若汐 诗琪 雨欣 佳琪 思雨 梦瑶 馨怡 "
    "雅婷 婉婷 心怡 雨萱 一诺 艺涵 芷涵 梓琪 欣悦 诗雨 佳欣 静怡 雨婷 紫萱 梦琪 思涵 晓雪 梓晴 语嫣 可欣 "
    "诗琪 雅琪 欣然 佳慧 梦洁 思彤 钰涵 悦彤 婧琪 紫怡"
)
GIRL_FIRST = "梓欣诗雨可子思佳紫语若梦馨雅婉心艺芷静晓"
GIRL_SECOND = "涵怡琪萱桐妍汐欣瑶婷悦雯琳彤月玥雪蕾璐颖"
GIRL_SINGLE = "婷静雪琳悦欣萱瑶琪娜丹妍怡璐"
# Parents born ~1975–2002 and grandparents born ~1945–1972.
FATHER_NAMES = _words(
    "伟 强 军 勇 杰 涛 斌 磊 刚 平 波 超 俊 华 林 海 兵 明 成 浩 鹏 亮 建华 建军 国强 志强 小龙 小军 春林 "
    "海波 建平 志勇 文军 德华 小平 宏伟 红军 永刚 天明 国庆 开明 云峰 兴华"
)
MOTHER_NAMES = _words(
    "芳 丽 敏 静 燕 霞 娟 艳 红 梅 琴 丹 萍 莉 玲 英 秀英 桂英 玉兰 春梅 小燕 晓燕 小红 丽萍 秀芳 小琴 春燕 "
    "海燕 小芳 雪梅 红梅 玉梅 丽华 小梅 建英 素琼 琼 蓉 小蓉"
)
GRANDFATHER_NAMES = _words(
    "德明 国华 建国 德清 明富 国富 德福 正华 世友 光明 成贵 永福 志成 家贵 发明 学文 仕林 泽民 开华 朝贵 "
    "天福 玉林 廷贵 登科 文富"
)
GRANDMOTHER_NAMES = _words(
    "玉珍 秀兰 素珍 淑芬 桂芳 玉英 翠兰 银花 金凤 秀珍 德秀 素芳 桂兰 玉华 秀华 淑华 春花 菊英 兰英 明秀 "
    "光秀 素华 琼英 大妹 二妹"
)

# Where Sichuan migrants work: Guangdong, Chengdu and Chongqing first. Chengdu is in-province.
CITIES = _Weighted({
    "成都": 20, "重庆": 12, "广州": 10, "深圳": 11, "东莞": 12, "上海": 6,
    "北京": 4, "厦门": 5, "宁波": 5, "苏州": 6, "杭州": 5, "西安": 4,
})  # fmt: skip
IN_PROVINCE_CITIES = {"成都"}
PHONE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 176 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
)
# Yilong is almost entirely Han; Yi, Tujia and Qiang are Sichuan's other large groups.
ETHNICITY = _Weighted({"01": 985, "07": 6, "15": 4, "33": 3, "03": 1, "04": 1})
KIDS_PER_HOUSEHOLD = _Weighted({1: 45, 2: 42, 3: 13})

# Household situations, weighted by household. Left-behind families dominate (2016 sweep).
SCENARIOS = _Weighted({
    "both_away": 68, "one_incapable": 7, "economic": 7, "disability": 3, "orphan": 1.6, "dfu": 3.2,
    "other_local": 2, "guardianship": 0.7, "returned": 1.5, "moved": 0.8, "released": 0.4,
})  # fmt: skip
LEFT_BEHIND_SCENARIOS = {"both_away", "one_incapable", "returned", "moved"}
# Ages of left-behind children (MCA, Aug 2018): 0–5 21.7%, 6–13 67.4%, 14–15 10.9%.
LBC_AGE_BANDS = _Weighted({(0, 5): 21.7, (6, 13): 67.4, (14, 15): 10.9})
# Other categories run to 17.
OTHER_AGE_BANDS = _Weighted({(0, 5): 18, (6, 13): 55, (14, 17): 27})
BOY_SHARE = 0.545

# Entrusted caregivers of left-behind children (2016 sweep): ~90% grandparents, ~4% nobody.
CAREGIVERS = _Weighted({
    REL.PATERNAL_GRANDMOTHER: 34, REL.PATERNAL_GRANDFATHER: 22, REL.MATERNAL_GRANDMOTHER: 20,
    REL.MATERNAL_GRANDFATHER: 14, REL.UNCLE_AUNT: 3, REL.OTHER_RELATIVE: 1.5, REL.ADULT_SIBLING: 0.8,
    REL.FRIEND_NEIGHBOUR: 0.7, None: 4,
})  # fmt: skip
CAREGIVER_HEALTH = _Weighted({
    c.CaregiverHealth.HEALTHY: 60, c.CaregiverHealth.CHRONIC_ILLNESS: 28, c.CaregiverHealth.DISABLED: 5,
    c.CaregiverHealth.SERIOUS_ILLNESS: 4, c.CaregiverHealth.OTHER: 3,
})  # fmt: skip
GRANDPARENTS = {REL.PATERNAL_GRANDMOTHER, REL.PATERNAL_GRANDFATHER, REL.MATERNAL_GRANDMOTHER, REL.MATERNAL_GRANDFATHER}
MEMBER_RELATION = {
    REL.PATERNAL_GRANDFATHER: "祖父", REL.PATERNAL_GRANDMOTHER: "祖母", REL.MATERNAL_GRANDFATHER: "外祖父",
    REL.MATERNAL_GRANDMOTHER: "外祖母", REL.UNCLE_AUNT: "叔叔", REL.OTHER_RELATIVE: "堂叔",
    REL.ADULT_SIBLING: "哥哥", REL.FRIEND_NEIGHBOUR: "邻居",
}  # fmt: skip

DISABILITY_TYPES = _Weighted({
    c.DisabilityType.INTELLECTUAL: 30, c.DisabilityType.PHYSICAL: 25, c.DisabilityType.MULTIPLE: 10,
    c.DisabilityType.SPEECH: 10, c.DisabilityType.HEARING: 10, c.DisabilityType.VISUAL: 8,
    c.DisabilityType.MENTAL: 7,
})  # fmt: skip
DISABILITY_GRADES = _Weighted({1: 20, 2: 30, 3: 25, 4: 25})
SERIOUS_ILLNESSES = _words("白血病（化疗中） 先天性心脏病 肾病综合征 脑瘫 再生障碍性贫血 1型糖尿病")
CHRONIC_ILLNESSES = _words("哮喘 癫痫 先天性心脏病（术后） 过敏性紫癜")
OTHER_HEALTH = _words("营养不良 视力低下 发育迟缓")
# Evidence for DOMAIN.md §1.5 conditions, as a CWD would note it.
EVIDENCE = {
    PC.SEVERE_DISABILITY: ["残疾人证：肢体残疾二级", "残疾人证：精神残疾三级", "残疾人证：智力残疾一级",
                           "残疾人证：视力残疾一级", "残疾人证：肢体残疾一级"],
    PC.SERIOUS_ILLNESS: ["尿毒症，南充市中心医院诊断证明", "恶性肿瘤，四川大学华西医院病理报告",
                         "白血病，川北医学院附属医院诊断证明", "重度精神分裂症，南充市精神卫生中心诊断证明"],
    PC.IMPRISONED: ["{county}人民法院刑事判决书（{year}）刑初{n}号，有期徒刑{y}年"],
    PC.COMPULSORY_DRUG_REHAB: ["强制隔离戒毒决定书（{county}公安局），期限二年"],
    PC.OTHER_DETENTION: ["逮捕通知书（{county}公安局），尚未判决"],
    PC.LOST_CONTACT: ["派出所受案回执及查找情况说明（受案号{n}）"],
}  # fmt: skip
DEATH_EVIDENCE = ["居民死亡医学证明书", "火化证明", "户口注销证明"]
MISSING_EVIDENCE = "{county}人民法院宣告失踪判决书（{year}）民特{n}号"
SICK = (c.HealthStatus.DISABLED, c.HealthStatus.SERIOUS_ILLNESS)
PRIMARY_GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
SECONDARY_GRADES = ["初一", "初二", "初三", "高一", "高二", "高三"]
KINDERGARTEN_GRADES = ["小班", "中班", "大班"]
RETURNED_NOTES = ["缺少身份证号，请补充户口簿页", "监护人联系电话有误，请核实", "父母务工地址不详，请补充"]
ACTIVE_SINCE_DAYS = 3 * 365  # registrations go back three years
NEWBORN_DAYS = 60
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


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _strip_suffix(name: str) -> str:
    for suffix in ("街道", "镇", "乡", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


class Planner:
    """Plans households without touching the database, so it can be tested and timed alone."""

    def __init__(
        self, county_code: str, county_name: str, villages: list[Village], *, children: int, seed: int, today: date
    ):
        if not villages:
            raise DemoError("no villages to fill")
        self.rng = random.Random(seed)
        self.today = today
        self.county_code, self.county_name = county_code, county_name
        self.tz = timezone.get_default_timezone()
        self.keys: dict[str, tuple[str, str]] = {}
        self.id_sequence: dict[tuple[date, str], int] = {}
        # Village sizes vary a lot; urban neighbourhoods (社区) have fewer registered children.
        weights = [self.rng.lognormvariate(0, 0.5) * (1.0 if v.rural else 0.45) for v in villages]
        self.villages = _Weighted(list(zip(villages, weights, strict=True)))
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
        self.known_days = 0

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
        latest = min(_shift_years(self.today, -age), self.today - timedelta(days=NEWBORN_DAYS))
        earliest = _shift_years(self.today, -age - 1) + timedelta(days=1)
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
        """Give a parent a DOMAIN.md §1.5 condition; the defaults are past the 6-month mark."""
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
        p.update(vital_status=VS.MISSING, phone="", condition_start=self.family_event(400, 3000))
        n = self.rng.randint(3, 90)
        p["condition_evidence"] = MISSING_EVIDENCE.format(county=self.county_name, year=p["condition_start"].year, n=n)

    def disabling_condition(self, p: dict) -> None:
        """Severe disability or serious illness of a parent at home (无监护能力)."""
        self.condition(p, PC.SEVERE_DISABILITY if self.chance(0.6) else PC.SERIOUS_ILLNESS, min_days=60)

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
        both_affected = all(p.condition or p.dead_or_missing for p in (facts.father, facts.mother))
        both_gone = facts.father.dead_or_missing and facts.mother.dead_or_missing
        scenario, on = story.scenario, self.today
        cats = {
            # Closed records keep the category they were registered under.
            c.Category.RURAL_LEFT_BEHIND: (someone_away and left_behind(facts, NATIONAL_DEFAULT, on).meets)
            or (closed and scenario in ("both_away", "returned", "moved")),
            c.Category.DE_FACTO_UNSUPPORTED: (both_affected and de_facto_unsupported(facts, NATIONAL_DEFAULT, on).meets)
            or (closed and scenario == "released"),
            c.Category.ORPHAN: both_gone and orphan(facts, on).meets,
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
                           p.get("migration_status", MS.AT_HOME))  # fmt: skip

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
                closed_on = min(_shift_years(born, 16) + timedelta(days=self.rng.randint(0, 30)), today)
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


# Database


def county_villages(county_code: str) -> tuple[Division, list[Village]]:
    """The county and its villages with their townships, in two queries."""
    county = Division.objects.filter(code=county_code, level=Division.Level.COUNTY).first()
    if county is None:
        raise DemoError(f"No county with code {county_code}: run `manage.py load_divisions` first.")
    rows = Division.objects.within(county).villages().select_related("parent").order_by("code")
    villages = [Village(v.code, v.name, v.parent_id, v.parent.name) for v in rows]
    if not villages:
        raise DemoError(f"{county.name} ({county_code}) has no villages: run `manage.py load_divisions` first.")
    return county, villages


def registry_is_empty() -> bool:
    return not Child.objects.exists()


_REQUIRED = object()


class _Table:
    """Rows of one model, inserted with COPY on PostgreSQL and executemany elsewhere.

    bulk_create compiles SQL value by value (about 10 µs each, and 45 columns per child): over
    five minutes at 200,000 children. The demo rows are plain values, so they go straight to
    the driver; the fields that need the backend's conversion (UUIDs, dates) still get it from
    the field itself. Raw inserts also skip auto_now, so the planned registration dates are
    stored as they are.
    """

    def __init__(self, model: type[models.Model], *, with_pk: bool = False):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.names = [f.attname for f in fields]
        self.known = set(self.names)
        # Callable defaults (uuid4) would give every row the same value: such fields must be planned.
        self.defaults = [_REQUIRED if f.has_default() and callable(f.default) else f.get_default() for f in fields]
        # UUIDs and dates need the backend's form (SQLite stores text); the planned values are
        # already of the field's Python type, hence prepared=True.
        self.converters = [
            (i, partial(f.get_db_prep_value, connection=connection, prepared=True))
            for i, f in enumerate(fields)
            if isinstance(f, (models.UUIDField, models.DateField))
        ]
        # Names from the model's own metadata, quoted; values go as parameters.
        qn = connection.ops.quote_name
        table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def row(self, values: dict) -> list:
        if not self.known.issuperset(values):
            raise DemoError(f"Unknown {self.model.__name__} fields: {sorted(set(values) - self.known)}")
        row = list(map(values.get, self.names, self.defaults))
        if _REQUIRED in row:
            raise DemoError(f"{self.model.__name__}.{self.names[row.index(_REQUIRED)]} must be planned")
        for i, convert in self.converters:
            if row[i] is not None:
                row[i] = convert(row[i])
        return row

    def insert(self, rows: list[dict]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than even a pipelined executemany.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in rows:
                        copy.write_row(self.row(values))
            else:
                cursor.executemany(self.sql, [self.row(values) for values in rows])


def _reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """n primary keys nobody else will take, so children can point at their households."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # From the table's own sequence: safe against concurrent inserts.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock, so MAX() cannot race; sqlite_sequence keeps
        # AUTOINCREMENT's promise that deleted ids are never reused.
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        return list(range(start, start + n))


def _write(batch: list[HouseholdPlan], tables: dict[str, _Table]) -> None:
    ids = _reserve_ids(Household, len(batch))
    parents, members, children = [], [], []
    for plan, hid in zip(batch, ids, strict=True):
        plan.household["id"] = hid
        parents += [{**p, "household_id": hid} for p in plan.parents]
        members += [{**m, "household_id": hid} for m in plan.members]
        children += [{**ch, "household_id": hid} for ch in plan.children]
    tables["household"].insert([plan.household for plan in batch])
    tables["parent"].insert(parents)
    tables["member"].insert(members)
    tables["child"].insert(children)


def generate(county_code: str, *, children: int, seed: int, batch_size: int = 5000, today: date | None = None) -> dict:
    """Fill an empty county with `children` demo children and their families; return counts.

    `today` is the reference date for ages and record dates (default: today); pass it to get
    the same data on another day. One transaction: a county is either fully loaded or
    untouched, so `seed_demo --if-empty` can trust that a non-empty registry is complete.
    Rows go in batches of about `batch_size` children, so memory stays flat at 200,000.
    """
    if children < 1:
        raise DemoError("The number of children must be positive.")
    started = time.monotonic()
    county, villages = county_villages(county_code)
    if Child.objects.filter(village__code__range=code_range(county.code)).exists():
        raise DemoError(f"{county.name} already has children; demo data goes into an empty county only.")
    planner = Planner(
        county.code, county.name, villages, children=children, seed=seed, today=today or timezone.localdate()
    )
    counts: Counter[str] = Counter()
    batch: list[HouseholdPlan] = []
    pending = 0
    with transaction.atomic():
        tables = {
            "household": _Table(Household, with_pk=True),
            "parent": _Table(Parent),
            "member": _Table(HouseholdMember),
            "child": _Table(Child),
        }
        for plan in planner.households(children):
            batch.append(plan)
            pending += len(plan.children)
            _count(counts, plan)
            if pending >= batch_size:
                _write(batch, tables)
                batch, pending = [], 0
        if batch:
            _write(batch, tables)
    counts["seconds"] = round(time.monotonic() - started, 1)
    return dict(counts)


def _count(counts: Counter, plan: HouseholdPlan) -> None:
    counts["households"] += 1
    counts["parents"] += len(plan.parents)
    counts["members"] += len(plan.members)
    counts["children"] += len(plan.children)
    for ch in plan.children:
        counts[f"status:{ch['status']}"] += 1
        for cat, name in CATEGORY_FIELD.items():
            if ch[name]:
                counts[f"category:{cat.value}"] += 1


# Demo users

DEMO_NAMES = {
    "county": "陈建华", "supervisor1": "李红梅", "supervisor2": "王志强", "cwd1": "张秀英", "cwd2": "刘德明",
    "cwd3": "何春燕", "partner1": "罗晓燕", "admin": "赵磊",
}  # fmt: skip


def create_demo_users(county_code: str, password: str) -> list[tuple[str, str, str]]:
    """The demo personas, created or updated in place; returns (username, role, division name).

    Township 1 is the township with the most open records and township 2 the next; cwd1 and
    cwd2 get the two largest villages of township 1, cwd3 the largest of township 2, so that
    the personas have realistic caseloads. Without children, code order decides.
    """
    county, villages = county_villages(county_code)
    open_children = (
        Child.objects.filter(village__code__range=code_range(county.code))
        .exclude(status=c.Status.CLOSED)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    per_village = {row["village_id"]: row["n"] for row in open_children}
    per_township: Counter[str] = Counter()
    by_township: defaultdict[str, list[Village]] = defaultdict(list)
    for v in villages:
        per_township[v.township_code] += per_village.get(v.code, 0)
        by_township[v.township_code].append(v)
    busiest = sorted(by_township, key=lambda code: (-per_township[code], code))
    # Township 1 needs two villages (cwd1, cwd2); township 2 is the busiest of the others.
    first = next((t for t in busiest if len(by_township[t]) >= 2), None)
    second = next((t for t in busiest if t != first), None)
    if first is None or second is None:
        raise DemoError(f"{county.name} needs two townships, one with two villages, for the demo users.")

    def ranked(township: str) -> list[Village]:
        return sorted(by_township[township], key=lambda v: (-per_village.get(v.code, 0), v.code))

    t1, t2 = ranked(first), ranked(second)
    township1, township2 = Division.objects.get(code=first), Division.objects.get(code=second)
    organisation, _ = Organisation.objects.update_or_create(
        division=township1,
        name=f"{township1.name}卫生院",
        defaults={"type": Organisation.Type.TOWNSHIP_HEALTH_CENTRE, "address": f"{township1.name}政府街",
                  "phone": f"0817-72{township1.code[-2:]}120"},
    )  # fmt: skip
    R = User.Role
    specs = [
        ("county", R.COUNTY_OFFICER, county.code, None),
        ("supervisor1", R.SUPERVISOR, township1.code, None),
        ("supervisor2", R.SUPERVISOR, township2.code, None),
        ("cwd1", R.CWD, t1[0].code, None),
        ("cwd2", R.CWD, t1[1].code, None),
        ("cwd3", R.CWD, t2[0].code, None),
        ("partner1", R.PARTNER, None, organisation),
        ("admin", R.ADMIN, None, None),
    ]
    names = dict(Division.objects.filter(code__in=[s[2] for s in specs if s[2]]).values_list("code", "name"))
    # One hash for all: the personas share the password, and each hash takes most of a second.
    hashed = make_password(password)
    result = []
    for i, (username, role, division_code, org) in enumerate(specs):
        User.objects.update_or_create(
            username=username,
            defaults={
                "password": hashed,
                "role": role, "division_id": division_code, "organisation": org, "full_name": DEMO_NAMES[username],
                "phone": f"1390817{i:04d}", "is_active": True, "is_staff": role == R.ADMIN,
                "is_superuser": role == R.ADMIN,
            },
        )  # fmt: skip
        where = names.get(division_code, "") if division_code else (township1.name if org else "")
        result.append((username, str(role), where))
    return result
