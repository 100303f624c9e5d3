"""The daily snapshot (dashboards.Figure): every app's indicators per village, and their sums per
township, county, prefecture, province and the country, so that a dashboard reads a few rows
instead of counting a county's files on every request.

`take_snapshot(day, county)` runs every source of core.indicators for the county, writes the
county's rows for the day (villages, townships, the county) in one transaction, replacing any
rows of an earlier run that day, then recomputes the areas above the county from the rows of
their children (the prefecture from its counties, the province from its prefectures, the country
from its provinces), so that snapshotting counties one after another, in any order, leaves every
sum right. Only values other than 0 are stored: an area or indicator without a row counts 0.

The county's row `TAKEN_AT` holds the moment the snapshot was taken (Unix seconds): the pages say
how fresh their figures are, and know a snapshot exists for the day.

Freshness. The nightly job snapshots every county with children. During the day, a change that
moves a figure a supervisor acts on (a visit, a registration, a report or a referral: the signals
the registry sends, and a report saved) books a refresh of that county's snapshot a few minutes
later (`refresh_county`, django-tasks), once however many changes come in between: the follow-up
page is then minutes behind, never a day (docs/architecture.md, "Dashboard snapshots").
"""

import logging
import zlib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from children.access import children_for_jobs
from core import indicators
from core.scope import code_range
from geo.models import CODE_LENGTH

from .models import Figure

logger = logging.getLogger(__name__)

TAKEN_AT = "_taken_at"  # not an indicator: the county row's time of the snapshot
LEVEL_OF_LENGTH = {0: 0, **{length: level for level, length in CODE_LENGTH.items()}}
REFRESH_AFTER = timedelta(minutes=3)  # debounce: changes in these minutes share one refresh


def level_of(area: str) -> int:
    return LEVEL_OF_LENGTH[len(area)]


def compute(day: date, county_code: str) -> dict[str, dict[str, int]]:
    """Every indicator's value per area of the county (villages, townships, the county), from
    what each source returns for its villages (or, for figures of a township's schools, the
    township): an area's value is the sum of its own and of every area inside it."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    county_len = len(county_code)
    for source in indicators.sources():
        for code, figures in source.compute(day, county_code).items():
            if not code.startswith(county_code):
                continue
            areas = [code[:n] for n in (CODE_LENGTH[3], CODE_LENGTH[4], CODE_LENGTH[5]) if county_len <= n <= len(code)]
            for indicator, value in figures.items():
                if indicator in source.codes and value:
                    for area in areas:
                        sums[area][indicator] += value
    return {area: dict(values) for area, values in sums.items()}


def _lock(day: date) -> None:
    """Serialise snapshots of the same day on PostgreSQL, so that two counties written at once
    cannot each recompute their province from rows that miss the other's."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [zlib.crc32(b"dashboards.snapshot") & 0x7FFFFFFF, day.toordinal()],
            )


def _insert(rows: list[tuple]) -> None:
    """Write (day, area, level, indicator, value) rows: COPY on PostgreSQL (as core.bulk does),
    one executemany elsewhere. Plain values, so no per-row field conversion (the day is converted
    once): a county's 15,000 rows take milliseconds, not the half second bulk_create would."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(Figure._meta.get_field(f).column) for f in ("day", "area", "level", "indicator", "value"))
    table = qn(Figure._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            day = connection.ops.adapt_datefield_value(rows[0][0])
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608  names from the model
            cursor.executemany(sql, [(day, *row[1:]) for row in rows])


def _roll_up(day: date, area: str) -> list[tuple]:
    """The rows of `area` (a prefecture, province or the country): the sums of its children's rows."""
    child_level = level_of(area) + 1
    children = Figure.objects.filter(day=day, level=child_level).exclude(indicator=TAKEN_AT)
    if area:
        children = children.filter(area__range=code_range(area))
    sums = children.values("indicator").annotate(total=Sum("value")).order_by()
    return [(day, area, level_of(area), r["indicator"], r["total"]) for r in sums if r["total"]]


@transaction.atomic
def take_snapshot(day: date, county_code: str) -> int:
    """Snapshot one county for the day; returns the number of rows written for the county."""
    figures = compute(day, county_code)
    taken = int(timezone.now().timestamp())
    rows = [
        (day, area, level_of(area), indicator, value)
        for area, values in sorted(figures.items())
        for indicator, value in sorted(values.items())
    ]
    rows.append((day, county_code, level_of(county_code), TAKEN_AT, taken))
    _lock(day)
    Figure.objects.filter(day=day, area__range=code_range(county_code)).delete()
    _insert(rows)
    above = [county_code[:n] for n in (CODE_LENGTH[2], CODE_LENGTH[1])] + [""]
    for area in above:  # nearest first: each sums the rows just written below it
        Figure.objects.filter(day=day, area=area).delete()
        _insert(_roll_up(day, area))
    return len(rows)


def counties_with_children() -> list[str]:
    villages = children_for_jobs().values_list("village_id", flat=True).distinct().order_by()
    return sorted({code[: CODE_LENGTH[3]] for code in villages})


def nightly(today: date) -> dict[str, int]:
    """The nightly job (settings.SHOUHU_NIGHTLY_JOBS, after the follow-up recomputation and the
    escalations, so that the day's figures count what they changed): every county with children."""
    counties = counties_with_children()
    rows = sum(take_snapshot(today, county) for county in counties)
    return {"counties": len(counties), "rows": rows}


# Reading


def taken_at(day: date, county_code: str):
    """When the county's snapshot of the day was taken (an aware datetime), or None without one."""
    values = Figure.objects.filter(day=day, area=county_code, indicator=TAKEN_AT).values_list("value", flat=True)[:1]
    value = next(iter(values), None)
    return None if value is None else timezone.localtime(datetime.fromtimestamp(value, tz=UTC))


def figures_below(day: date, parent_code: str) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The figures of each area one level below `parent_code` (townships of a county, villages of a
    township) and the parent's own, from the day's snapshot."""
    level = level_of(parent_code)
    rows = (
        Figure.objects.filter(day=day, area__range=code_range(parent_code), level__in=[level, level + 1])
        .exclude(indicator=TAKEN_AT)
        .values_list("area", "level", "indicator", "value")
    )
    below: dict[str, dict[str, int]] = defaultdict(dict)
    own: dict[str, int] = {}
    for area, row_level, indicator, value in rows:
        if row_level == level:
            own[indicator] = value
        else:
            below[area][indicator] = value
    return dict(below), own


# Freshness: a debounced refresh of the county after a change


@task()
def refresh_county(county_code: str) -> int:
    """Re-take today's snapshot of the county (booked by `changed`)."""
    return take_snapshot(timezone.localdate(), county_code)


def _refresh_pending(county_code: str) -> bool:
    waiting = DBTaskResult.objects.filter(task_path=refresh_county.module_path, status="READY")
    return any(args.get("args") == [county_code] for args in waiting.values_list("args_kwargs", flat=True))


def changed(village_codes) -> None:
    """Book a refresh of the counties of these villages, a few minutes from now, if they have a
    snapshot for today (without one their pages count live) and none is booked yet."""
    today = timezone.localdate()
    counties = {code[: CODE_LENGTH[3]] for code in village_codes if code}
    if not counties:
        return
    snapped = set(
        Figure.objects.filter(day=today, area__in=counties, indicator=TAKEN_AT).values_list("area", flat=True)
    )
    for county in sorted(snapped):
        if not _refresh_pending(county):
            refresh_county.using(run_after=timezone.now() + REFRESH_AFTER).enqueue(county)
