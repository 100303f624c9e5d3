"""Case plans for red and yellow children, and their part of the profile and the schedule."""


def child_context(user, child) -> dict:
    """What the child's profile shows of the case plan (templates/caseplans/_child_plan.html)."""
    return {}


def today_context(user, day) -> dict:
    """Overdue case-plan actions and reviews for the CWD's today page (templates/caseplans/_today.html)."""
    return {}


def followup_context(user, day) -> dict:
    """Overdue case-plan actions for the supervisor's follow-up page (templates/caseplans/_followup.html)."""
    return {}
