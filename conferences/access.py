"""Who may see and do what in case conferences.

Staff see the conferences on the children of their scope (by the conference's copy of the
village). A partner's representative sees a conference only when all of these hold: they are
active, their agency is a member invited to it, their confidentiality undertaking is recorded,
and the conference is not closed or its follow-up has not ended; and then only the briefing pack
and their agency's actions. Everything else is missing (404), never forbidden.

The council of a county is managed by its county officer; a township's by its supervisor. A
conference is convened by the child's township supervisor or the county officer.
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from caseplans.models import Action, CasePlan
from core.scope import code_range, has_national_scope, in_scope, is_staff_role, scope_code, scoped
from geo.models import CODE_LENGTH, Division

from .models import AgencyAction, Conference, Council, Representative

Role = User.Role
STAFF = (Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def is_partner(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.PARTNER)


def seats(user: User) -> QuerySet[Representative]:
    """The user's council seats that give access: undertaking recorded, agency still a member."""
    if not is_partner(user):
        return Representative.objects.none()
    return Representative.objects.filter(
        user=user,
        undertaking_signed_on__isnull=False,
        member__is_active=True,
        member__organisation_id=user.organisation_id,
    )


def conferences_for(user: User) -> QuerySet[Conference]:
    if is_partner(user):
        today = timezone.localdate()
        members = seats(user).values("member_id")
        readable = ~Q(status=Conference.Status.CLOSED) | Q(follow_up_until__gte=today)
        return Conference.objects.filter(readable, invitations__member_id__in=members).distinct()
    if not is_staff_role(user, *STAFF):
        return Conference.objects.none()
    return scoped(Conference.objects.all(), user)


def access_conference(user: User, conference_uuid: UUID | str) -> Conference:
    try:
        return (
            conferences_for(user)
            .select_related("child", "child__village", "council", "convened_by")
            .get(uuid=conference_uuid)
        )
    except (Conference.DoesNotExist, ValueError, TypeError):
        raise Http404("No such conference") from None


def my_members(user: User, conference: Conference) -> set[int]:
    """The member agencies of the conference the user represents (partner staff)."""
    invited = conference.invitations.values_list("member_id", flat=True)
    return set(seats(user).filter(member_id__in=invited).values_list("member_id", flat=True))


def actions_for(user: User, conference: Conference) -> QuerySet[AgencyAction]:
    """All actions for staff; a representative's own agency's only."""
    actions = conference.actions.select_related("member__organisation")
    if is_partner(user):
        return actions.filter(member_id__in=my_members(user, conference))
    return actions


def access_action(user: User, conference: Conference, pk: int) -> AgencyAction:
    try:
        return actions_for(user, conference).get(pk=pk)
    except (AgencyAction.DoesNotExist, ValueError, TypeError):
        raise Http404("No such action") from None


def is_staff(user: User) -> bool:
    return is_staff_role(user, *STAFF)


def can_convene(user: User, village_code: str) -> bool:
    """The child's township supervisor or the county officer (CWDs ask their supervisor)."""
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER) and in_scope(user, village_code)


def can_run(user: User, conference: Conference) -> bool:
    """Record the minutes, add actions, hold a follow-up, close: the convening side."""
    return conference.status != Conference.Status.CLOSED and can_convene(user, conference.village_id)


def council_for(village_code: str) -> Council | None:
    """The township's council if it has one, else the county's."""
    township = village_code[: CODE_LENGTH[Division.Level.TOWNSHIP]]
    county = village_code[: CODE_LENGTH[Division.Level.COUNTY]]
    councils = {c.area_id: c for c in Council.objects.filter(area_id__in=[township, county])}
    return councils.get(township) or councils.get(county)


def councils_for(user: User) -> QuerySet[Council]:
    """Councils of the user's county and its townships (staff), for the council pages."""
    prefix = scope_code(user)
    if prefix is None or not is_staff(user):
        return Council.objects.none()
    if prefix == "":
        return Council.objects.all()
    county = prefix[: CODE_LENGTH[Division.Level.COUNTY]]
    return Council.objects.filter(Q(area_id=county) | Q(area__code__range=code_range(prefix)))


def can_manage_council(user: User, area: Division) -> bool:
    if has_national_scope(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.division_id == area.code
        and (
            (user.role == Role.COUNTY_OFFICER and area.level == Division.Level.COUNTY)
            or (user.role == Role.SUPERVISOR and area.level == Division.Level.TOWNSHIP)
        )
    )


def read_reason(user: User, conference: Conference) -> str | None:
    """Why the user sees the child, for the audit trail: a representative through the conference."""
    return f"conference:{conference.pk}" if is_partner(user) else None


def agency_case_actions(user: User):
    """Open case-plan actions assigned to the user's agency (partner staff), in open plans: the
    agency sees what it must do for which child, and nothing else of the plan."""

    if not is_partner(user):
        return Action.objects.none()
    return Action.objects.filter(organisation_id=user.organisation_id, status=Action.Status.OPEN).exclude(
        plan__status=CasePlan.Status.CLOSED
    )


def agency_conference_actions(user: User) -> QuerySet[AgencyAction]:
    """Open conference actions of the agencies the user represents, in conferences they may read."""
    if not is_partner(user):
        return AgencyAction.objects.none()
    readable = conferences_for(user).values("pk")
    return AgencyAction.objects.filter(
        status=AgencyAction.Status.OPEN, conference__in=readable, member_id__in=seats(user).values("member_id")
    )
