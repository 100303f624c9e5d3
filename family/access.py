"""Who may see and do what in the family link.

A parent or caregiver (role "parent") reaches only the children of their own active links, and
of each only what the family pages show (never the risk tier's reasons, reports or a reporter,
nor another child). The CWD, supervisor and county see the links, calls and notices of the
children in their scope, and the CWD (or supervisor) invites and sends notices. Out of reach is 404.
"""

from django.http import Http404

from accounts.models import User
from children.access import access_child
from core.scope import in_scope, is_staff_role, scoped

from .models import Link, Notice

Role = User.Role


def is_parent(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.PARENT)


def my_links(user):
    if not is_parent(user):
        return Link.objects.none()
    return Link.objects.filter(user=user, status=Link.Status.ACTIVE).select_related("child", "child__village")


def access_my_link(user, pk: int) -> Link:
    try:
        return my_links(user).get(pk=pk)
    except (Link.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child") from None


def links_for(user):
    """Staff: the links of the children in scope."""
    if not is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER):
        return Link.objects.none()
    return scoped(Link.objects.all(), user)


def notices_for(user):
    if not is_staff_role(user, Role.CWD, Role.SUPERVISOR, Role.COUNTY_OFFICER):
        return Notice.objects.none()
    return scoped(Notice.objects.all(), user)


def can_invite(user, child) -> bool:
    return is_staff_role(user, Role.CWD, Role.SUPERVISOR) and in_scope(user, child.village_id)


def staff_child(user, child_uuid):
    """The child for the family pages of a CWD or supervisor (404 out of scope)."""
    child = access_child(user, child_uuid)
    if not can_invite(user, child):
        raise Http404
    return child


def my_notice(user, link: Link, pk: int) -> Notice:
    """A notice to the family of the parent's own linked child; Http404 otherwise."""
    notice = Notice.objects.filter(pk=pk, child=access_my_link(user, link.pk).child).first()
    if notice is None:
        raise Http404("No such notice")
    return notice


def family_of(child):
    """The child's links, calls, notices and latest entrustment, for the staff's family page
    (the caller has checked the child with staff_child)."""
    return {
        "links": Link.objects.filter(child=child).select_related("user"),
        "calls": child.family_calls.select_related("link")[:20],
        "notices": child.family_notices.select_related("answered_by")[:20],
        "entrustment": child.entrustments.select_related("link").first(),
    }


def notices_of(link: Link):
    return Notice.objects.filter(child=link.child)[:10]
