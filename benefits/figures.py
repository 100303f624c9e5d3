"""The allowance figures of the county officer's and supervisor's dashboard, each from the user's
scoped querysets (benefits.access) and computed in the database by groups, never row by row:

- beneficiaries (allowances running) by category and area, one level below the area looked at
  (county → townships → villages);
- applications waiting at each step, for how long (median and longest, in days since the step
  began), and the waiting applications oldest first;
- spending by month over twelve months, by category, from the issued rolls (money only for those
  who may see amounts; the others see how many children were paid);
- children whose file says they qualify and who receive nothing (queries.eligible_not_receiving).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from core.scope import code_range, in_scope, scope_code, scoped
from geo.models import Division

from . import access, months
from .models import Application, Category, Roll, RollLine

S = Application.Status
WAITING = (S.DRAFT, S.POSTING, S.TOWNSHIP, S.COUNTY, S.RETURNED)
# The level below a code's: province → city → county → township → village.
NEXT_WIDTH = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12}
CENT = Decimal("0.01")
COUNTY_WIDTH = 6


def area_for(user, wanted: str | None) -> str:
    """The area to break down: a division code inside the user's reach (not above it), else the
    user's own. An area out of reach is never answered (the user's own is used)."""
    own = scope_code(user) or ""
    if wanted and wanted.isdigit() and len(wanted) in NEXT_WIDTH and wanted.startswith(own) and in_scope(user, wanted):
        return wanted
    return own


@dataclass
class AreaRow:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    can_drill: bool = False

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(c, 0) for c in Category.values]


def beneficiaries_by_area(user, area: str) -> list[AreaRow]:
    """Running allowances under `area`, one row per division one level down, by category."""
    width = NEXT_WIDTH[len(area)]
    running = access.benefits_for(user).filter(stop_month__isnull=True)
    if area:
        running = running.filter(village_id__range=code_range(area))
    grouped = (
        running.annotate(part=Substr("village_id", 1, width))
        .values("part", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[str, AreaRow] = {}
    for g in grouped:
        row = rows.setdefault(g["part"], AreaRow(code=g["part"], name=""))
        row.counts[g["category"]] = row.counts.get(g["category"], 0) + g["n"]
        row.total += g["n"]
    names = dict(Division.objects.filter(code__in=list(rows)).values_list("code", "name"))
    for code, row in rows.items():
        row.name = names.get(code, code)
        row.can_drill = width < 12
    return sorted(rows.values(), key=lambda r: r.code)


@dataclass
class StepWait:
    status: str
    label: str
    count: int
    median_days: float | None
    max_days: int | None


def waiting_applications(user):
    """Applications in progress with `since` (when their current step began: the latest step of
    their story), oldest first."""
    return (
        access.applications_for(user)
        .filter(status__in=WAITING)
        .annotate(since=Coalesce(Max("steps__at"), "created_at"))
        .select_related("child", "child__village")
        .order_by("since", "pk")
    )


def waits_by_step(user, today: date | None = None) -> list[StepWait]:
    today = today or timezone.localdate()
    days: dict[str, list[int]] = {s: [] for s in WAITING}
    for status, since in waiting_applications(user).values_list("status", "since"):
        days[status].append((today - timezone.localtime(since).date()).days)
    return [
        StepWait(
            status=s,
            label=str(S(s).label),
            count=len(days[s]),
            median_days=statistics.median(days[s]) if days[s] else None,
            max_days=max(days[s]) if days[s] else None,
        )
        for s in WAITING
    ]


@dataclass
class MonthSpend:
    month: date
    by_category: dict[str, Decimal | int]
    total: Decimal | int

    @property
    def cells(self) -> list[Decimal | int]:
        return [self.by_category[c] for c in Category.values]


def spending_by_month(user, *, amounts: bool, until: date | None = None, n: int = 12) -> list[MonthSpend]:
    """The last `n` months up to `until` (this month): what the issued rolls paid out in the user's
    area, by category: yuan (paid lines, corrections included) when `amounts`, else the number of
    children paid. Lines are scoped by their copy of the village, as the allowances are."""
    last = months.month_of(until or timezone.localdate())
    first = months.add(last, -(n - 1))
    code = scope_code(user)
    if code is not None and len(code) == COUNTY_WIDTH:
        return _spending_from_rolls(code, first, last, amounts)
    lines = scoped(RollLine.objects.all(), user).filter(
        roll__status=Roll.Status.ISSUED,
        roll__month__range=(first, last),
        payment=RollLine.Payment.PAID,
    )
    measure = Sum("amount") if amounts else Count("child", distinct=True)
    grouped = lines.values("roll__month", "category").annotate(v=measure).order_by()
    table: dict[date, dict[str, Decimal | int]] = {}
    for g in grouped:
        v = Decimal(g["v"] or 0).quantize(CENT) if amounts else g["v"]
        table.setdefault(g["roll__month"], {})[g["category"]] = v
    return _months(table, first, last, amounts)


def _spending_from_rolls(county: str, first: date, last: date, amounts: bool) -> list[MonthSpend]:
    """A county's spending from the figures its issued rolls keep (rolls.store_totals): twelve
    rows read, no line summed."""
    table: dict[date, dict[str, Decimal | int]] = {}
    issued = Roll.objects.filter(county_id=county, status=Roll.Status.ISSUED, month__range=(first, last))
    for month, totals in issued.values_list("month", "totals"):
        for category, paid in (totals.get("paid_by_category") or {}).items():
            table.setdefault(month, {})[category] = Decimal(paid["yuan"]) if amounts else paid["children"]
    return _months(table, first, last, amounts)


def _months(table: dict, first: date, last: date, amounts: bool) -> list[MonthSpend]:
    out = []
    m = first
    while m <= last:
        row = table.get(m, {})
        zero = Decimal("0.00") if amounts else 0
        by = {c: row.get(c, zero) for c in Category.values}
        out.append(MonthSpend(month=m, by_category=by, total=sum(by.values(), zero)))
        m = months.add(m, 1)
    return out
