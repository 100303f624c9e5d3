"""The workforce in other pages: the supervisor's top-bar link (folded under the phone's menu; a
county officer's bar has no room left on a laptop, tests/browser/test_navigation.py), a card at
the top of Today for supervisors and county officers (villages without a CWD, handovers in
preparation), and the visits waiting for the supervisor's review with overdue supervision
actions at the end of the follow-up page."""

from django.utils.translation import gettext as _

from accounts.models import User
from core import panels
from geo.access import villages_for

from . import access, queries
from .models import Assignment, Handover


@panels.register("nav", order=85)
def nav(request) -> str:
    user = request.user
    if not (access.can_see_workforce(user) and user.role == User.Role.SUPERVISOR):
        return ""
    return panels.nav_link("workforce_home", _("Workforce"), more=True)


@panels.register("today", order=20)
def workforce_today(request, day) -> str:
    """Two queries: the villages of the user's reach and who serves them today; open handovers."""
    user = request.user
    if not access.can_see_workforce(user):
        return ""
    villages = list(villages_for(user).values_list("code", flat=True))
    serving = queries.serving(villages, day)
    vacant = sum(1 for v in villages if not any(a.kind != Assignment.Kind.INTERIM for a in serving[v]))
    handovers = access.handovers_for(user).filter(status=Handover.Status.OPEN).count()
    return panels.render_template("workforce/_today.html", {"vacant": vacant, "handovers": handovers}, request)


@panels.register("followup", order=20)
def supervision_due(request, day) -> str:
    user = request.user
    if not access.can_see_workforce(user):
        return ""
    reviews = access.reviews_for(user).filter(reviewed_at__isnull=True).count()
    overdue = access.actions_for(user).filter(done_on__isnull=True, due_on__lt=day).count()
    if not (reviews or overdue):
        return ""
    return panels.render_template("workforce/_followup.html", {"reviews": reviews, "overdue": overdue}, request)
