"""The month arithmetic of the allowance (benefits/months.py): no database."""

from datetime import date
from decimal import Decimal

import pytest

from benefits import months as m
from benefits.models import ExitReason

D = Decimal


def test_start_month_default_is_the_month_after_approval():
    assert m.start_month(date(2025, 3, 31)) == date(2025, 4, 1)
    assert m.start_month(date(2025, 12, 2)) == date(2026, 1, 1)


def test_start_month_same_month_where_local_rules_say_so():
    assert m.start_month(date(2025, 3, 31), m.MonthRules(start_next_month=False)) == date(2025, 3, 1)


@pytest.mark.parametrize("reason", ExitReason.values)
def test_every_exit_reason_stops_from_the_month_after_the_event(reason):
    # 自次月起停发: the month of the release, the 18th birthday, the death or the move is still paid.
    assert m.stop_month(date(2025, 6, 30)) == date(2025, 7, 1)
    assert m.stop_month(date(2025, 12, 1)) == date(2026, 1, 1)
    assert not m.is_due(date(2025, 7, 1), date(2025, 1, 1), m.stop_month(date(2025, 6, 30)))
    assert m.is_due(date(2025, 6, 1), date(2025, 1, 1), m.stop_month(date(2025, 6, 30)))


def test_due_months_and_count():
    assert list(m.between(date(2025, 11, 1), date(2026, 2, 1))) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]
    assert m.count(date(2025, 11, 1), date(2026, 2, 1)) == 3
    assert m.count(date(2025, 11, 1), date(2025, 11, 1)) == 0
    assert m.add(date(2025, 1, 1), -1) == date(2024, 12, 1)


def test_standard_changing_mid_year():
    standards = [(date(2024, 1, 1), D("1500.00")), (date(2025, 7, 1), D("1593.40"))]
    assert m.standard_in_force(standards, date(2025, 6, 1)) == D("1500.00")
    assert m.standard_in_force(standards, date(2025, 7, 1)) == D("1593.40")
    assert m.standard_in_force(standards, date(2025, 12, 1)) == D("1593.40")
    assert m.standard_in_force(standards, date(2023, 12, 1)) is None
    # Arrears for months before the change are paid at the standard of their own month.
    owed = m.arrears(date(2025, 5, 1), None, date(2025, 9, 1), [date(2025, 8, 1)])
    assert owed == [date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)]
    assert [m.standard_in_force(standards, x) for x in owed] == [D("1500.00"), D("1500.00"), D("1593.40")]


def test_arrears_stop_at_the_stop_month_and_skip_paid_months():
    assert m.arrears(date(2025, 1, 1), date(2025, 3, 1), date(2025, 6, 1), [date(2025, 1, 1)]) == [date(2025, 2, 1)]
    assert m.arrears(date(2025, 6, 1), None, date(2025, 6, 1), []) == []


def test_pro_rata_first_month_only_under_a_local_rule():
    rules = m.MonthRules(start_next_month=False, pro_rata_first_month=True)
    # Eligible from 16 June: 15 of 30 days.
    assert m.first_month_amount(D("1593.40"), date(2025, 6, 1), date(2025, 6, 16), rules) == D("796.70")
    assert m.first_month_amount(D("1593.40"), date(2025, 6, 1), date(2025, 6, 16)) == D("1593.40")
    assert m.first_month_amount(D("1593.40"), date(2025, 7, 1), date(2025, 6, 16), rules) == D("1593.40")


def test_last_month_paid_and_overpaid():
    paid = [date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)]
    assert m.last_month_paid(paid) == date(2025, 7, 1)
    assert m.last_month_paid([]) is None
    assert m.overpaid(date(2025, 7, 1), paid) == [date(2025, 7, 1)]
