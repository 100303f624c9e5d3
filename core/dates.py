"""Calendar arithmetic the rules share (ages, months after a date)."""

import calendar
from datetime import date


def age_on(birth: date, on: date) -> int:
    """Completed years of age on a date (a child born on 29 Feb ages on 1 Mar)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has no such day."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
