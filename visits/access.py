"""Who may see and do what with visits. Built on children.access: a visit is reached only
through its child, so a visit outside the user's scope is missing (404), like its child."""

from uuid import UUID

from django.http import Http404

from accounts.models import User
from children.access import access_child, can_edit
from children.models import Child
from core.scope import is_staff_role

from .models import Visit


def access_visit(user: User, child_uuid: UUID | str, visit_uuid: UUID | str) -> tuple[Child, Visit]:
    """The child and one of its visits (any version) if the user may see the child; Http404 otherwise."""
    child = access_child(user, child_uuid)
    try:
        visit = Visit.objects.select_related("recorded_by", "original__recorded_by").get(child=child, uuid=visit_uuid)
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such visit") from None
    visit.child = child
    return child, visit


def can_record(user: User, child: Child) -> bool:
    """Record a visit or a parent contact, or edit a visit: whoever may edit the child's file."""
    return can_edit(user, child)


def can_comment(user: User, child: Child) -> bool:
    """The township supervisor and the county officer review visits and comment on them."""
    return not child.is_closed and is_staff_role(user, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER)
