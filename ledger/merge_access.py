"""Who may merge children's files, and which merges they may see (built on children.access).

Township supervisors and county officers merge files within their scope; a CWD may not (a
merge closes a file and moves its records, which is the township's or the county's decision).
Anything outside the user's scope is missing (404), as everywhere.
"""

from uuid import UUID

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from children.access import access_child, children_for
from children.models import Child
from core.scope import in_scope, is_staff_role, scoped

from .merge_models import ChildMerge

Role = User.Role


def may_merge(user: User) -> bool:
    """The user's role may merge files (the "merge" button and the history page)."""
    return is_staff_role(user, Role.SUPERVISOR, Role.COUNTY_OFFICER)


def can_merge_into(user: User, child: Child) -> bool:
    """Values may be written into this file by a merge: an open, not erased file in the user's scope."""
    return may_merge(user) and in_scope(user, child.village_id) and not child.is_closed and child.minimised_on is None


def can_merge(user: User, keep: Child, drop: Child) -> bool:
    """Two different open files, both in the user's scope."""
    return keep.pk != drop.pk and can_merge_into(user, keep) and can_merge_into(user, drop)


def mergeable_children(user: User) -> QuerySet[Child]:
    """The files the user could merge with another (the picker's search)."""
    if not may_merge(user):
        return children_for(user).none()
    return children_for(user).exclude(status="closed").filter(minimised_on__isnull=True)


def access_mergeable(user: User, child_uuid: UUID | str) -> Child:
    """A file the user may merge; Http404 otherwise (out of scope, or a CWD)."""
    if not may_merge(user):
        raise Http404("No such child")
    return access_child(user, child_uuid)


def merges_for(user: User) -> QuerySet[ChildMerge]:
    """The merges whose kept file lies within the user's scope, for those who may merge."""
    if not may_merge(user):
        return ChildMerge.objects.none()
    return scoped(ChildMerge.objects.all(), user, "child__village__code")


def access_merge(user: User, merge_uuid: UUID | str) -> ChildMerge:
    try:
        return merges_for(user).select_related("child", "dropped", "actor").get(uuid=merge_uuid)
    except (ChildMerge.DoesNotExist, ValueError, TypeError):
        raise Http404("No such merge") from None


def can_undo(user: User, merge: ChildMerge) -> bool:
    """The merge is not undone yet and its files lie in the user's scope (do_undo_merge checks
    whether anything since stands in the way)."""
    if merge.is_undone or not may_merge(user) or not in_scope(user, merge.child.village_id):
        return False
    return merge.dropped is None or in_scope(user, merge.dropped.village_id)


def standing_merges_of(user: User, child: Child) -> QuerySet[ChildMerge]:
    """The merges not undone that kept or closed this file, newest first (the profile's notice)."""
    return (
        merges_for(user)
        .filter(undone_at=None)
        .filter(models.Q(child=child) | models.Q(dropped=child))
        .select_related("child", "dropped", "actor")
    )
