"""Generated snapshot figures for counties without records: the demo's other counties and the
benchmark's province (~100 counties) and country (~3,000), so that the views above the county can
be shown and measured before any of those counties uses Shouhu.

Every county in the division table (`manage.py load_divisions` loads the national list of
geo/data/areas.csv) gets a profile drawn from its code: its size (the MCA ledger's 6.97 million
rural left-behind children of 2018 spread over ~2,000 counties with children: a log-normal
around 2,000, larger in the provinces that send the most migrant workers, a tenth in city
districts), its share of children in difficulty, and how well its workers keep up (a quality between
0.2 and 0.97 that improves a little each month). Each day's figures follow from the profile and
are consistent the way real ones are: on time <= done, overdue <= due, stunted <= measured,
receiving <= applied <= eligible, the time bands sum to the answered, tiers sum to the open files.

The generated rows carry one more count, `simulated_counties` (1 per generated county, summed
upwards like every figure), which the dashboard reads to label them "simulated". Areas above the
county are recomputed from all counties' rows of the day, real and generated alike.
"""

import math
import random
import zlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Sum, Value
from django.db.models.functions import Substr

from children.choices import Category, Status
from core import indicators
from core.bulk import FastTable
from core.scope import code_range
from geo.models import Division

from .board import CODE_LENGTH, COUNTY, SIMULATED, trend_days
from .models import Figure

# How many rural children a province's counties hold against the average (migrant-sending
# provinces above 1, the coastal and the municipalities' districts far below).
PROVINCE_WEIGHT = {
    "11": 0.15, "12": 0.2, "13": 0.9, "14": 0.8, "15": 0.5, "21": 0.5, "22": 0.5, "23": 0.5,
    "31": 0.1, "32": 0.5, "33": 0.4, "34": 1.5, "35": 0.7, "36": 1.4, "37": 0.9, "41": 1.7,
    "42": 1.3, "43": 1.5, "44": 0.6, "45": 1.2, "46": 0.7, "50": 1.5, "51": 1.6, "52": 1.6,
    "53": 1.1, "54": 0.4, "61": 1.0, "62": 1.0, "63": 0.6, "64": 0.8, "65": 0.5,
}  # fmt: skip
# Stunting among rural children under 5 runs higher in the west (national surveys: ~5–15 %).
WESTERN = {"45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}


@dataclass(frozen=True)
class Profile:
    code: str
    left_behind: float
    difficulty: float
    both: float  # share of the smaller group counted in both
    other: float  # open files of other categories (orphans, de facto unsupported …)
    quality: float
    red: float
    yellow: float
    stunting: float


def profile(code: str, name: str, seed: int = 0) -> Profile:
    rng = random.Random(zlib.crc32(f"{seed}:{code}".encode()))
    weight = PROVINCE_WEIGHT.get(code[:2], 0.8) * (0.1 if name.endswith("区") else 1.0)
    left_behind = math.exp(rng.gauss(math.log(2000), 0.6)) * weight
    return Profile(
        code=code,
        left_behind=left_behind,
        difficulty=left_behind * rng.uniform(0.12, 0.4),
        both=rng.uniform(0.05, 0.15),
        other=left_behind * rng.uniform(0.01, 0.04),
        quality=min(0.97, max(0.2, rng.betavariate(5, 2))),
        red=rng.uniform(0.02, 0.05),
        yellow=rng.uniform(0.1, 0.22),
        stunting=rng.uniform(0.06, 0.15) if code[:2] in WESTERN else rng.uniform(0.03, 0.09),
    )


def _split(total: int, shares: list[float]) -> list[int]:
    """`total` cut into parts by the shares, the last part taking the rounding."""
    parts = [round(total * s) for s in shares[:-1]]
    parts = [min(p, total - sum(parts[:i])) for i, p in enumerate(parts)]
    return [*parts, total - sum(parts)]


def county_figures(p: Profile, day: date, months_ago: int, seed: int = 0) -> dict[str, int]:
    """One county's figures on one day."""
    rng = random.Random(zlib.crc32(f"{seed}:{p.code}:{day.isoformat()}".encode()))
    grow = 1 - 0.004 * months_ago  # the registry fills up slowly
    q = min(0.97, max(0.15, p.quality - 0.012 * months_ago))  # and the follow-up gets better

    def jitter(lo=0.97, hi=1.03):
        return rng.uniform(lo, hi)

    lb = round(p.left_behind * grow * jitter())
    diff = round(p.difficulty * grow * jitter())
    both = round(min(lb, diff) * p.both)
    other = round(p.other * grow * jitter())
    open_ = lb + diff - both + other
    f = {"files_open": open_, "files_left_behind": lb, "files_in_difficulty": diff, "files_both": both}
    waiting = round(open_ * rng.uniform(0.005, 0.03))
    f["files_waiting"] = waiting
    econ, disab, guard = _split(diff, [0.6, 0.25, 0.15])
    orphan, unsupported, local = _split(other, [0.35, 0.5, 0.15])
    cats = {
        Category.RURAL_LEFT_BEHIND: lb,
        Category.DIFFICULTY_ECONOMIC: econ,
        Category.DIFFICULTY_DISABILITY: disab,
        Category.DIFFICULTY_GUARDIANSHIP: guard,
        Category.ORPHAN: orphan,
        Category.DE_FACTO_UNSUPPORTED: unsupported,
        Category.OTHER_LOCAL: local,
    }
    f |= {f"files_cat_{cat.value}": n for cat, n in cats.items()}
    registered, confirmed = _split(waiting, [0.6, 0.4])
    closed = round(open_ * 0.3 * (1 + months_ago * 0.01) * jitter())
    f |= {
        f"files_{Status.REGISTERED.value}": registered,
        f"files_{Status.CONFIRMED.value}": confirmed,
        f"files_{Status.ACTIVE.value}": open_ - waiting,
        f"files_{Status.CLOSED.value}": closed,
    }
    red = round(open_ * p.red * (1.3 - 0.5 * q))
    yellow = round(open_ * p.yellow)
    blue = round(open_ * 0.05)
    f |= {"files_red": red, "files_yellow": yellow, "files_blue": blue, "files_green": open_ - red - yellow - blue}
    # Visits
    due = round(open_ * rng.uniform(0.18, 0.3))
    overdue = min(due, round(due * (1 - q) * rng.uniform(0.6, 1.3)))
    done = round(open_ * (0.25 + 0.5 * q) * jitter(0.9, 1.1))
    f |= {
        "visits_due": due,
        "visits_overdue": overdue,
        "visits_overdue_red": min(red, round(overdue * p.red * 2)),
        "visits_done_30d": done,
        "visits_on_time_30d": round(done * min(0.98, q * rng.uniform(0.9, 1.05))),
        "parent_contact_lapsed": round(lb * (1 - q) * rng.uniform(0.05, 0.2)),
    }
    # Mandatory reports and referrals: opened, answered, in time, by days to the answer.
    for kind, rate, deadline_share in (("reports", 0.003, 0.45), ("referrals", 0.006, 0.35)):
        opened = round(open_ * rate * jitter(0.6, 1.4))
        answered = round(opened * rng.uniform(0.7, 1.0))
        in_time = round(answered * min(1.0, q * rng.uniform(0.85, 1.1)))
        still_open = round(opened * rng.uniform(0.3, 1.2))
        fast, slower = _split(in_time, [deadline_share, 1 - deadline_share])
        late = _split(answered - in_time, [0.5, 0.35, 0.15])
        overdue_key = "reports_feedback_overdue" if kind == "reports" else "referrals_overdue"
        f |= {
            f"{kind}_open": still_open,
            f"{kind}_opened_30d": opened,
            overdue_key: min(still_open, round(still_open * (1 - q) * rng.uniform(0.5, 1.2))),
            f"{kind}_answered_30d": answered,
            f"{kind}_answered_in_time_30d": in_time,
            f"{kind}_days_0_3": fast,
            f"{kind}_days_4_7": slower,
            f"{kind}_days_8_15": late[0],
            f"{kind}_days_16_30": late[1],
            f"{kind}_days_31_plus": late[2],
        }
    f["red_unattended"] = round(red * (1 - q) * rng.uniform(0.1, 0.4))
    # Case plans, school, growth, allowances
    plans = round(red * rng.uniform(0.4, 0.95))
    pupils = round(open_ * 0.65)
    measured = min(open_, round(open_ * (0.2 + 0.6 * q)))
    stunted = round(measured * p.stunting * jitter(0.9, 1.1))
    wasted = round(measured * rng.uniform(0.01, 0.04))
    eligible = round(diff * rng.uniform(0.35, 0.6) + other * 0.8)
    applied = round(eligible * (0.6 + 0.35 * q))
    receiving = round(applied * rng.uniform(0.85, 0.98))
    f |= {
        "caseplans_open": plans,
        "caseplan_actions_overdue": round(plans * (1 - q) * rng.uniform(0.2, 0.8)),
        "school_absent_30d": round(pupils * rng.uniform(0.01, 0.05)),
        "school_dropouts_open": round(open_ * rng.uniform(0.001, 0.004)),
        "pupils_unmatched": round(pupils * rng.uniform(0, 0.02)),
        "growth_measured_365d": measured,
        "growth_stunted": stunted,
        "growth_severely_stunted": round(stunted * rng.uniform(0.2, 0.35)),
        "growth_wasted": wasted,
        "growth_severely_wasted": round(wasted * rng.uniform(0.15, 0.3)),
        "growth_overweight": round(measured * rng.uniform(0.05, 0.12)),
        "benefit_eligible": eligible,
        "benefit_applied": applied,
        "benefit_receiving": receiving,
        "benefit_eligible_not_receiving": eligible - receiving,
    }
    return f


def _codes(generated: set[str]) -> set[str]:
    """The registered codes the generator knows; all it knows when nothing is registered yet."""
    registered = {i.code for i in indicators.indicators()}
    return (generated & registered) or generated


def months_between(day: date, latest: date) -> int:
    return (latest.year - day.year) * 12 + latest.month - day.month


@transaction.atomic
def simulate(latest: date, *, months: int = 12, within: str = "", exclude=(), seed: int = 0) -> dict[str, int]:
    """Write generated figures for every county within `within` ("" the country) but those in
    `exclude` (counties with real records) on the trend days up to `latest`, then recompute the
    prefectures, provinces and the country from all counties' rows of those days."""
    days = trend_days(latest, months)
    counties = Division.objects.filter(level=COUNTY).exclude(code__in=list(exclude))
    if within:
        counties = counties.filter(code__range=code_range(within))
    counties = list(counties.order_by("code").values_list("code", "name"))
    profiles = [profile(code, name, seed) for code, name in counties]
    table = FastTable(Figure)
    written = 0
    codes = None
    for day in days:
        Figure.objects.filter(day=day, level=COUNTY, area__in=[p.code for p in profiles]).delete()
        rows = []
        for p in profiles:
            values = county_figures(p, day, months_between(day, latest), seed)
            if codes is None:
                codes = _codes(set(values))
            rows.extend(
                {"day": day, "area": p.code, "level": COUNTY, "indicator": k, "value": v}
                for k, v in values.items()
                if k in codes
            )
            rows.append({"day": day, "area": p.code, "level": COUNTY, "indicator": SIMULATED, "value": 1})
        table.insert(rows)
        written += len(rows)
        written += roll_up(day)
    return {"counties": len(profiles), "days": len(days), "rows": written}


def roll_up(day: date) -> int:
    """Recompute the day's prefectures, provinces and the country from its county rows, each level
    summed by the database from the one below (a few hundred thousand rows never reach Python)."""
    table = FastTable(Figure)
    Figure.objects.filter(day=day, level__lt=COUNTY).delete()
    written = 0
    for level in (2, 1, 0):
        below = Figure.objects.filter(day=day, level=level + 1)
        if level:
            below = below.annotate(parent=Substr("area", 1, CODE_LENGTH[level]))
        else:
            below = below.annotate(parent=Value(""))
        sums = below.values("parent", "indicator").annotate(total=Sum("value")).order_by()
        rows = [
            {"day": day, "area": r["parent"], "level": level, "indicator": r["indicator"], "value": r["total"]}
            for r in sums
        ]
        table.insert(rows)
        written += len(rows)
    return written


def total(day: date, area: str, indicator: str) -> int:
    """An area's sum over its counties (tests and checks)."""
    qs = Figure.objects.filter(day=day, level=COUNTY, indicator=indicator)
    if area:
        qs = qs.filter(area__range=code_range(area))
    return qs.aggregate(n=Sum("value"))["n"] or 0
