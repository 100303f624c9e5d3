"""Who may see and do what in a sweep.

A sweep belongs to a county; its items carry their child's village (VillageScoped). Staff see a
sweep whose county contains their reach (a CWD, a supervisor) or lies within it (the county, an
administrator), and of its items only those in their own reach: a CWD only their village's. Partner
staff see no sweep. Anything outside is missing (404), never forbidden.
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import code_range, is_staff_role, scope_code, scoped
from geo.models import CODE_LENGTH, Division

from .models import Sweep, SweepItem

Role = User.Role
STAFF = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def sweeps_for(user: User) -> QuerySet[Sweep]:
    """The sweeps whose county overlaps the user's reach."""
    prefix = scope_code(user)
    if prefix is None or not is_staff_role(user, *STAFF):
        return Sweep.objects.none()
    if prefix == "":
        return Sweep.objects.all()
    # The county of a village or township is a prefix of its code.
    ancestors = [prefix[:n] for n in sorted(set(CODE_LENGTH.values())) if n <= len(prefix)]
    return Sweep.objects.filter(Q(area_id__in=ancestors) | Q(area__code__range=code_range(prefix)))


def access_sweep(user: User, sweep_uuid: UUID | str) -> Sweep:
    try:
        return sweeps_for(user).select_related("area").get(uuid=sweep_uuid)
    except (Sweep.DoesNotExist, ValueError, TypeError):
        raise Http404("No such sweep") from None


def items_for(user: User, sweep: Sweep) -> QuerySet[SweepItem]:
    """The sweep's items in the user's reach (a CWD: their village's)."""
    if not is_staff_role(user, *STAFF):
        return SweepItem.objects.none()
    return scoped(SweepItem.objects.filter(sweep=sweep), user, "village_id")


def access_item(user: User, sweep: Sweep, item_id: int) -> SweepItem:
    try:
        return items_for(user, sweep).select_related("child", "child__village").get(pk=item_id)
    except (SweepItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No such item") from None


def access_village(user: User, sweep: Sweep, code: str) -> Division:
    """A village of the sweep's county within the user's reach; Http404 otherwise."""
    prefix = scope_code(user)
    if (
        prefix is None
        or not is_staff_role(user, *STAFF)
        or not code.startswith(prefix)
        or not code.startswith(sweep.area_id)
    ):
        raise Http404("No such village")
    try:
        return Division.objects.get(code=code, level=Division.Level.VILLAGE)
    except Division.DoesNotExist:
        raise Http404("No such village") from None


def can_start(user: User) -> bool:
    """The county runs a sweep (W1): a county officer, for their own county."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.COUNTY_OFFICER
        and user.division is not None
        and user.division.level == Division.Level.COUNTY
    )


def can_close(user: User, sweep: Sweep, *, closing: bool = False) -> bool:
    """The county's officer closes a running sweep; `closing`: also one whose closing job runs
    (the job re-checks the officer who asked)."""
    open_now = sweep.is_running or (closing and sweep.is_closing)
    return open_now and can_start(user) and user.division_id == sweep.area_id


def can_work(user: User, sweep: Sweep) -> bool:
    """Confirm, correct and close files on the list, and add children found: the village's CWD,
    and the township and county above it, while the sweep runs."""
    return sweep.is_running and is_staff_role(user, *STAFF)


def can_see_progress(user: User) -> bool:
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_see_today(user: User) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR)


def running_items_for(user: User) -> QuerySet[SweepItem]:
    """The items of running sweeps in the user's reach (the profile's sweep card)."""
    if not is_staff_role(user, *STAFF):
        return SweepItem.objects.none()
    return scoped(SweepItem.objects.filter(sweep__status=Sweep.Status.RUNNING), user, "village_id")


def can_see_list(user: User) -> bool:
    """The list of sweeps (empty until the county starts one): staff only."""
    return is_staff_role(user, *STAFF)
