"""The planning app's part of other pages: its link in the top bar."""

from django.utils.translation import gettext as _

from core import panels

from .access import can_plan, home_area


@panels.register("nav", order=97)
def nav_planning(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    if home_area(user) is None and not (can_plan(user) or user.role == user.Role.OFFICIAL):
        return ""
    return panels.nav_link("planning", _("Coverage planning"), more=True)
