"""The protection side of the overview: risk tiers, mandatory reports and referrals per area.

Each figure comes from the user's scoped querysets (each app's access module) with one
grouped query per table, rolled up from villages to the rows shown (townships or villages).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from followup.access import followups_for
from followup.models import Tier
from geo.models import CODE_LENGTH, Division, code_range
from referrals.access import referrals_for
from referrals.models import Referral
from reports.access import reports_for
from reports.models import MandatoryReport

FIGURES = ("red", "yellow", "reports_year", "reports_open", "feedback_overdue", "referrals_open", "referrals_overdue")


@dataclass
class ProtectionRow:
    division: Division | None
    figures: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        if name in FIGURES:
            return self.figures.get(name, 0)
        raise AttributeError(name)


def protection_overview(user, parent: Division) -> tuple[list[ProtectionRow], ProtectionRow]:
    today, now = timezone.localdate(), timezone.now()
    width = CODE_LENGTH[parent.level + 1]
    lo, hi = code_range(parent.code)
    by_unit: dict[str, dict[str, int]] = {}

    def add(rows, key: str = "village_id") -> None:
        for r in rows:
            unit = by_unit.setdefault(r.pop(key)[:width], {})
            for k, v in r.items():
                unit[k] = unit.get(k, 0) + v

    tiers = followups_for(user).filter(village_id__range=(lo, hi), tier__in=[Tier.RED, Tier.YELLOW])
    add(
        {"village_id": r["village_id"], r["tier"]: r["n"]}
        for r in tiers.values("village_id", "tier").annotate(n=Count("tier")).order_by()
    )
    S = MandatoryReport.Status
    pending = Q(status__in=[S.FILED, S.ACKNOWLEDGED, S.ACTIONED])
    add(
        reports_for(user)
        .filter(child__village__code__range=(lo, hi))
        .values("child__village_id")
        .annotate(
            reports_year=Count("pk", filter=Q(reported_at__gte=now - timedelta(days=365))),
            reports_open=Count("pk", filter=~Q(status=S.CLOSED)),
            feedback_overdue=Count("pk", filter=pending & Q(feedback_due_on__lt=today)),
        )
        .order_by(),
        key="child__village_id",
    )
    add(
        referrals_for(user)
        .filter(village_id__range=(lo, hi), status__in=Referral.OPEN)
        .values("village_id")
        .annotate(
            referrals_open=Count("pk"),
            referrals_overdue=Count("pk", filter=Q(status=Referral.Status.SENT, respond_by__lt=now)),
        )
        .order_by()
    )
    rows = [ProtectionRow(d, by_unit.get(d.code, {})) for d in Division.objects.filter(parent=parent).order_by("code")]
    total: dict[str, int] = {}
    for figures in by_unit.values():
        for k, v in figures.items():
            total[k] = total.get(k, 0) + v
    return rows, ProtectionRow(None, total)


# The same rows from the day's snapshot (dashboards.snapshots): each figure and its indicator.
SNAPSHOT_INDICATORS = {
    "red": "files_red",
    "yellow": "files_yellow",
    "reports_year": "reports_opened_365d",
    "reports_open": "reports_open",
    "feedback_overdue": "reports_feedback_overdue",
    "referrals_open": "referrals_open",
    "referrals_overdue": "referrals_overdue",
}


def _pick(values: dict[str, int]) -> dict[str, int]:
    return {figure: values[code] for figure, code in SNAPSHOT_INDICATORS.items() if values.get(code)}


def protection_from_snapshot(
    divisions: list[Division], below: dict[str, dict[str, int]], own: dict[str, int]
) -> tuple[list[ProtectionRow], ProtectionRow]:
    """protection_overview's rows for `divisions` (the parent's children, in code order) from the
    snapshot's figures of those areas (`below`) and of the parent (`own`)."""
    return [ProtectionRow(d, _pick(below.get(d.code, {}))) for d in divisions], ProtectionRow(None, _pick(own))
