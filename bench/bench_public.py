"""The public pages at national scale: every county of China (the shipped division list) with a
snapshot on each of 13 days (12 month ends and today), beside the anonymous login page as the
floor any page pays. "cold" clears the cache first, so the page suppresses every month's figures
(about 2,850 counties × 8 figures × 13 days); "warm" reads the cached patterns.

    .venv/bin/python bench/bench_public.py [--runs 30] [--database-url postgres://…/shouhu_bench_public]
"""

import argparse
import random
import statistics
import time
from datetime import date

from bench_registry import ensure_database
from common import setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_public"
CODES = (
    "files_open",
    "files_left_behind",
    "files_in_difficulty",
    "visits_due",
    "visits_done_30d",
    "visits_on_time_30d",
    "reports_answered_30d",
    "reports_answered_in_time_30d",
)


def fill(counties: list[str]) -> int:
    """A realistic spread: most counties hold hundreds to thousands of children, a few very few."""
    from dashboards.models import Figure

    days = [date(2025 + (m + 11) // 12, (m + 11) % 12 + 1, 28) for m in range(12)] + [date(2026, 12, 1)]
    Figure.objects.all().delete()
    rng = random.Random(2026)
    rows = []
    for day in days:
        for code in counties:
            size = rng.choice([0, 6, 40, 300, 900, 2500, 6000])
            done = size // rng.choice([2, 3, 5])
            answered = rng.choice([0, 4, 15, 60])
            values = [
                size,
                size * 6 // 10,
                size // rng.choice([3, 4, 50]),
                size // 4,
                done,
                done - rng.randint(0, max(done // 4, 1)) if done else 0,
                answered,
                rng.randint(0, answered),
            ]
            rows += [
                Figure(day=day, area=code, level=3, indicator=c, value=v) for c, v in zip(CODES, values, strict=True)
            ]
    Figure.objects.bulk_create(rows, batch_size=10_000)
    return len(rows)


def timed(client, url: str, runs: int, before=None) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from geo.models import Division
    from public import figures

    call_command("migrate", verbosity=0)
    if not Division.objects.filter(level=3).exists():
        call_command("load_divisions", verbosity=0)
    counties = list(Division.objects.filter(level=3).values_list("code", flat=True))
    rows = fill(counties)
    county = next(c for c in counties if c.startswith("51"))
    print(f"{len(counties)} counties, {rows} figure rows\n")

    def cold():
        cache.clear()
        figures.forget()

    client = Client()
    cases = [
        ("login page (anonymous, the floor)", "/accounts/login/", None),
        ("national page, cold (13 days read, suppressed)", "/share/zh-hans/", cold),
        ("national page, warm", "/share/zh-hans/", None),
        ("province page (四川), warm", "/share/zh-hans/51/", None),
        (f"county page ({county}), warm", f"/share/zh-hans/{county}/", None),
        ("share card of 四川, cold (drawn)", "/share/zh-hans/51/card.png", cold),
        ("share card of 四川, warm", "/share/zh-hans/51/card.png", None),
    ]
    print(f"{'request':<44} {'median ms':>10} {'p95 ms':>8}")
    for label, url, before in cases:
        client.get(url)
        runs = max(args.runs // 3, 5) if before else args.runs
        median, p95 = timed(client, url, runs, before)
        print(f"{label:<44} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
