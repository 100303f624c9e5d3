"""Small-cell suppression (public.suppression): no count under 10, and no hidden count that can be
worked out from the totals, the other areas or the differences between figures."""

import random

import pytest

from public.suppression import FAMILIES, THRESHOLD, build_tree, publish, roll_up, suppress_family

from .attack import bounds, determined, equations, true_value


def county(open_=200, lb=120, diff=60, due=40, done=80, on_time=60, answered=30, in_time=20):
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


def test_every_count_of_ten_or_more_is_shown_when_nothing_is_small():
    pub = publish({"510101": county(), "510102": county(), "520101": county(), "520102": county()})
    assert pub.cell("510101", "files_open") == 200
    assert pub.cell("51", "files_open") == 400
    assert pub.cell("", "visits_on_time_30d") == 240
    assert pub.rate("", "visits_on_time_30d", "visits_done_30d") == 0.75


def test_a_small_count_hides_its_whole_row_and_a_sibling_with_it():
    pub = publish({"510101": county(diff=4), "510102": county(), "510103": county(open_=900, lb=800, diff=600)})
    assert pub.cell("510101", "files_in_difficulty") is None
    assert pub.cell("510101", "files_open") is None  # its family: files open − in difficulty would tell
    # The province's total minus the shown counties would give it: the lightest sibling goes too.
    assert pub.cell("510102", "files_in_difficulty") is None
    assert pub.cell("510103", "files_in_difficulty") == 600
    assert pub.cell("51", "files_in_difficulty") == 664
    # Other families of the same county are not concerned.
    assert pub.cell("510101", "visits_due") == 40


def test_a_small_difference_between_two_counts_is_a_small_count_too():
    # 80 visits, 77 on time: 3 late visits, readable as 80 − 77.
    pub = publish({"510101": county(done=80, on_time=77), "510102": county(), "510103": county()})
    assert pub.cell("510101", "visits_done_30d") is None
    assert pub.cell("510101", "visits_on_time_30d") is None
    assert pub.rate("510101", "visits_on_time_30d", "visits_done_30d") is None
    # 200 open files of which 195 left-behind: 5 children not left-behind.
    pub = publish({"510101": county(lb=195), "510102": county(), "510103": county()})
    assert pub.cell("510101", "files_left_behind") is None


def test_a_rate_is_hidden_with_its_numerator_or_denominator():
    pub = publish({"510101": county(answered=8, in_time=8), "510102": county(), "510103": county()})
    assert pub.rate("510101", "reports_answered_in_time_30d", "reports_answered_30d") is None
    assert pub.rate("510102", "reports_answered_in_time_30d", "reports_answered_30d") is None  # its complement
    assert pub.rate("510103", "reports_answered_in_time_30d", "reports_answered_30d") == 20 / 30


def test_a_province_of_one_county_is_hidden_with_it_and_another_province_too():
    pub = publish({"510101": county(due=3), "520101": county(), "520102": county(), "530101": county(due=900)})
    assert pub.cell("510101", "visits_due") is None
    assert pub.cell("51", "visits_due") is None  # = its only county
    # Country − shown provinces would give province 51: another province and one of its counties go.
    hidden_provinces = [p for p in ("52", "53") if pub.cell(p, "visits_due") is None]
    assert len(hidden_provinces) == 1
    assert pub.cell("", "visits_due") == 3 + 40 + 40 + 900


def test_hidden_cells_of_an_identity_never_sum_to_less_than_ten():
    # Two zeros would be 0 + 0 = total − shown: each exactly 0. A third county must go.
    pub = publish({"510101": county(due=0), "510102": county(due=0), "510103": county(due=50), "510104": county()})
    hidden = [c for c in ("510101", "510102", "510103", "510104") if pub.cell(c, "visits_due") is None]
    assert len(hidden) == 3
    assert (
        sum(county(due={"510101": 0, "510102": 0}.get(c, 50 if c == "510103" else 40))["visits_due"] for c in hidden)
        >= 10
    )


def test_a_country_with_too_little_is_hidden_entirely():
    pub = publish({"510101": county(due=2), "510102": county(due=3)})
    assert pub.cell("", "visits_due") is None
    assert pub.cell("51", "visits_due") is None


def test_nothing_at_all():
    pub = publish({})
    assert pub.cell("", "files_open") is None


def test_missing_figures_count_zero_and_are_hidden():
    pub = publish({"510101": {"files_open": 300, "files_left_behind": 100}, "510102": county(), "510103": county()})
    assert pub.cell("510101", "files_open") is None  # files_in_difficulty missing: 0 < 10


def test_roll_up_sums_every_level():
    tree = build_tree(["510101", "510102", "520101"])
    assert tree == {"": ["51", "52"], "51": ["510101", "510102"], "52": ["520101"]}
    values = roll_up(tree, {"510101": {"x": 1}, "510102": {"x": 2}, "520101": {"x": 4}})
    assert values["51"] == {"x": 3}
    assert values[""] == {"x": 7}


def test_suppress_family_works_on_any_tree_depth():
    tree = {"": ["a", "b"], "a": ["a1", "a2"], "b": ["b1", "b2"], "a1": [], "a2": [], "b1": [], "b2": []}
    counts = {"a1": {"n": 1}, "a2": {"n": 50}, "b1": {"n": 50}, "b2": {"n": 50}}
    counts.update({"a": {"n": 51}, "b": {"n": 100}, "": {"n": 151}})
    hidden = suppress_family(tree, counts)
    assert {"a1", "a2"} <= hidden
    assert "" not in hidden


def random_counties(rng: random.Random, provinces: int = 4) -> dict:
    """Counties of every kind: large, small, tiny, all visits on time, a province of one county."""
    leaves = {}
    for p in range(provinces):
        for c in range(rng.choice([1, 2, 3, 5, 8])):
            size = rng.choice([0, 3, 9, 12, 15, 40, 150, 800])
            lb = rng.choice([size, max(size - rng.randint(0, 12), 0), size // 2])
            diff = rng.choice([size, max(size - rng.randint(0, 12), 0), size // 3, rng.randint(0, 9)])
            done = rng.choice([0, 5, 11, 25, 300])
            on_time = rng.choice([done, max(done - rng.randint(0, 12), 0), done // 2])
            answered = rng.choice([0, 2, 10, 14, 60])
            leaves[f"{51 + p}{c + 1:04d}"] = county(
                size, lb, diff, rng.choice([0, 4, 10, 33, 200]), done, on_time, answered, rng.randint(0, answered)
            )
    return leaves


def attack(leaves: dict) -> tuple[dict, dict, list]:
    """Everything the pages would show, then what the attacker recovers: (published cells,
    determined unknowns, equations)."""
    pub = publish(leaves)
    tree = build_tree(leaves)
    cells = {(area, code): pub.cell(area, code) for area in pub.values for family in FAMILIES for code in family.shown}
    eqs = equations(tree, cells)
    return pub, determined(eqs), eqs


@pytest.mark.parametrize("seed", range(40))
def test_the_attacker_recovers_no_hidden_count(seed):
    leaves = random_counties(random.Random(seed))
    pub, found, eqs = attack(leaves)
    for (area, code), value in (((a, c), pub.cell(a, c)) for a in pub.values for f in FAMILIES for c in f.shown):
        if value is not None:
            assert value >= THRESHOLD, (area, code, value)
    for (_day, area, name), value in found.items():
        assert value == true_value(pub.values, area, name)  # the attack is sound
        # What the equations fix is published anyway (a shown count, or a difference of two shown
        # counts): never a small one, never a cell the pages hide.
        assert value >= THRESHOLD, (area, name, value)
        family = next(f for f in FAMILIES if name in f.counts({}))
        assert area not in pub.hidden[family.name], (area, name)
    box = bounds(eqs)
    for (_day, area, name), (low, high) in box.items():
        family = next(f for f in FAMILIES if name in f.counts({}))
        if area in pub.hidden[family.name]:
            # Non-negativity does not pin it down either, nor even prove it small.
            assert low < high, (area, name, low, high)
            assert high >= THRESHOLD, (area, name, low, high)


def test_the_attack_works_against_primary_suppression_alone():
    """The attacker is not toothless: hiding only the small cells gives them away."""
    leaves = {"510101": county(due=4), "510102": county(due=50), "520101": county(due=7), "520102": county()}
    tree = build_tree(leaves)
    values = roll_up(tree, leaves)
    cells = {(a, c): (v if v >= THRESHOLD else None) for a, row in values.items() for c, v in row.items()}
    found = determined(equations(tree, cells))
    assert found[("", "510101", "visits_due")] == 4
    assert found[("", "520101", "visits_due")] == 7
    assert found[("", "510101", "visits_late")] == 20
