"""The arithmetic, with examples worked by hand (DAYS_PER_MONTH = 365.25 / 12 = 30.4375)."""

import pytest

from planning.calc import DAYS_PER_MONTH, ceil, plan, supervisors_needed, village_row, visits_per_month
from planning.defaults import DEFAULTS
from planning.estimates import hours_per_month

NATIONAL = {"red": 7, "yellow": 14, "blue": 30, "green": 90}  # risk.defaults.NATIONAL_DEFAULT
A = DEFAULTS.with_values(cwd_hours=10, target_percent=80, travel_minutes=90)


def test_a_month_is_a_twelfth_of_a_year():
    assert DAYS_PER_MONTH == 30.4375
    # 7 red children visited weekly: 7 × 30.4375 / 7 = 30.4375 visits a month; 1 green child every 90 days.
    assert visits_per_month({"red": 7, "green": 1}, NATIONAL) == pytest.approx({"red": 30.4375, "green": 0.3381944})


def test_seven_red_children_at_80_percent_need_three_ten_hour_cwds():
    row = village_row("511324100201", "石佛村", "511324100", {"red": 7}, NATIONAL, A, cwds_now=1)
    # visits: 30.4375 × 0.80 = 24.35; visit hours: 24.35 × 60 min / 60 = 24.35 h; travel 90 min = 1.5 h
    assert row.visits == pytest.approx(24.35)
    assert row.visit_hours == pytest.approx(24.35)
    assert row.travel_hours == pytest.approx(1.5)
    assert row.hours == pytest.approx(25.85)
    # 25.85 h ÷ 10 h = 2.585 → 3 CWDs; one there today → 2 missing
    assert (row.cwds_needed, row.cwds_now, row.cwd_gap) == (3, 1, 2)


def test_a_village_without_children_still_needs_its_own_cwd_and_no_travel():
    row = village_row("511324100202", "龙岗村", "511324100", {}, NATIONAL, A, cwds_now=0)
    assert (row.hours, row.cwds_needed, row.cwd_gap) == (0, 1, 1)


def test_exact_hours_do_not_round_up_to_one_more_cwd():
    # 90 green children every 90 days at 100 %: 30.4375 visits × 30 min = 15.22 h; ÷ 10 h → 2 CWDs
    a = DEFAULTS.with_values(cwd_hours=10, target_percent=100, minutes_green=30, travel_minutes=0)
    row = village_row("511324100201", "石佛村", "t", {"green": 90}, {"green": 90}, a, cwds_now=0)
    assert row.hours == pytest.approx(15.21875)
    assert row.cwds_needed == 2
    # 40 hours of work computed as 40.000000001 (floating point) is two 20-hour CWDs, not three.
    assert ceil(40.000000001 / 20) == 2
    assert ceil(40.01 / 20) == 3
    assert ceil(0) == 0


@pytest.mark.parametrize(
    ("villages", "supervision_hours", "expected"),
    [
        (15, 4, 2),  # span: 15 / 14 = 1.07 → 2; hours: 15 × 4 / 80 = 0.75 → 1
        (30, 4, 3),  # span: 30 / 14 = 2.14 → 3; hours: 1.5 → 2
        (10, 20, 3),  # span: 0.71 → 1; hours: 10 × 20 / 80 = 2.5 → 3
        (14, 0, 1),  # exactly 14 villages: one supervisor
        (1, 0, 1),  # a township with one village still has its supervisor
        (0, 4, 0),
    ],
)
def test_supervisors_take_the_larger_of_span_and_hours(villages, supervision_hours, expected):
    assert supervisors_needed(villages, DEFAULTS.with_values(supervision_hours=supervision_hours)) == expected


def test_the_county_adds_its_villages_gaps_and_costs_a_year():
    villages = [
        ("511324100201", "石佛村", "511324100"),
        ("511324100202", "龙岗村", "511324100"),
        ("511324101201", "白鹤村", "511324101"),
    ]
    townships = {"511324100": "金城镇", "511324101": "新政镇"}
    # 石佛村 needs 3 (has 1); 龙岗村 needs 1 (has 2: the surplus fills no other village); 白鹤村 needs 1 (has 0).
    p = plan(
        villages,
        townships,
        {"511324100201": {"red": 7}},
        NATIONAL,
        A,
        {"511324100201": 1, "511324100202": 2},
        {"511324100": 1},
    )
    t = p.total
    assert (t.cwds_needed, t.cwds_now, t.cwd_gap) == (5, 3, 3)
    assert (t.supervisors_needed, t.supervisors_now, t.supervisor_gap) == (2, 1, 1)
    # 12 × (5 × 300 + 2 × 500) = 30,000 yuan; the missing: 12 × (3 × 300 + 1 × 500) = 16,800
    assert p.cost_per_year == 30000
    assert p.gap_cost_per_year == 16800
    assert p.cost_now_per_year == 12 * (3 * 300 + 1 * 500)
    assert [r.name for r in p.townships_by_gap()] == ["金城镇", "新政镇"]
    assert [(r.name, r.cwd_gap) for r in p.villages_by_gap()] == [("石佛村", 2), ("白鹤村", 1), ("龙岗村", 0)]


def test_hours_per_month_for_the_workforce_caseload():
    # (4.35 red visits × 60 min + 3 green × 30 min) / 60 = 5.85 h, + 2 villages × 60 min = 7.85 h
    assert hours_per_month({"red": 4.35, "green": 3}, 2, DEFAULTS) == pytest.approx(7.85)
    remote = DEFAULTS.with_values(travel_overrides={"511324100201": 180})
    # by code: 180 min for the remote village + 60 for the other = 4 h
    assert hours_per_month({"red": 4.35, "green": 3}, ["511324100201", "511324100202"], remote) == pytest.approx(9.85)
    assert hours_per_month({}, 0, DEFAULTS) == 0
