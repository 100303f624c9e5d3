"""Who may see and do what with referrals.

Partner staff reach a child only through an open referral to their organisation, and only the
fields the referral page shows; when the referral ends, so does their access. Staff see the
referrals of the children in their scope (by the referral's copy of the village).
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import is_staff_role, scoped

from .models import Referral

Role = User.Role


def referrals_for(user: User) -> QuerySet[Referral]:
    if user.is_authenticated and user.is_active and user.role == Role.PARTNER:
        return Referral.objects.filter(organisation_id=user.organisation_id, status__in=Referral.OPEN)
    return scoped(Referral.objects.all(), user)


def access_referral(user: User, referral_uuid: UUID | str) -> Referral:
    """The referral with this UUID if the user may see it; Http404 otherwise."""
    try:
        return referrals_for(user).select_related("child", "child__village", "organisation").get(uuid=referral_uuid)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral") from None


def can_respond_to_referral(user: User, referral: Referral) -> bool:
    return (
        user.is_active
        and user.role == Role.PARTNER
        and referral.organisation_id == user.organisation_id
        and referral.is_open
    )


def may_close_referrals(user: User) -> bool:
    """The referring side (staff in scope) closes referrals; partner staff answer them."""
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_close_referral(user: User, referral: Referral) -> bool:
    return referral.status != Referral.Status.CLOSED and may_close_referrals(user)


def read_reason(user: User, referral: Referral) -> str | None:
    """Why the user sees the referral's child, for the audit trail (audit.reads): partner staff
    through this referral; staff through their jurisdiction (the default)."""
    return f"referral:{referral.pk}" if user.role == Role.PARTNER else None
