"""Who may see follow-up rows (tier, due date) and set a tier by hand."""

from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from core.scope import in_scope, is_staff_role, scoped

from .models import FollowUp


def followups_for(user: User) -> QuerySet[FollowUp]:
    """Follow-up rows of the open files the user may see (by the row's copy of the village)."""
    return scoped(FollowUp.objects.all(), user)


def followup_of(user: User, child: Child) -> FollowUp | None:
    """The child's follow-up row if the user may see it (None too for a closed or new file).

    followups_for's rule (the row's copy of the village within the user's reach), checked on the
    child's village, which the row copies. Read through the child's reverse accessor, so that
    the panels of one profile (risk card, report link, case plan) share one query."""
    if not in_scope(user, child.village_id):
        return None
    return getattr(child, "followup", None)  # RelatedObjectDoesNotExist is an AttributeError


def can_override(user: User, child: Child) -> bool:
    """Setting a tier by hand is the township's or the county's decision."""
    return not child.is_closed and is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)
