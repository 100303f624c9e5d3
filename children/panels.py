"""The registry's own buttons on the child's profile. They are panels too, so that the buttons of
other apps (visits, referrals, growth) can sit between them in the order the page has always had."""

from django.utils.translation import gettext as _

from accounts.models import User
from core import panels
from core.scope import in_scope

from . import access


@panels.register("child_actions", order=40)
def edit_actions(request, child) -> str:
    """Edit the file; register a sibling into the same household."""
    user = request.user
    if not in_scope(user, child.village_id):
        return ""
    return panels.render_template(
        "children/_child_actions.html",
        {"child": child, "can_edit": access.can_edit(user, child), "can_register": access.can_register(user)},
        request,
    )


@panels.register("child_actions", order=70)
def history_action(request, child) -> str:
    """Who looked at and changed the file (county officers only)."""
    if not (in_scope(request.user, child.village_id) and access.can_read_history(request.user, child)):
        return ""
    return panels.render_template("children/_child_history_action.html", {"child": child}, request)


@panels.register("nav", order=20)
def nav_children(request) -> str:
    if request.user.role == User.Role.PARTNER:
        return ""
    return panels.nav_link("roster", _("Children"))


@panels.register("nav", order=30)
def nav_queue(request) -> str:
    if not access.can_see_overview(request.user):
        return ""
    return panels.nav_link("queue", _("Queue"), more=True)
