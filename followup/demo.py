"""The demo county's tiers, due dates and alerts, computed from every app's demo data.

Run by `manage.py seed_demo` (demo.discovery) after the apps whose data feeds the risk tiers
(ORDER 0) and before those that need the tiers.
"""

from datetime import date

from . import services

ORDER = 100


def seed(county: str, *, seed: int, today: date) -> str:
    # Every open file, not only the county's: files already up to date are left as they are.
    return f"follow-up computed: {services.recompute_all(today=today)}"
