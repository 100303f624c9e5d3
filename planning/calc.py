"""Coverage planning arithmetic: how many CWDs and supervisors a county needs, and what they cost.

Pure Python, no Django: the inputs are counts (open files per village and tier), the visit
interval of each tier (from the county's risk policy) and the county's assumptions; the output
is one row per village, per township and for the county. Every rule is written out here once,
and docs/architecture.md ("Coverage planning") explains it in words.

- A month is 365.25 / 12 = 30.4375 days, so a tier visited every 7 days needs 4.35 visits a
  month per child, every 30 days 1.01, every 90 days 0.34.
- Visits needed = target % × the visits that keep every child on time: a county that aims at
  90 % of children visited on time plans for 90 % of the full schedule.
- Hours = visits × minutes per visit of the tier + the village's travel minutes for the month
  (only where there are children to visit), in hours.
- CWDs needed = hours ÷ hours a CWD has per month, rounded up, and at least one for every
  village: each 村(居) has its own CWD (DOMAIN.md §4, §5), so a CWD's spare hours do not help
  the next village.
- Supervisors needed per township = the larger of villages ÷ villages per supervisor and
  villages × supervision hours per village ÷ hours a supervisor has, rounded up; at least one
  for a township with villages (DOMAIN.md §4: one 儿童督导员 per township).
- Gap = needed − there today, never below zero per village (a surplus in one village does not
  fill another); townships and the county add their villages' gaps.
- Cost per year = 12 × (CWDs × monthly stipend + supervisors × monthly stipend).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

DAYS_PER_MONTH = 365.25 / 12
TIERS = ("red", "yellow", "blue", "green")
EPSILON = 1e-9  # 40.000000001 hours of work for 20-hour CWDs is two CWDs, not three


@dataclass(frozen=True)
class Assumptions:
    """A county's planning assumptions (see planning.defaults for the values and their sources)."""

    minutes_red: int
    minutes_yellow: int
    minutes_blue: int
    minutes_green: int
    travel_minutes: int  # per village per month, where there are children to visit
    cwd_hours: int  # hours a part-time CWD has per month for this work
    villages_per_supervisor: int
    supervision_hours: int  # per village per month
    supervisor_hours: int  # hours a supervisor has per month for this work
    target_percent: int
    cwd_stipend: int  # yuan per month
    supervisor_stipend: int  # yuan per month
    travel_overrides: Mapping[str, int] = field(default_factory=dict)  # village code -> minutes

    def minutes_for(self, tier: str) -> int:
        return getattr(self, f"minutes_{tier}", self.minutes_green)

    def travel_for(self, village: str) -> int:
        return self.travel_overrides.get(village, self.travel_minutes)

    def with_values(self, **values) -> "Assumptions":
        return replace(self, **values)

    @classmethod
    def scalar_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name != "travel_overrides"]


def ceil(x: float) -> int:
    return math.ceil(x - EPSILON) if x > 0 else 0


def visits_per_month(children_by_tier: Mapping[str, int], interval_days: Mapping[str, int]) -> dict[str, float]:
    """Visits a month that keep every child of each tier on time."""
    return {
        tier: n * DAYS_PER_MONTH / interval_days[tier]
        for tier, n in children_by_tier.items()
        if n and interval_days.get(tier)  # a tier the policy does not schedule is not planned for
    }


def visit_hours(visits_by_tier: Mapping[str, float], a: Assumptions) -> float:
    return sum(v * a.minutes_for(tier) for tier, v in visits_by_tier.items()) / 60


@dataclass
class VillageRow:
    code: str
    name: str
    township: str
    children: dict[str, int]
    visits: float  # visits needed a month, at the target
    visit_hours: float
    travel_hours: float
    hours: float
    cwds_needed: int
    cwds_now: int

    @property
    def total_children(self) -> int:
        return sum(self.children.values())

    @property
    def cwd_gap(self) -> int:
        return max(0, self.cwds_needed - self.cwds_now)


@dataclass
class TownshipRow:
    code: str
    name: str
    villages: int = 0
    children: int = 0
    visits: float = 0.0
    hours: float = 0.0
    cwds_needed: int = 0
    cwds_now: int = 0
    cwd_gap: int = 0
    supervisors_needed: int = 0
    supervisors_now: int = 0
    supervisor_gap: int = 0


@dataclass
class Plan:
    """The calculation for one area (a county, or one township of it)."""

    assumptions: Assumptions
    intervals: dict[str, int]
    villages: list[VillageRow]
    townships: list[TownshipRow]
    total: TownshipRow

    @property
    def cost_per_year(self) -> int:
        a = self.assumptions
        return 12 * (self.total.cwds_needed * a.cwd_stipend + self.total.supervisors_needed * a.supervisor_stipend)

    @property
    def cost_now_per_year(self) -> int:
        a = self.assumptions
        return 12 * (self.total.cwds_now * a.cwd_stipend + self.total.supervisors_now * a.supervisor_stipend)

    @property
    def gap_cost_per_year(self) -> int:
        a = self.assumptions
        return 12 * (self.total.cwd_gap * a.cwd_stipend + self.total.supervisor_gap * a.supervisor_stipend)

    def townships_by_gap(self) -> list[TownshipRow]:
        return sorted(self.townships, key=lambda t: (-t.cwd_gap, -t.supervisor_gap, -t.hours, t.code))

    def villages_by_gap(self) -> list[VillageRow]:
        return sorted(self.villages, key=lambda v: (-v.cwd_gap, -v.hours, v.code))


def village_row(
    code: str,
    name: str,
    township: str,
    children: Mapping[str, int],
    intervals: Mapping[str, int],
    a: Assumptions,
    cwds_now: int,
) -> VillageRow:
    full = visits_per_month(children, intervals)
    share = a.target_percent / 100
    needed = {tier: v * share for tier, v in full.items()}
    vh = visit_hours(needed, a)
    th = a.travel_for(code) / 60 if sum(children.values()) else 0.0
    hours = vh + th
    cwds = max(1, ceil(hours / a.cwd_hours))
    return VillageRow(code, name, township, dict(children), sum(needed.values()), vh, th, hours, cwds, cwds_now)


def supervisors_needed(villages: int, a: Assumptions) -> int:
    if not villages:
        return 0
    by_span = villages / a.villages_per_supervisor
    by_hours = villages * a.supervision_hours / a.supervisor_hours
    return max(1, ceil(by_span), ceil(by_hours))


def plan(
    villages: Iterable[tuple[str, str, str]],
    townships: Mapping[str, str],
    children: Mapping[str, Mapping[str, int]],
    intervals: Mapping[str, int],
    a: Assumptions,
    cwds_now: Mapping[str, int],
    supervisors_now: Mapping[str, int],
) -> Plan:
    """The plan for these villages ((code, name, township code)) of these townships ({code: name}).

    `children` is {village code: {tier: open files}}, `intervals` {tier: days between visits},
    `cwds_now` {village code: CWDs}, `supervisors_now` {township code: supervisors}.
    """
    rows = [
        village_row(code, name, township, children.get(code, {}), intervals, a, cwds_now.get(code, 0))
        for code, name, township in villages
    ]
    by_township = {code: TownshipRow(code, name) for code, name in townships.items()}
    for v in rows:
        t = by_township[v.township]
        t.villages += 1
        t.children += v.total_children
        t.visits += v.visits
        t.hours += v.hours
        t.cwds_needed += v.cwds_needed
        t.cwds_now += v.cwds_now
        t.cwd_gap += v.cwd_gap
    total = TownshipRow("", "")
    for t in by_township.values():
        t.supervisors_needed = supervisors_needed(t.villages, a)
        t.supervisors_now = supervisors_now.get(t.code, 0)
        t.supervisor_gap = max(0, t.supervisors_needed - t.supervisors_now)
        for name in ("villages", "children", "visits", "hours", "cwds_needed", "cwds_now", "cwd_gap"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.supervisors_needed += t.supervisors_needed
        total.supervisors_now += t.supervisors_now
        total.supervisor_gap += t.supervisor_gap  # like the CWDs': a surplus in one township fills no other
    return Plan(a, dict(intervals), rows, list(by_township.values()), total)
