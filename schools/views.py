"""School pages (absence sheets, dropouts) and the school part of a child's profile."""


def child_context(user, child) -> dict:
    """What the child's profile shows of school attendance (templates/schools/_child_school.html)."""
    return {}
