"""Who may see and do what in the child registry.

Every page, API call, search, export and job gets its children from `children_for` or
`access_child`; a child outside the user's scope is missing (404), never forbidden, so that
its existence does not leak. Partner staff have no division and so see no child here: they
reach a child only through the apps that grant it (an open referral to their organisation).
"""

from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import is_staff_role, scoped

from .choices import Status
from .models import Child

Role = User.Role


def children_for(user: User) -> QuerySet[Child]:
    """Every child record the user may see, open and closed."""
    return scoped(Child.objects.all(), user, "village__code")


def access_child(user: User, child_uuid: UUID | str) -> Child:
    """The child with this UUID if the user may see it; Http404 otherwise."""
    try:
        return children_for(user).select_related("village", "household").get(uuid=child_uuid)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child") from None


def children_for_jobs() -> QuerySet[Child]:
    """System scope, for background jobs that act on every child (the nightly recomputation).

    Nothing a job computes is shown to a user except through the scoped functions.
    """
    return Child.objects.all()


# What each role may do to a child it can see. Every check takes the child so that a
# caller cannot forget that the child must be in scope first.


def can_register(user: User) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_edit(user: User, child: Child) -> bool:
    return not child.is_closed and is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_confirm(user: User, child: Child) -> bool:
    return child.status == Status.REGISTERED and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_activate(user: User, child: Child) -> bool:
    return child.status == Status.CONFIRMED and is_staff_role(user, Role.COUNTY_OFFICER)


def can_close(user: User, child: Child) -> bool:
    return not child.is_closed and is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_reopen(user: User, child: Child) -> bool:
    """A file whose personal data were erased (children.minimise) stays closed: nothing is left to
    work with, and the child, if back, is registered anew."""
    return child.is_closed and child.minimised_on is None and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_transfer(user: User, child: Child) -> bool:
    """Moving a file between villages is the township's or the county's decision."""
    return not child.is_closed and is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_read_history(user: User, child: Child) -> bool:
    """MPL Art. 4/72: who looked at a child's file is itself sensitive; the county reads it."""
    return is_staff_role(user, Role.COUNTY_OFFICER)


def can_export(user: User) -> bool:
    """Exports take children's data out of Shouhu: with SHOUHU_2FA_FOR_EXPORT on (the production
    default) only from a session verified with a second factor (accounts.two_factor)."""
    return _may_export(user) and (not settings.SHOUHU_2FA_FOR_EXPORT or _verified(user))


def export_needs_two_factor(user: User) -> bool:
    """The user could export after giving a second factor (the roster offers to set it up)."""
    return _may_export(user) and not can_export(user)


def _may_export(user: User) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def _verified(user: User) -> bool:
    # django_otp.middleware.OTPMiddleware gives the request's user is_verified().
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def can_see_overview(user: User) -> bool:
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)
