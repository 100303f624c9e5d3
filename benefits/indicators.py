"""Allowance figures per village for the dashboards app's snapshots (wired in through its
registry): for one county on one day, per village code,

- eligible: open files the registry records as orphan or de facto unsupported (the categories an
  allowance rests on, as queries.eligible_not_receiving counts them);
- applied: children with an application in progress (new, change or exit);
- receiving: children with an allowance due in the day's month (started, not stopped);
- eligible_not_receiving: eligible children with no allowance due in that month.

A job's reach (children.access.children_for_jobs), since a snapshot has no user; every count is
one grouped query.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from children.access import children_for_jobs
from children.choices import Status as ChildStatus
from core import indicators
from core.scope import code_range

from . import months
from .models import Application, Benefit

KEYS = ("eligible", "applied", "receiving", "eligible_not_receiving")


def _due(month: date):
    return Q(start_month__lte=month) & (Q(stop_month__isnull=True) | Q(stop_month__gt=month))


def figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    """{village code: {"eligible", "applied", "receiving", "eligible_not_receiving"}} for the
    villages of `county_code` with at least one of them."""
    month = months.month_of(day)
    in_county = Q(village_id__range=code_range(county_code))
    out: dict[str, dict[str, int]] = {}

    def put(village: str, key: str, n: int) -> None:
        out.setdefault(village, dict.fromkeys(KEYS, 0))[key] = n

    receiving_q = Benefit.objects.filter(in_county).filter(_due(month))
    for village, n in (
        receiving_q.values("village_id").annotate(n=Count("child", distinct=True)).values_list("village_id", "n")
    ):
        put(village, "receiving", n)
    applied = Application.objects.filter(in_county, status__in=Application.OPEN)
    for village, n in (
        applied.values("village_id").annotate(n=Count("child", distinct=True)).values_list("village_id", "n")
    ):
        put(village, "applied", n)
    receiving = Benefit.objects.filter(_due(month), child=OuterRef("pk"))
    eligible = (
        children_for_jobs()
        .filter(village__code__range=code_range(county_code))
        .exclude(status=ChildStatus.CLOSED)
        .filter(Q(cat_orphan=True) | Q(cat_de_facto_unsupported=True))
        .annotate(receiving=Exists(receiving))
        .values("village_id")
        .annotate(n=Count("pk"), gap=Count("pk", filter=Q(receiving=False)))
        .order_by()
    )
    for row in eligible:
        put(row["village_id"], "eligible", row["n"])
        put(row["village_id"], "eligible_not_receiving", row["gap"])
    return out


# The dashboards' registry (core.indicators): the four figures above as benefit_* indicators.
SOURCE = _("allowance applications and payments")
indicators.define(
    "benefit_eligible",
    _("Children who qualify for the allowance"),
    group="benefits",
    counts=_("Open files recorded as orphan or de facto unsupported"),
    period=_("on the day"),
    source=SOURCE,
    order=700,
)
indicators.define(
    "benefit_applied",
    _("Allowance applications in progress"),
    group="benefits",
    counts=_("Children with an application, change or exit not yet decided"),
    period=_("on the day"),
    source=SOURCE,
    order=701,
)
indicators.define(
    "benefit_receiving",
    _("Children receiving the allowance"),
    group="benefits",
    counts=_("Children with an allowance due in the day's month"),
    period=_("the day's month"),
    source=SOURCE,
    of="benefit_eligible",
    order=702,
)
indicators.define(
    "benefit_eligible_not_receiving",
    _("Qualify but receive nothing"),
    group="benefits",
    counts=_("Children who qualify and have no allowance due in the day's month"),
    period=_("the day's month"),
    source=SOURCE,
    of="benefit_eligible",
    order=703,
)


@indicators.source("benefit_eligible", "benefit_applied", "benefit_receiving", "benefit_eligible_not_receiving")
def benefit_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    return {village: {f"benefit_{k}": v for k, v in row.items()} for village, row in figures(day, county_code).items()}
