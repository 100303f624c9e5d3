"""Referrals' button on the child's profile."""

from django.utils.translation import gettext as _

from accounts.models import User
from core import panels
from core.scope import in_scope


@panels.register("child_actions", order=30)
def child_actions(request, child) -> str:
    """The child's referrals, for whoever sees the child (partner staff reach referrals from their list)."""
    if not in_scope(request.user, child.village_id):
        return ""
    return panels.render_template("referrals/_child_actions.html", {"child": child}, request)


@panels.register("nav", order=60)
def nav_referrals(request) -> str:
    return panels.nav_link("referral_list", _("Referrals"), more=request.user.role != User.Role.PARTNER)


@panels.register("nav", order=80)
def nav_partners(request) -> str:
    if request.user.role == User.Role.PARTNER:
        return ""
    return panels.nav_link("directory", _("Partners"), more=True)
