"""What the public pages read: the latest snapshot day's county figures (dashboards.Figure),
suppressed once per day for every page (public.suppression), and month-end days for the trends.

Only counties' rows are read; provinces and the country are summed from them here, so that the
identities the suppression protects are exactly the ones the pages show. A day's suppressed figures
are cached under a fingerprint of that day's rows (their number, sum, sum of squares and last id),
so a recomputed snapshot is suppressed afresh.
"""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, F, Max, Sum

from dashboards.models import Figure

from .suppression import PUBLIC_CODES, Published, publish

COUNTY_LEVEL = 3
TREND_MONTHS = 12
CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Day:
    day: date
    fingerprint: str


def _rows():
    return Figure.objects.filter(level=COUNTY_LEVEL, indicator__in=PUBLIC_CODES)


def days() -> list[Day]:
    """The last snapshot day of each of the last TREND_MONTHS months with figures, oldest first;
    the last one is the latest day (the pages' tables)."""
    per_day = (
        _rows()
        .values("day")
        .annotate(n=Count("id"), total=Sum("value"), squares=Sum(F("value") * F("value")), last=Max("id"))
        .order_by("-day")
    )
    months: dict[tuple[int, int], Day] = {}
    for row in per_day.iterator():
        key = (row["day"].year, row["day"].month)
        if key not in months:
            if len(months) == TREND_MONTHS:
                break
            months[key] = Day(row["day"], "{n}-{total}-{squares}-{last}".format(**row))
    return sorted(months.values(), key=lambda d: d.day)


def published(day: Day) -> Published:
    """The day's figures with every small cell hidden (cached per day and fingerprint)."""
    key = f"public:published:{day.day.isoformat()}:{day.fingerprint}"
    result = cache.get(key)
    if result is None:
        leaves: dict[str, dict[str, int]] = {}
        for area, code, value in _rows().filter(day=day.day).values_list("area", "indicator", "value").iterator():
            leaves.setdefault(area, {})[code] = value
        result = publish(leaves)
        cache.set(key, result, CACHE_SECONDS)
    return result
