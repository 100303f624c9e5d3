"""Caseload hours for the workforce app (issue 16), from the county's planning assumptions.

    from planning.estimates import assumptions_for, hours_per_month

    a = assumptions_for("511324")
    hours = hours_per_month({"red": 4.35, "green": 3.0}, 1, a)   # visits a month by tier

`visits_by_tier` is the visits a month the worker owes, by tier (e.g. the children of each tier
× 30.4375 / the tier's interval: planning.calc.visits_per_month); `villages` the number of villages
they serve (each adds the county's travel minutes per month), or the villages' codes (each adds
its own travel minutes, where the county set one for it). No target share is applied: a
caseload is what is due, all of it. Workforce compares the result with `a.cwd_hours`.
"""

from collections.abc import Iterable, Mapping

from .calc import Assumptions, visit_hours
from .queries import saved_assumptions


def assumptions_for(county_code: str) -> Assumptions:
    """The county's saved assumptions, else the saved defaults, else planning.defaults.DEFAULTS."""
    return saved_assumptions([county_code])[county_code]


def hours_per_month(
    visits_by_tier: Mapping[str, float], villages: int | Iterable[str], assumptions: Assumptions
) -> float:
    """Hours a month: each visit at its tier's minutes, plus the travel minutes of each village."""
    if isinstance(villages, int):
        travel = villages * assumptions.travel_minutes
    else:
        travel = sum(assumptions.travel_for(code) for code in villages)
    return visit_hours(visits_by_tier, assumptions) + travel / 60
