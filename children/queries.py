"""Read-side queries of the registry: roster filtering, search and the overview counts.

Every function takes a queryset that came from core.access, so nothing here widens a scope.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from geo.models import CODE_LENGTH, Division, code_range

from .choices import Category, Status
from .identity import search_key
from .models import CATEGORY_FIELD, Child

_CJK = re.compile(r"[\u3400-\u9fff]")


def search(qs: QuerySet[Child], query: str) -> QuerySet[Child]:
    """Name, pinyin or initials: 张伟, 章伟, zhangwei, zhang wei and zw all find 张伟.

    Characters match the name itself and, through pinyin, homophones typed with another
    character (张/章). Latin letters match the start of the full pinyin or of the initials.
    A full ID number matches exactly.
    """
    query = query.strip()
    if not query:
        return qs
    if len(query) == 18 and query[:17].isdigit():
        return qs.filter(id_number=query.upper())
    key = search_key(query)
    if _CJK.search(query):
        cond = Q(name__contains=query)
        if key:
            cond |= Q(name_pinyin__startswith=key)
        return qs.filter(cond)
    if not key:
        return qs.none()
    return qs.filter(Q(name_pinyin__startswith=key) | Q(name_initials__startswith=key))


def filter_roster(qs: QuerySet[Child], *, q: str = "", category: str = "", status: str = "",
                  village: str = "") -> QuerySet[Child]:
    if status == "all":
        pass
    elif status in Status.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Status.CLOSED)
    if category in Category.values:
        qs = qs.filter(**{CATEGORY_FIELD[Category(category)]: True})
    if village:
        qs = qs.filter(village__code__range=code_range(village))
    return search(qs, q)


@dataclass
class OverviewRow:
    division: Division | None
    open: int
    closed: int
    by_status: dict[str, int]
    by_category: dict[str, int]


def overview(qs: QuerySet[Child], parent: Division) -> tuple[list[OverviewRow], OverviewRow]:
    """Counts per child division of `parent` (townships of a county, villages of a township).

    Category counts are of open files; closed files are archived but still counted in the
    totals (MPL Art. 13: statistics).
    """
    child_level = parent.level + 1
    width = CODE_LENGTH[child_level]
    aggregates = {f"s_{s}": Count("id", filter=Q(status=s)) for s in Status.values}
    aggregates |= {
        f"c_{cat.value}": Count("id", filter=Q(**{field: True}) & ~Q(status=Status.CLOSED))
        for cat, field in CATEGORY_FIELD.items()
    }
    rows_by_code = {
        r["unit"]: r
        for r in qs.filter(village__code__range=code_range(parent.code))
        .annotate(unit=Substr("village_id", 1, width))
        .values("unit")
        .annotate(**aggregates)
        .order_by()
    }
    rows = []
    for division in Division.objects.filter(parent=parent).order_by("code"):
        r = rows_by_code.get(division.code, {})
        rows.append(_row(division, r))
    total: dict[str, int] = {}
    for r in rows_by_code.values():
        for k, v in r.items():
            if k != "unit":
                total[k] = total.get(k, 0) + v
    return rows, _row(None, total)


def _row(division: Division | None, r: dict) -> OverviewRow:
    by_status = {s: r.get(f"s_{s}", 0) for s in Status.values}
    return OverviewRow(
        division=division,
        open=sum(v for s, v in by_status.items() if s != Status.CLOSED),
        closed=by_status[Status.CLOSED],
        by_status=by_status,
        by_category={cat.value: r.get(f"c_{cat.value}", 0) for cat in Category},
    )
