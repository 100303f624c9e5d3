"""The planning app's parts of other pages: its link in the top bar, and a card on the follow-up page."""

from django.utils.translation import gettext as _

from core import panels

from .access import can_plan, home_area


@panels.register("nav", order=97)
def nav_planning(request) -> str:
    """Supervisors, officials and administrators; not county officers, whose bar already holds some
    twenty links in one row on a laptop (tests/browser/test_navigation.py): they find the plan on
    the follow-up page (below)."""
    user = request.user
    if not user.is_authenticated or user.role == user.Role.COUNTY_OFFICER:
        return ""
    if not (can_plan(user) or user.role == user.Role.OFFICIAL):
        return ""
    return panels.nav_link("planning", _("Staffing"), more=True)


@panels.register("followup", order=90)
def followup_card(request, day) -> str:
    """Under the overdue visits: where to see whether there are enough CWDs to visit on time. No query."""
    code = home_area(request.user)
    if not code:
        return ""
    return panels.render_template("planning/_followup.html", {"code": code}, request)
