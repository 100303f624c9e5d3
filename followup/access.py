"""Who may see follow-up rows (tier, due date) and set a tier by hand."""

from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from core.scope import is_staff_role, scoped

from .models import FollowUp


def followups_for(user: User) -> QuerySet[FollowUp]:
    """Follow-up rows of the open files the user may see (by the row's copy of the village)."""
    return scoped(FollowUp.objects.all(), user)


def followup_of(child: Child) -> FollowUp | None:
    """The follow-up row of a child the caller got from children.access (None: closed or not yet computed)."""
    return FollowUp.objects.filter(child=child).first()


def can_override(user: User, child: Child) -> bool:
    """Setting a tier by hand is the township's or the county's decision."""
    return not child.is_closed and is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)
