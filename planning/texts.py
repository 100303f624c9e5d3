"""What the planning pages and the spreadsheet say: labels, explanations, rows. In the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import Tier
from geo.models import Division

from .calc import DAYS_PER_MONTH, Assumptions, Plan
from .defaults import DEFAULTS, SOURCED
from .models import FIELDS

EXPLAIN = {
    "minutes_red": gettext_lazy("One home visit to a red child, talking with the caregiver and the child."),
    "minutes_yellow": gettext_lazy("One home visit to a yellow child."),
    "minutes_blue": gettext_lazy("One home visit to a blue child."),
    "minutes_green": gettext_lazy("One home visit to a green child."),
    "travel_minutes": gettext_lazy(
        "Walking or riding between households of one village in a month; remote villages can have their own figure."
    ),
    "cwd_hours": gettext_lazy("CWDs are part-time and hold other village posts: the hours left for visits."),
    "villages_per_supervisor": gettext_lazy("How many villages one township supervisor can look after."),
    "supervision_hours": gettext_lazy("A supervisor's time for each village in a month: visits, checks, advice."),
    "supervisor_hours": gettext_lazy("The hours a supervisor has for this work in a month."),
    "target_percent": gettext_lazy("The share of children the plan wants visited on time."),
    "cwd_stipend": gettext_lazy("What the county pays one CWD a month for this work."),
    "supervisor_stipend": gettext_lazy("What the county pays one supervisor a month for this work."),
}
SOURCE_PUBLISHED = gettext_lazy(
    "Published figure: about 45,000 township supervisors for about 620,000 villages in 2019 (13.8 each)."
)
SOURCE_ASSUMED = gettext_lazy("An assumption, not a measured figure: replace it with your county's own.")


def assumption_rows(a: Assumptions, changed: list[str]) -> list[dict]:
    return [
        {
            "name": name,
            "label": label,
            "value": getattr(a, name),
            "unit": unit,
            "explain": EXPLAIN[name],
            "changed": name in changed,
        }
        for name, label, unit, _low, _high in FIELDS
    ]


def default_sources() -> list[dict]:
    return [
        {
            "label": label,
            "value": getattr(DEFAULTS, name),
            "unit": unit,
            "source": SOURCE_PUBLISHED if name in SOURCED else SOURCE_ASSUMED,
        }
        for name, label, unit, _low, _high in FIELDS
    ]


def tier_label(tier: str) -> str:
    return str(Tier(tier).label) if tier in Tier.values else tier


def interval_rows(intervals: dict[str, int]) -> list[dict]:
    return [
        {"tier": tier, "label": tier_label(tier), "days": days, "per_month": DAYS_PER_MONTH / days}
        for tier, days in intervals.items()
    ]


def village_choices(county_code: str) -> list[tuple[str, str]]:
    """[(village code, "township · village")] of the county, by code."""
    names = dict(Division.objects.within(Division(code=county_code)).townships().values_list("code", "name"))
    villages = Division.objects.within(Division(code=county_code)).villages().values_list("code", "name", "parent_id")
    return [(code, f"{names.get(parent, '')} · {name}") for code, name, parent in villages]


def _r(x: float) -> float:
    return round(x, 1)


def sheets(area: Division, plan: Plan, changed: list[str]) -> list[tuple[str, list[list]]]:
    """(sheet title, rows) for the download: the result, the assumptions used, townships, villages."""
    t, a = plan.total, plan.assumptions
    summary = [
        [_("Coverage plan"), area.full_name or area.name],
        [_("What if (not saved)") if changed else _("Saved assumptions"), ""],
        [_("Open files"), t.children],
        [_("Visits needed per month"), _r(t.visits)],
        [_("Hours needed per month"), _r(t.hours)],
        [_("CWDs needed"), t.cwds_needed],
        [_("CWDs today"), t.cwds_now],
        [_("CWDs missing"), t.cwd_gap],
        [_("Supervisors needed"), t.supervisors_needed],
        [_("Supervisors today"), t.supervisors_now],
        [_("Supervisors missing"), t.supervisor_gap],
        [_("Cost per year at the stipends (yuan)"), plan.cost_per_year],
        [_("Cost per year of the missing staff (yuan)"), plan.gap_cost_per_year],
    ]
    used = [[_("Assumption"), _("Value"), _("Unit")]]
    used += [[str(r["label"]), r["value"], str(r["unit"])] for r in assumption_rows(a, changed)]
    used += [
        [_("Visit every (days): %(tier)s") % {"tier": r["label"]}, r["days"], ""] for r in interval_rows(plan.intervals)
    ]
    header = [
        _("Township"),
        _("Villages"),
        _("Open files"),
        _("Visits needed per month"),
        _("Hours needed per month"),
        _("CWDs needed"),
        _("CWDs today"),
        _("CWDs missing"),
        _("Supervisors needed"),
        _("Supervisors today"),
        _("Supervisors missing"),
    ]
    townships = [header] + [
        [
            r.name,
            r.villages,
            r.children,
            _r(r.visits),
            _r(r.hours),
            r.cwds_needed,
            r.cwds_now,
            r.cwd_gap,
            r.supervisors_needed,
            r.supervisors_now,
            r.supervisor_gap,
        ]
        for r in plan.townships_by_gap()
    ]
    tiers = list(plan.intervals)
    names = {r.code: r.name for r in plan.townships}
    vheader = [_("Township"), _("Village"), _("Code")] + [tier_label(x) for x in tiers]
    vheader += [
        _("Visits needed per month"),
        _("Hours needed per month"),
        _("CWDs needed"),
        _("CWDs today"),
        _("CWDs missing"),
    ]
    villages = [vheader] + [
        [names.get(v.township, ""), v.name, v.code]
        + [v.children.get(x, 0) for x in tiers]
        + [_r(v.visits), _r(v.hours), v.cwds_needed, v.cwds_now, v.cwd_gap]
        for v in plan.villages_by_gap()
    ]
    return [(_("Summary"), summary), (_("Assumptions"), used), (_("Townships"), townships), (_("Village"), villages)]
