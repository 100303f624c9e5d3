"""The demo county's daily snapshots: the last 12 month ends and today, so that the dashboards
have trends to draw as soon as the demo is seeded (demo.discovery).

Last: every figure counts what the other apps' demos wrote, tiers and due dates included
(followup's demo runs at 100, case plans and benefits at 200, sweeps at 300). A month end's
figures are computed from today's records with that day's date windows (see core.indicators.moment):
the demo has no history of statuses and tiers, so its trends show the visit, report and
measurement history the demos wrote, on the registry as it stands.
"""

from datetime import date, timedelta

from . import snapshots

ORDER = 900
MONTHS = 12


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the `months` months before today's, oldest first."""
    ends, first = [], today.replace(day=1)
    for _ in range(months):
        end = first - timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return ends[::-1]


def seed(county: str, *, seed: int, today: date) -> str:
    days = [*month_ends(today), today]
    rows = sum(snapshots.take_snapshot(day, county) for day in days)
    return f"{len(days)} dashboard snapshots ({rows} figures)"
