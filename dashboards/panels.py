"""The composition pages' links in the top bar."""

from django.urls import reverse
from django.utils.html import format_html
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
    """The dashboard in the top bar for officials above the county and supervisors (the county
    officer's bar is full on a laptop: the follow-up page links to it, below)."""
    user = request.user
    if user.role not in (User.Role.OFFICIAL, User.Role.SUPERVISOR, User.Role.ADMIN) or statistics_code(user) is None:
        return ""
    return panels.nav_link("board", _("Dashboard"), more=user.role != User.Role.OFFICIAL)


@panels.register("followup", order=90)
def followup_board(request, day) -> str:
    """From the follow-up page to the dashboard: its figures, definitions, areas compared, months."""
    if statistics_code(request.user) is None:
        return ""
    return format_html(
        '<p class="card"><a class="button secondary" href="{}" data-board-link>{}</a></p>',
        reverse("board"),
        _("Dashboard: every figure with its definition, the areas compared, the months"),
    )
