"""Who may see which coverage plan, and who may change which assumptions. Anything else is 404.

- A county officer: their county's plan (and its townships'), and their county's assumptions.
- A supervisor: their township's plan, read only.
- An administrator: every plan, every county's assumptions and the defaults.
- An official above the county (core.scope.statistics_code): one row per county of their area,
  from counts only; no township or village page (they have no registry reach).
"""

from django.http import Http404

from accounts.models import User
from core.scope import has_national_scope, in_scope, is_staff_role, statistics_code
from geo.models import Division

PLAN_LEVELS = (Division.Level.COUNTY, Division.Level.TOWNSHIP)
DEFAULTS_AREA = "default"  # the URL's name for the defaults' row (area "")


def can_plan(user: User) -> bool:
    return is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)


def access_plan_area(user: User, code: str) -> tuple[Division, Division]:
    """(the county, the area asked for: the county or one of its townships) if the user may see its plan."""
    if not can_plan(user) or not in_scope(user, code):
        raise Http404("No plan for this area")
    area = Division.objects.filter(code=code, level__in=PLAN_LEVELS).select_related("parent").first()
    if area is None:
        raise Http404("No plan for this area")
    return (area if area.level == Division.Level.COUNTY else area.parent), area


def home_area(user: User) -> str | None:
    """The code of the plan a user starts from: a county officer's county, a supervisor's township."""
    if is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER) and not has_national_scope(user):
        return user.division_id
    return None


def counties_for_statistics(user: User) -> list[Division] | None:
    """The counties whose plan figures an administrator or an official sees in one table; None for others."""
    if not (has_national_scope(user) or (user.is_authenticated and user.is_active and user.role == User.Role.OFFICIAL)):
        return None
    prefix = statistics_code(user)
    if prefix is None:
        return None
    qs = Division.objects.filter(level=Division.Level.COUNTY)
    if prefix:
        qs = qs.within(Division(code=prefix))
    return list(qs.order_by("code"))


def can_edit_assumptions(user: User, area: str) -> bool:
    """`area` is a county's code, or "" for the defaults (administrators only)."""
    if has_national_scope(user):
        return True
    return bool(
        area
        and user.is_authenticated
        and user.is_active
        and user.role == User.Role.COUNTY_OFFICER
        and user.division_id == area
    )


def access_assumptions_area(user: User, area_param: str) -> Division | None:
    """The county whose assumptions the user may edit (None: the defaults), or 404."""
    if area_param == DEFAULTS_AREA:
        if not can_edit_assumptions(user, ""):
            raise Http404("No such assumptions")
        return None
    if not can_edit_assumptions(user, area_param):
        raise Http404("No such assumptions")
    county = Division.objects.filter(code=area_param, level=Division.Level.COUNTY).first()
    if county is None:
        raise Http404("No such assumptions")
    return county
