"""The estimated working time of a caseload.

A small pure function with explicit defaults, so that the coverage-planning app's assumptions
(`planning`, its `hours_per_month`) can replace it at merge: call that instead with the same
counts and keep the signature of `estimate_hours` as the adapter.

The defaults are working assumptions, not a national norm: an hour per home visit with the
child and caregiver (DOMAIN.md §9.1's checklist takes 30–45 minutes, plus writing it up), half
an hour of walking or riding between households in a hill village, and a quarter of an hour per
open file per month for the ledger, parent contacts and dynamic updates (动态管理).
"""

MINUTES_PER_VISIT = 60
TRAVEL_MINUTES_PER_VISIT = 30
FILE_MINUTES_PER_MONTH = 15


def estimate_hours(
    files: int,
    visits_per_month: int,
    *,
    minutes_per_visit: int = MINUTES_PER_VISIT,
    travel_minutes_per_visit: int = TRAVEL_MINUTES_PER_VISIT,
    file_minutes_per_month: int = FILE_MINUTES_PER_MONTH,
) -> float:
    """Hours a month for `files` open files of which `visits_per_month` visits fall due, to one decimal."""
    minutes = visits_per_month * (minutes_per_visit + travel_minutes_per_visit) + files * file_minutes_per_month
    return round(minutes / 60, 1)
