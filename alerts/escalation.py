"""Escalating something overdue about a child: first the township, later the county.

Referrals nobody answered and mandatory reports without feedback escalate the same way; the
apps decide what is overdue and when the county must hear, this module decides who hears and
keeps re-runs harmless (a dedupe key per item and level). Recipients come from
accounts.staff.staff_by_village, loaded once for all the villages involved.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.models import User
from accounts.staff import staff_by_village

from .actions import do_alert


@dataclass
class Overdue:
    child: object  # children.models.Child
    key: str  # "<prefix>:<id>"; the county's alert gets "<prefix>-county:<id>"
    params: dict
    to_county: bool  # overdue long enough for the county officers to hear too
    township_also: list = field(default_factory=list)  # others told at the first level (the filer)


def escalate(items: Iterable[Overdue], kind: str) -> Counter:
    """Alert the township's supervisors (and `township_also`), then the county's officers for
    the items overdue long enough. Returns the alerts raised per level."""
    items = list(items)
    counts: Counter = Counter()
    if not items:
        return counts
    villages = {item.child.village_id for item in items}
    supervisors = staff_by_village(villages, User.Role.SUPERVISOR)
    officers = staff_by_village(villages, User.Role.COUNTY_OFFICER)
    for item in items:
        village = item.child.village_id
        counts["township"] += len(
            do_alert(
                item.township_also + supervisors[village],
                kind,
                child=item.child,
                params=item.params | {"level": "township"},
                dedupe_key=item.key,
            )
        )
        if item.to_county:
            prefix, _, ident = item.key.partition(":")
            counts["county"] += len(
                do_alert(
                    officers[village],
                    kind,
                    child=item.child,
                    params=item.params | {"level": "county"},
                    dedupe_key=f"{prefix}-county:{ident}",
                )
            )
    return counts
