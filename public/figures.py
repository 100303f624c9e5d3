"""What the public pages read: the latest snapshot day's county figures (dashboards.Figure),
suppressed once per day for every page (public.suppression), and month-end days for the trends.

Only counties' rows are read; provinces and the country are summed from them here, so that the
identities the suppression protects are exactly the ones the pages show. A day's suppressed figures
are kept in each process under a fingerprint of that day's rows (their number, sum, sum of squares
and last id), so a recomputed snapshot is suppressed afresh; the list of days and fingerprints is
read again every two minutes.
"""

import threading
import time
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Max, Sum

from dashboards.models import Figure

from .suppression import PUBLIC_CODES, Published, publish

COUNTY_LEVEL = 3
TREND_MONTHS = 12
DAYS_SECONDS = 120  # a new snapshot reaches the pages within two minutes (and their caches' 10)
MEMO_DAYS = 2 * (TREND_MONTHS + 1)  # a year of month ends, twice over while the latest day changes
_days_memo: list = []
_published_memo: dict = {}
_lock = threading.Lock()  # threaded servers: one writer of the memo at a time


@dataclass(frozen=True)
class Day:
    day: date
    fingerprint: str


def _rows():
    return Figure.objects.filter(level=COUNTY_LEVEL, indicator__in=PUBLIC_CODES)


def days() -> list[Day]:
    """The last snapshot day of each of the last TREND_MONTHS months with figures, oldest first;
    the last one is the latest day (the pages' tables). Read at most once per DAYS_SECONDS per
    process: the grouped query reads every county row (about 300,000 for the country's year)."""
    now = time.monotonic()
    if _days_memo and now - _days_memo[0] < DAYS_SECONDS:
        return _days_memo[1]
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
    result = sorted(months.values(), key=lambda d: d.day)
    _days_memo[:] = [now, result]
    return result


def published(day: Day) -> Published:
    """The day's figures with every small cell hidden, kept in this process per day and
    fingerprint (a Published of the whole country is too large to unpickle from a cache on every
    page: 60 ms a day, 13 days a page)."""
    key = (day.day, day.fingerprint)
    result = _published_memo.get(key)
    if result is None:
        leaves: dict[str, dict[str, int]] = {}
        for area, code, value in _rows().filter(day=day.day).values_list("area", "indicator", "value").iterator():
            leaves.setdefault(area, {})[code] = value
        result = publish(leaves)
        with _lock:
            while len(_published_memo) >= MEMO_DAYS:
                _published_memo.pop(next(iter(_published_memo)))
            _published_memo[key] = result
    return result


def forget() -> None:
    """Drop what this process keeps (tests, after writing figures)."""
    with _lock:
        _days_memo.clear()
        _published_memo.clear()
