"""Who may see and do what in the workforce registry, handovers and supervision.

County officers manage the workers of their county (register, edit, create accounts, hand over,
draw spot checks); supervisors see their township's workers and record supervision; a CWD sees
none of it. Everything is scoped by a division code through core.scope, and anything outside a
user's reach is missing (404), never forbidden.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import in_scope, is_staff_role, scope_code, scoped

from .models import FollowUpAction, Handover, SpotCheck, SpotCheckVillage, SupervisionLog, VisitReview, Worker

Role = User.Role
STAFF = (Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_see_workforce(user: User) -> bool:
    return is_staff_role(user, *STAFF)


def can_manage(user: User) -> bool:
    """Registering workers, accounts and handovers: the county's officers (and administrators)."""
    return is_staff_role(user, Role.COUNTY_OFFICER)


def workers_for(user: User) -> QuerySet[Worker]:
    """The workers of the user's reach: a county's for its officers, a township's (its
    supervisors and its villages' CWDs) for a supervisor; none for anyone else."""
    if not can_see_workforce(user):
        return Worker.objects.none()
    return scoped(Worker.objects.all(), user, "division__pk")


def access_worker(user: User, worker_uuid: UUID | str) -> Worker:
    try:
        return workers_for(user).select_related("division", "user").get(uuid=worker_uuid)
    except (Worker.DoesNotExist, ValueError, TypeError):
        raise Http404("No such worker") from None


def can_edit_worker(user: User, worker: Worker) -> bool:
    return can_manage(user) and in_scope(user, worker.division_id)


def handovers_for(user: User) -> QuerySet[Handover]:
    if not can_see_workforce(user):
        return Handover.objects.none()
    return scoped(Handover.objects.all(), user, "township__pk")


def access_handover(user: User, handover_uuid: UUID | str) -> Handover:
    try:
        return (
            handovers_for(user).select_related("leaving__user", "successor__user", "township").get(uuid=handover_uuid)
        )
    except (Handover.DoesNotExist, ValueError, TypeError):
        raise Http404("No such handover") from None


def logs_for(user: User) -> QuerySet[SupervisionLog]:
    if not can_see_workforce(user):
        return SupervisionLog.objects.none()
    return scoped(SupervisionLog.objects.all(), user, "village__pk")


def access_log(user: User, log_uuid: UUID | str) -> SupervisionLog:
    try:
        return logs_for(user).select_related("village", "author").get(uuid=log_uuid)
    except (SupervisionLog.DoesNotExist, ValueError, TypeError):
        raise Http404("No such log entry") from None


def can_log(user: User, village_code: str) -> bool:
    """A supervisor logs field visits to the villages of their township; a county officer too."""
    return can_see_workforce(user) and in_scope(user, village_code)


def actions_for(user: User) -> QuerySet[FollowUpAction]:
    if not can_see_workforce(user):
        return FollowUpAction.objects.none()
    return scoped(FollowUpAction.objects.all(), user, "village__pk")


def access_action(user: User, action_uuid: UUID | str) -> FollowUpAction:
    try:
        return actions_for(user).get(uuid=action_uuid)
    except (FollowUpAction.DoesNotExist, ValueError, TypeError):
        raise Http404("No such action") from None


def _county_code(user: User) -> str | None:
    prefix = scope_code(user)
    return None if prefix is None else prefix[:6]


def spot_checks_for(user: User) -> QuerySet[SpotCheck]:
    """A county's spot checks: its officers and its supervisors see them (a supervisor scores the
    drawn villages of their own township)."""
    if not can_see_workforce(user):
        return SpotCheck.objects.none()
    code = _county_code(user)
    if code == "":
        return SpotCheck.objects.all()
    return SpotCheck.objects.filter(county_id=code)


def access_spot_check(user: User, check_uuid: UUID | str) -> SpotCheck:
    try:
        return spot_checks_for(user).select_related("county").get(uuid=check_uuid)
    except (SpotCheck.DoesNotExist, ValueError, TypeError):
        raise Http404("No such spot check") from None


def can_draw(user: User, county_code: str) -> bool:
    return can_manage(user) and in_scope(user, county_code)


def spot_villages_for(user: User, check: SpotCheck) -> QuerySet[SpotCheckVillage]:
    """The drawn villages the user may score: their own township's for a supervisor."""
    return scoped(check.villages.all(), user, "village__pk").select_related("village", "village__parent")


def access_spot_village(user: User, check: SpotCheck, village_code: str) -> SpotCheckVillage:
    try:
        return spot_villages_for(user, check).get(village_id=village_code)
    except SpotCheckVillage.DoesNotExist:
        raise Http404("No such village in the spot check") from None


def reviews_for(user: User) -> QuerySet[VisitReview]:
    if not can_see_workforce(user):
        return VisitReview.objects.none()
    return scoped(VisitReview.objects.all(), user)
