"""Who may see and do what with case plans.

Plans are scoped like referrals, by the plan's copy of the child's village; partner staff see
no plan. Approval is the township's or the county's, never the author's own.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from children.access import can_edit
from children.models import Child
from core.scope import in_scope, is_staff_role, scoped
from followup.models import Tier

from .models import CasePlan

Role = User.Role
PLANNED_TIERS = (Tier.RED, Tier.YELLOW)


def case_plans_for(user: User) -> QuerySet[CasePlan]:
    """Case plans (any status) of the children in the user's scope; none for partner staff."""
    return scoped(CasePlan.objects.all(), user)


def access_case_plan(user: User, plan_uuid: UUID | str) -> CasePlan:
    """The case plan with this UUID if the user may see it; Http404 otherwise."""
    try:
        return case_plans_for(user).select_related("child", "child__village").get(uuid=plan_uuid)
    except (CasePlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case plan") from None


def can_create_plan(user: User, child: Child, tier: str | None) -> bool:
    """A plan is made for a red or yellow child (computed or set by an override: FollowUp.tier)."""
    return tier in PLANNED_TIERS and can_edit(user, child)


def can_edit_plan(user: User, plan: CasePlan) -> bool:
    """Goals, actions and the summary change only while the plan is a draft or was returned."""
    return plan.status in CasePlan.EDITABLE and can_edit(user, plan.child)


def can_submit_plan(user: User, plan: CasePlan) -> bool:
    return can_edit_plan(user, plan)


def can_work_plan(user: User, plan: CasePlan) -> bool:
    """Marking actions done, reviewing, revising and closing: the staff who edit the child."""
    return plan.status != CasePlan.Status.CLOSED and can_edit(user, plan.child)


def can_approve_plan(user: User, plan: CasePlan) -> bool:
    """The township supervisor or a county officer of the child approves a submitted plan; the
    person who wrote or submitted it never approves it."""
    if plan.status != CasePlan.Status.SUBMITTED or user.pk in (plan.created_by_id, plan.submitted_by_id):
        return False
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER) and in_scope(user, plan.village_id)
