"""Who may import ledgers, and which imports they see.

County civil-affairs officers and township supervisors import into the villages of their own
reach (a CWD registers children one by one). An import belongs to the division its importer
reached when it started; another user of the same reach sees it too (a colleague may finish
it), anyone else gets a 404, as for every record outside one's scope.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.scope import is_staff_role, scope_code, scoped

from .imports_models import LedgerImport

Role = User.Role


def can_import(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in (Role.COUNTY_OFFICER, Role.SUPERVISOR)
        and user.division_id
        and is_staff_role(user, Role.COUNTY_OFFICER, Role.SUPERVISOR)
    )


def imports_for(user: User) -> QuerySet[LedgerImport]:
    """The imports started within the user's reach (a county officer sees the townships' too)."""
    if not can_import(user):
        return LedgerImport.objects.none()
    return scoped(LedgerImport.objects.select_related("created_by", "division"), user, "division_id")


def access_import(user: User, import_uuid: UUID | str) -> LedgerImport:
    """The import with this UUID if the user may work on it; Http404 otherwise."""
    try:
        found = imports_for(user).get(uuid=import_uuid)
    except (LedgerImport.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import") from None
    # A township supervisor does not take over an import of the whole county.
    if not found.division_id.startswith(scope_code(user) or "\x00"):
        raise Http404("No such import")
    return found
