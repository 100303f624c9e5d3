"""What the calculation reads: counts only, grouped by village (never a child's identity).

Each is one grouped query over an indexed code range (core.scope.code_range), so the same
functions serve a township, a county and an official's province: the open files by tier
(followup's rows, which exist exactly for open files), the active CWDs and supervisors, and
the villages and townships of the area.
"""

from collections import defaultdict

from django.db.models import Count

from accounts.models import User
from core.scope import code_range
from followup.models import FollowUp, Tier
from followup.services import Policies
from geo.models import Division

from .calc import TIERS, Assumptions, Plan, plan
from .defaults import DEFAULTS
from .models import PlanningAssumptions


def open_files_by_tier(prefix: str) -> dict[str, dict[str, int]]:
    """{village code: {tier: open files}} inside the area (followup_tier_village index)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    # Every tier named and grouped in the index's order: an index-only scan of followup_tier_village
    # feeding a streaming GroupAggregate (135 ms for 190,567 files; the plain range took 211 ms
    # through a parallel sequential scan and a hash aggregate: docs/performance.md).
    rows = (
        FollowUp.objects.filter(tier__in=Tier.values, village_id__range=code_range(prefix))
        .values_list("village_id", "tier")
        .annotate(n=Count("pk"))
        .order_by("tier", "village_id")
    )
    for village, tier, n in rows:
        out[village][tier] = n
    return dict(out)


def staff_counts(prefix: str) -> tuple[dict[str, int], dict[str, int]]:
    """({village code: active CWDs}, {township code: active supervisors}) inside the area."""
    cwds: dict[str, int] = {}
    supervisors: dict[str, int] = {}
    low, high = code_range(prefix)
    rows = (
        User.objects.filter(
            is_active=True, role__in=[User.Role.CWD, User.Role.SUPERVISOR], division__gte=low, division__lte=high
        )
        .values_list("role", "division_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for role, code, n in rows:
        (cwds if role == User.Role.CWD else supervisors)[code] = n
    return cwds, supervisors


def villages_and_townships(prefix: str) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """([(village code, name, township code)], {township code: name}) inside the area, by code."""
    rows = (
        Division.objects.filter(
            code__range=code_range(prefix), level__in=[Division.Level.TOWNSHIP, Division.Level.VILLAGE]
        )
        .order_by("code")
        .values_list("code", "name", "level", "parent_id")
    )
    villages, townships = [], {}
    for code, name, level, parent in rows:
        if level == Division.Level.TOWNSHIP:
            townships[code] = name
        else:
            villages.append((code, name, parent))
    return villages, townships


def intervals_for(county_code: str, policies: Policies | None = None) -> dict[str, int]:
    """{tier: days between visits} from the risk policy that applies to the county (the nearest
    policy up the tree, or the national default: followup.services.Policies)."""
    policy = (policies or Policies()).for_village(county_code)
    return {tier: policy.visit_every_days(tier) for tier in policy.tier_codes if tier in TIERS}


def default_assumptions() -> Assumptions:
    """The saved defaults (an administrator's), else planning.defaults.DEFAULTS."""
    row = PlanningAssumptions.objects.filter(area="").first()
    return row.as_assumptions() if row is not None else DEFAULTS


def saved_assumptions(areas: list[str]) -> dict[str, Assumptions]:
    """{county code: its assumptions} for these counties (the defaults for those without a row)."""
    rows = {p.area: p.as_assumptions() for p in PlanningAssumptions.objects.filter(area__in=[*areas, ""])}
    default = rows.get("", DEFAULTS)
    return {area: rows.get(area, default) for area in areas}


def plan_for(area_code: str, county_code: str, a: Assumptions) -> Plan:
    """The plan of a county or of one of its townships, with these assumptions: four queries."""
    villages, townships = villages_and_townships(area_code)
    cwds, supervisors = staff_counts(area_code)
    return plan(villages, townships, open_files_by_tier(area_code), intervals_for(county_code), a, cwds, supervisors)


def county_plans(prefix: str, counties: list[Division]) -> list[tuple[Division, Plan]]:
    """One plan per county inside the area `prefix` ("" the country), from the same four grouped
    queries for the whole area: counts only, for an official's table."""
    villages, townships = villages_and_townships(prefix)
    cwds, supervisors = staff_counts(prefix)
    files = open_files_by_tier(prefix)
    saved = saved_assumptions([c.code for c in counties])
    policies = Policies()
    by_county_villages: dict[str, list] = defaultdict(list)
    for v in villages:
        by_county_villages[v[0][:6]].append(v)
    by_county_townships: dict[str, dict] = defaultdict(dict)
    for code, name in townships.items():
        by_county_townships[code[:6]][code] = name
    out = []
    for county in counties:
        p = plan(
            by_county_villages.get(county.code, []),
            by_county_townships.get(county.code, {}),
            files,
            intervals_for(county.code, policies),
            saved[county.code],
            cwds,
            supervisors,
        )
        out.append((county, p))
    return out
