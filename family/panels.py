"""The family link on the child's profile (a button for the CWD) and the parent's top bar."""

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("child_actions", order=45)
def child_family(request, child) -> str:
    if not access.can_invite(request.user, child):
        return ""
    return panels.render_template("family/_child_action.html", {"child": child}, request)


@panels.register("nav", order=8)
def nav_family(request) -> str:
    if not access.is_parent(request.user):
        return ""
    return panels.nav_link("family_home", _("My children"))
