"""Test data for the public pages: divisions with names, and snapshot rows written directly."""

from datetime import date

import pytest
from django.core.cache import cache

from dashboards.models import Figure
from geo.models import Division
from public import figures

DAYS = [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30), date(2026, 12, 1)]

PLACES = [
    ("51", "四川省", 1, None),
    ("5113", "南充市", 2, "51"),
    ("511324", "仪陇县", 3, "5113"),
    ("511324100", "金城镇", 4, "511324"),
    ("511324100201", "石佛村", 5, "511324100"),
    ("511321", "南部县", 3, "5113"),
    ("511322", "营山县", 3, "5113"),
    ("52", "贵州省", 1, None),
    ("5201", "贵阳市", 2, "52"),
    ("520121", "开阳县", 3, "5201"),
    ("520122", "息烽县", 3, "5201"),
    ("520123", "修文县", 3, "5201"),
]


def county(open_=200, lb=120, diff=60, due=40, done=80, on_time=60, answered=30, in_time=20) -> dict:
    return {
        "files_open": open_,
        "files_left_behind": lb,
        "files_in_difficulty": diff,
        "visits_due": due,
        "visits_done_30d": done,
        "visits_on_time_30d": on_time,
        "reports_answered_30d": answered,
        "reports_answered_in_time_30d": in_time,
    }


def write_figures(day: date, leaves: dict, villages: dict | None = None) -> None:
    """Counties' rows (level 3) as the snapshot stores them; villages' (level 5) when given, which
    the public pages must never read."""
    rows = [
        Figure(day=day, area=area, level=3, indicator=code, value=value)
        for area, values in leaves.items()
        for code, value in values.items()
    ]
    for area, values in (villages or {}).items():
        rows += [Figure(day=day, area=area, level=5, indicator=c, value=v) for c, v in values.items()]
    Figure.objects.bulk_create(rows)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    figures.forget()
    yield
    cache.clear()
    figures.forget()


@pytest.fixture
def places(db):
    for code, name, level, parent in PLACES:
        Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)


# The demo's counties on the latest day: 仪陇县 has only 4 children in difficulty.
LATEST = {
    "511324": county(open_=180, lb=110, diff=4, due=35, done=70, on_time=66, answered=12, in_time=11),
    "511321": county(open_=420, lb=260, diff=90, due=80, done=150, on_time=120, answered=40, in_time=31),
    "511322": county(open_=510, lb=300, diff=130, due=95, done=190, on_time=150, answered=45, in_time=40),
    "520121": county(open_=330, lb=200, diff=70, due=60, done=120, on_time=100, answered=25, in_time=20),
    "520122": county(open_=260, lb=150, diff=50, due=50, done=95, on_time=80, answered=3, in_time=3),
    "520123": county(open_=300, lb=170, diff=66, due=55, done=110, on_time=90, answered=22, in_time=18),
}


@pytest.fixture
def snapshots(places):
    """Four snapshot days (three month ends and today) for six counties in two provinces."""
    for i, day in enumerate(DAYS):
        write_figures(
            day,
            {
                area: {c: max(v - 3 * (len(DAYS) - 1 - i), 0) for c, v in values.items()}
                for area, values in LATEST.items()
            },
            villages={"511324100201": county(open_=3, lb=2, diff=1, due=1, done=2, on_time=2, answered=0, in_time=0)},
        )
    return LATEST
