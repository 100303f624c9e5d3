"""The composition pages' links in the top bar."""

from django.utils.translation import gettext as _

from accounts.models import User
from children.access import can_see_overview
from core import panels
from core.scope import statistics_code


@panels.register("nav", order=10)
def nav_today(request) -> str:
    if request.user.role == User.Role.PARTNER:
        return ""
    return panels.nav_link("today", _("Today"))


@panels.register("nav", order=40)
def nav_followup(request) -> str:
    if not can_see_overview(request.user):
        return ""
    return panels.nav_link("followup_overdue", _("Follow-up"), more=True)


@panels.register("nav", order=50)
def nav_overview(request) -> str:
    if not can_see_overview(request.user):
        return ""
    return panels.nav_link("overview", _("Overview"), more=True)


@panels.register("nav", order=55)
def nav_board(request) -> str:
    """The dashboard: supervisors, the county and officials above it (a CWD's day is on Today)."""
    user = request.user
    if user.role in (User.Role.CWD, User.Role.PARTNER, User.Role.FINANCE) or statistics_code(user) is None:
        return ""
    return panels.nav_link("board", _("Dashboard"), more=user.role != User.Role.OFFICIAL)
