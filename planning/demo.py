"""Demo planning assumptions for the demo county: the defaults, with two remote villages that
take longer to walk (so the page shows a per-village travel figure)."""

from datetime import date

from accounts.models import User
from geo.models import Division

from .actions import assumptions_row, do_set_assumptions
from .models import FIELDS

ORDER = 250  # after the tiers (100) and the allowances (200); needs nothing but the villages


def seed(county: str, *, seed: int, today: date) -> str:
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county, is_active=True).first()
    if officer is None:
        return "no county officer: no planning assumptions"
    row = assumptions_row(county)
    if row.pk is not None:
        return "planning assumptions already set"
    villages = list(Division.objects.within(Division(code=county)).villages().values_list("code", flat=True))
    overrides = dict.fromkeys(villages[-2:], 180)  # the last two: mountain villages, scattered households
    do_set_assumptions(
        officer,
        county,
        values={name: getattr(row, name) for name, *_ in FIELDS},
        overrides=overrides,
        note="演示：默认假设，两个山区村路程较长",
        seen_version=0,
    )
    return f"planning assumptions with {len(overrides)} remote villages"
