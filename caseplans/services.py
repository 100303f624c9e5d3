"""Case-plan jobs: alerts for overdue actions and reviews (run by the nightly task)."""

from datetime import date


def escalate_overdue(today: date) -> int:
    """Alert the responsible CWD (and then the supervisor) about overdue actions and reviews."""
    return 0
