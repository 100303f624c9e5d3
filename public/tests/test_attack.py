"""The attack on the public pages as anyone can mount it: crawl every page from /share/, collect
every table (areas, totals, months, rates), write down every identity the figures obey, solve.

It must recover no hidden count and no count under 10 (derived ones included: visits late, open
files not left-behind, …), and non-negativity must not pin a hidden count down either.
"""

import random
import re

import pytest

from public.suppression import FAMILIES, THRESHOLD

from .attack import bounds, determined, equations
from .conftest import county, write_figures

pytestmark = pytest.mark.django_db

DAYS = ["2026-10-31", "2026-11-30", "2026-12-01"]


def random_counties(rng: random.Random, codes: list[str]) -> dict:
    leaves = {}
    for code in codes:
        size = rng.choice([0, 4, 9, 13, 60, 400])
        lb = rng.choice([size, max(size - rng.randint(0, 12), 0), size // 2])
        diff = rng.choice([max(size - rng.randint(0, 12), 0), size // 3, rng.randint(0, 9)])
        done = rng.choice([0, 6, 14, 120])
        on_time = rng.choice([done, max(done - rng.randint(0, 12), 0), done // 2])
        answered = rng.choice([0, 3, 12, 40])
        leaves[code] = county(size, lb, diff, rng.choice([0, 5, 30]), done, on_time, answered, rng.randint(0, answered))
    return leaves


def crawl(client) -> tuple[dict, dict, dict]:
    """Every page reachable from /share/zh-hans/: (tree as the pages list it, cells per day as
    shown, rates per day as shown)."""
    tree: dict[str, list[str]] = {}
    cells: dict[str, dict] = {}
    rates: dict[str, dict] = {}
    todo, seen = ["/share/zh-hans/"], set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        html = client.get(url).content.decode()
        area = re.search(r'<table class="figures trend" data-area="([0-9]*)"', html).group(1)
        main = re.search(r'<table class="figures" data-day="([0-9-]+)">(.*?)</table>', html, re.S)
        day = main.group(1)
        kids = []
        for row_area, row in re.findall(r'<tr data-area="([0-9]*)"[^>]*>(.*?)</tr>', main.group(2), re.S):
            if row_area != area:
                kids.append(row_area)
            read_row(cells.setdefault(day, {}), rates.setdefault(day, {}), row_area, row)
        tree[area] = kids
        trend = re.search(r'<table class="figures trend".*?</table>', html, re.S).group(0)
        for month, row in re.findall(r'<tr data-day="([0-9-]+)">(.*?)</tr>', trend, re.S):
            read_row(cells.setdefault(month, {}), rates.setdefault(month, {}), area, row)
        todo += re.findall(r'<th scope="row"><a href="([^"]+)"', html)
    return tree, cells, rates


def read_row(cells: dict, rates: dict, area: str, row: str) -> None:
    for code, text in re.findall(r'<td data-code="([a-z_0-9]+)">([^<]*)</td>', row):
        value = None if text == "–" else int(text)
        assert cells.get((area, code), value) == value, "two pages disagree"
        cells[(area, code)] = value
    for family, text in re.findall(r'<td data-rate="([a-z]+)">([^<]*)</td>', row):
        rates[(area, family)] = text


@pytest.mark.parametrize("seed", range(6))
def test_the_pages_give_the_attacker_nothing(client, seed):
    rng = random.Random(seed)
    codes = [f"{61 + p}{c + 1:04d}" for p in range(4) for c in range(rng.choice([1, 2, 3, 5]))]
    truth = {}
    for day in DAYS:
        truth[day] = random_counties(rng, codes)
        write_figures(day, truth[day])
    tree, cells, rates = crawl(client)
    assert sorted(cells) == DAYS
    counties = {k for kids in tree.values() for k in kids if len(k) == 6}
    assert counties == set(truth[DAYS[-1]])  # the attacker saw every county of the latest day
    hidden_seen = 0
    for day in DAYS:
        # Each page's trend shows its own area on every month: all pages together give every
        # area's month, so each month is a whole system of identities too.
        day_cells = cells[day]
        for (area, code), value in day_cells.items():
            assert value is None or value >= THRESHOLD, (day, area, code, value)
        for (area, family_name), text in rates[day].items():
            family = next(f for f in FAMILIES if f.name == family_name)
            if any(day_cells.get((area, c)) is None for c in family.shown):
                assert text == "–", (day, area, family_name, text)  # a rate is hidden with its counts
        eqs = equations(tree, day_cells, day)
        values = _values(truth[day])
        found = determined(eqs)
        for (_d, area, name), value in found.items():
            assert value == _true(values, area, name)  # a sound attack
            assert value >= THRESHOLD, (area, name, value)
            assert all(day_cells.get((area, c)) is not None for f in FAMILIES if name in f.counts({}) for c in f.shown)
        for (_d, area, name), (low, high) in bounds(eqs).items():
            if day_cells.get((area, _family(name).shown[0])) is None:
                hidden_seen += 1
                assert low < high
                assert high >= THRESHOLD
    assert hidden_seen  # the data had something to hide


def _family(name):
    return next(f for f in FAMILIES if name in f.counts({}))


def _values(leaves):
    from public.suppression import build_tree, roll_up

    return roll_up(build_tree(leaves), leaves)


def _true(values, area, name):
    return _family(name).counts(values.get(area, {}))[name]
