"""Sweeps on other pages: what is left to check at the top of Today, the sweep's word on a child's
profile (with the way back to the village's list), and a link in the top bar."""

from django.utils.translation import gettext as _

from accounts.models import User
from core import panels
from core.scope import scope_division
from geo.models import Division

from . import access, queries
from .models import Sweep, SweepItem


def today_context(user) -> dict:
    """The running sweeps of the user's area with what is left: a CWD's village, a supervisor's
    township (templates/sweeps/_today.html)."""
    scope = scope_division(user)
    if scope is None or scope.level < Division.Level.TOWNSHIP or not access.can_see_today(user):
        return {}
    rows = []
    for sweep in access.sweeps_for(user).filter(status=Sweep.Status.RUNNING).select_related("area"):
        _rows, total = queries.progress(access.items_for(user, sweep), sweep, Division.Level.VILLAGE)
        if total.total or total.found:
            rows.append((sweep, total))
    return {"sweeps": rows, "village": scope if scope.level == Division.Level.VILLAGE else None}


@panels.register("today", order=5)
def today(request, day) -> str:
    context = today_context(request.user)
    if not context.get("sweeps"):
        return ""
    return panels.render_template("sweeps/_today.html", {**context, "today": day}, request)


@panels.register("child_profile", order=5)
def child_sweep(request, child) -> str:
    """On the profile of a child on a running sweep's list: how the child stands in the sweep, the
    one-tap confirmation and the way back to the list (after an edit, the edit page comes here)."""
    user = request.user
    item = (
        access.running_items_for(user)
        .filter(child=child)
        .select_related("sweep")
        .order_by("-sweep__started_at")
        .first()
    )
    if item is None:
        return ""
    state = queries.with_state(access.items_for(user, item.sweep).filter(pk=item.pk), item.sweep).values_list(
        "state", flat=True
    )[0]
    context = {"item": item, "state": state, "state_label": SweepItem.Outcome(state).label, "child": child}
    return panels.render_template("sweeps/_child_sweep.html", context, request)


@panels.register("nav", order=45)
def nav_sweeps(request) -> str:
    if not access.can_see_progress(request.user) or request.user.role == User.Role.ADMIN:
        return ""
    return panels.nav_link("sweep_list", _("Sweeps"), more=True)
