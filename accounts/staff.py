"""Who hears about what: the staff that alerts and escalations go to.

The two rules here are the only ones: a child's village decides its CWDs, supervisors and
county officers (`staff_by_village`); an organisation's own staff hear about its referrals and
reports (`staff_of_organisation`). Both load everyone asked about in one query.
"""

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
    wanted = {(role, v[: width[role]]) for role in roles for v in villages}
    found: dict[tuple[str, str], list[User]] = {}
    for user in User.objects.filter(
        is_active=True, role__in=roles, division_id__in={code for _, code in wanted}
    ).order_by("pk"):
        found.setdefault((user.role, user.division_id), []).append(user)
    for v in villages:
        for role in roles:
            out[v] += found.get((role, v[: width[role]]), [])
    return out


def staff_of_organisation(orgs: Iterable) -> dict[int, list[User]]:
    """Active partner staff of each organisation (an Organisation or its pk; None is skipped),
    keyed by the organisation's pk, in one query."""
    ids = {getattr(org, "pk", org) for org in orgs} - {None}
    out: dict[int, list[User]] = {pk: [] for pk in ids}
    if not ids:
        return out
    for user in User.objects.filter(is_active=True, role=User.Role.PARTNER, organisation_id__in=ids).order_by("pk"):
        out[user.organisation_id].append(user)
    return out
