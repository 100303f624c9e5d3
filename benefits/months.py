"""Month arithmetic of the allowance: pure functions over dates, no Django models.

A month is the date of its first day. An allowance is due for every month from its start month up
to, not including, its stop month. Which month is the first and which the last is local rule
(`MonthRules`); the defaults follow the common provincial wording: paid "from the month after
approval" (自批准次月起发放) and stopped "from the month after the change" (自次月起停发), so the
month in which a parent was released, the child turned 18 or died is still paid.
"""

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class MonthRules:
    # True: paid from the month after approval; False: from the month of approval.
    start_next_month: bool = True
    # A local rule may pay the first month by the days left in it (pro rata); the national
    # practice pays whole months.
    pro_rata_first_month: bool = False


DEFAULT = MonthRules()


def month_of(d: date) -> date:
    return d.replace(day=1)


def add(month: date, n: int) -> date:
    m = month.month - 1 + n
    return date(month.year + m // 12, m % 12 + 1, 1)


def between(first: date, stop: date) -> Iterator[date]:
    """Months from `first` up to, not including, `stop`."""
    m = month_of(first)
    while m < stop:
        yield m
        m = add(m, 1)


def count(first: date, stop: date) -> int:
    """How many months from `first` up to, not including, `stop` (0 if none)."""
    n = (stop.year - first.year) * 12 + stop.month - first.month
    return max(n, 0)


def start_month(approved_on: date, rules: MonthRules = DEFAULT) -> date:
    return add(month_of(approved_on), 1) if rules.start_next_month else month_of(approved_on)


def stop_month(event_on: date) -> date:
    """The first month no longer paid after a change or exit on `event_on` (自次月起停发)."""
    return add(month_of(event_on), 1)


def is_due(month: date, start: date, stop: date | None) -> bool:
    return start <= month and (stop is None or month < stop)


def standard_in_force(standards: Iterable[tuple[date, Decimal]], month: date) -> Decimal | None:
    """The amount of the latest standard that took effect on or before `month`.

    `standards` are (effective-from month, monthly amount) of one jurisdiction and category."""
    best: tuple[date, Decimal] | None = None
    for effective, amount in standards:
        if effective <= month and (best is None or effective > best[0]):
            best = (effective, amount)
    return best[1] if best else None


def first_month_amount(monthly: Decimal, month: date, from_day: date | None, rules: MonthRules = DEFAULT) -> Decimal:
    """The amount for `month`; under a pro rata rule, the first month pays the days from
    `from_day` (the day eligibility began) to the month's end."""
    if not rules.pro_rata_first_month or from_day is None or month_of(from_day) != month:
        return monthly
    days = calendar.monthrange(month.year, month.month)[1]
    return (monthly * (days - from_day.day + 1) / days).quantize(CENT, ROUND_HALF_UP)


def arrears(start: date, stop: date | None, before: date, paid: Iterable[date]) -> list[date]:
    """The months due before `before` (the roll's month) that no payment covers: a late approval
    whose start month has passed, or a month the bank returned."""
    end = before if stop is None else min(before, stop)
    covered = set(paid)
    return [m for m in between(start, end) if m not in covered]


def last_month_paid(paid: Iterable[date]) -> date | None:
    """末领年月: the latest month for which money reached the family."""
    months = list(paid)
    return max(months) if months else None


def overpaid(stop: date, paid: Iterable[date]) -> list[date]:
    """Months paid on or after the stop month (a late exit), to be recovered by a correction."""
    return sorted(m for m in paid if m >= stop)
