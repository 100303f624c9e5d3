"""Who may manage the partner directory, and which organisations serve a village."""

from django.db.models import QuerySet

from accounts.models import User
from core.scope import has_national_scope, scope_division, scoped

from .models import Organisation


def organisations_for(user: User) -> QuerySet[Organisation]:
    """The partner directory a user may manage: a county officer's county (admins: all)."""
    if not has_national_scope(user) and (user.role != User.Role.COUNTY_OFFICER or scope_division(user) is None):
        return Organisation.objects.none()
    return scoped(Organisation.objects.all(), user, "division__code")


def organisations_serving(village) -> QuerySet[Organisation]:
    """Active organisations whose area contains the village (for referral suggestions)."""
    return Organisation.objects.filter(is_active=True, division_id__in=[*village.ancestor_codes(), village.code])
