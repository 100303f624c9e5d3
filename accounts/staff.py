"""Who follows up the children of a village: the staff that alerts and escalations go to."""

from collections.abc import Iterable

from geo.models import CODE_LENGTH

from .models import User


def staff_by_village(villages: Iterable[str], *roles: str) -> dict[str, list[User]]:
    """Active staff of the given roles for each village code, in one query: the village's CWDs,
    its township's supervisors, its county's officers (in the order the roles are given)."""
    villages = set(villages)
    out: dict[str, list[User]] = {v: [] for v in villages}
    if not villages or not roles:
        return out
    width = {role: CODE_LENGTH[User.ROLE_LEVEL[role]] for role in roles}
    wanted = {(role, v[:width[role]]) for role in roles for v in villages}
    found: dict[tuple[str, str], list[User]] = {}
    for user in User.objects.filter(is_active=True, role__in=roles,
                                    division_id__in={code for _, code in wanted}).order_by("pk"):
        found.setdefault((user.role, user.division_id), []).append(user)
    for v in villages:
        for role in roles:
            out[v] += found.get((role, v[:width[role]]), [])
    return out
