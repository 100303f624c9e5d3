"""Where children are being missed: each area's problems, for the top of the follow-up page and
the overview (issue 11: a supervisor or county officer sees on the first screen which villages
or townships need them).

One grouped query per source (follow-up rows, red children nobody has acted on, files waiting,
school rows that matched no child), each from the user's scoped querysets, rolled up from
villages to the areas shown; reports and referrals come from the overview's protection rows.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from children.access import children_for
from children.choices import Status
from followup.access import followups_for
from followup.models import Tier
from geo.models import CODE_LENGTH, Division, code_range
from referrals.queries import has_open_referral
from reports.queries import has_open_report
from schools.access import unmatched_rows_for

from .protection import ProtectionRow

FIGURES = (
    "overdue",
    "overdue_red",
    "red_unattended",
    "reports_open",
    "feedback_overdue",
    "referrals_overdue",
    "waiting",
    "unmatched",
)
# How areas are ranked: red children nobody has acted on first, then red children not visited
# in time, late feedback and referrals, other late visits, pupils missing from the registry,
# files nobody has confirmed. An area with none of these is not "missing" anyone.
URGENCY = ("red_unattended", "overdue_red", "feedback_overdue", "referrals_overdue", "overdue", "unmatched", "waiting")


@dataclass
class AreaSummary:
    division: Division | None
    figures: dict[str, int] = field(default_factory=dict)
    cwds: str = ""

    def __getattr__(self, name: str) -> int:
        if name in FIGURES:
            return self.figures.get(name, 0)
        raise AttributeError(name)

    @property
    def has_problem(self) -> bool:
        return any(self.figures.get(k) for k in URGENCY)

    def urgency(self) -> tuple:
        return (*(-self.figures.get(k, 0) for k in URGENCY), self.division.code if self.division else "")


def red_unattended(user):
    """Red children with neither an open mandatory report nor an open referral: they need one now."""
    return followups_for(user).filter(tier=Tier.RED).filter(~has_open_referral(), ~has_open_report())


def missed_by_area(
    user, parent: Division, day: date, protection: tuple[list[ProtectionRow], ProtectionRow]
) -> tuple[list[AreaSummary], AreaSummary]:
    """The problems of each child division of `parent` (villages of a township, townships of a
    county) and their total; `protection` is protection_overview(user, parent)."""
    width = CODE_LENGTH[parent.level + 1]
    lo, hi = code_range(parent.code)
    by_unit: dict[str, dict[str, int]] = {}
    total: dict[str, int] = {}

    def add(code: str, figures: dict[str, int]) -> None:
        # A school serves a township: its unmatched rows count in a township's row and in the
        # total, never in one village's.
        unit = by_unit.setdefault(code[:width], {}) if len(code) >= width else {}
        for k, v in figures.items():
            unit[k] = unit.get(k, 0) + v
            total[k] = total.get(k, 0) + v

    followups = followups_for(user).filter(village_id__range=(lo, hi))
    for r in (
        followups.values("village_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=day)),
            overdue_red=Count("pk", filter=Q(due_on__lt=day, tier=Tier.RED)),
        )
        .order_by()
    ):
        add(r.pop("village_id"), r)
    red = red_unattended(user).filter(village_id__range=(lo, hi))
    for r in red.values("village_id").annotate(n=Count("pk")).order_by():
        add(r["village_id"], {"red_unattended": r["n"]})
    waiting = children_for(user).filter(village__code__range=(lo, hi), status__in=[Status.REGISTERED, Status.CONFIRMED])
    for r in waiting.values("village_id").annotate(n=Count("pk")).order_by():
        add(r["village_id"], {"waiting": r["n"]})
    unmatched = unmatched_rows_for(user).filter(upload__school__division__code__range=(lo, hi))
    for r in unmatched.values("upload__school__division_id").annotate(n=Count("pk")).order_by():
        add(r["upload__school__division_id"], {"unmatched": r["n"]})
    taken = ("reports_open", "feedback_overdue", "referrals_overdue")
    rows, _total = protection
    for row in rows:
        if row.division is not None:
            add(row.division.code, {k: getattr(row, k) for k in taken})
    areas = [AreaSummary(row.division, by_unit.get(row.division.code, {})) for row in rows]
    return areas, AreaSummary(None, total)


# The same summary from the day's snapshot (dashboards.snapshots): each figure and its indicator.
SNAPSHOT_INDICATORS = {
    "overdue": "visits_overdue",
    "overdue_red": "visits_overdue_red",
    "red_unattended": "red_unattended",
    "reports_open": "reports_open",
    "feedback_overdue": "reports_feedback_overdue",
    "referrals_overdue": "referrals_overdue",
    "waiting": "files_waiting",
    "unmatched": "pupils_unmatched",
}


def _pick(values: dict[str, int]) -> dict[str, int]:
    return {figure: values[code] for figure, code in SNAPSHOT_INDICATORS.items() if values.get(code)}


def missed_from_snapshot(
    divisions: list[Division], below: dict[str, dict[str, int]], own: dict[str, int]
) -> tuple[list[AreaSummary], AreaSummary]:
    """missed_by_area's areas and total from the snapshot's figures of the parent's children
    (`below`, by code) and of the parent (`own`)."""
    return [AreaSummary(d, _pick(below.get(d.code, {}))) for d in divisions], AreaSummary(None, _pick(own))
