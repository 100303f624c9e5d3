"""The workforce in other pages: the top bar's link, and the visits waiting for the supervisor's
review with overdue supervision actions at the end of the follow-up page."""

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("nav", order=85)
def nav(request) -> str:
    if not access.can_see_workforce(request.user):
        return ""
    return panels.nav_link("workforce_home", _("Workforce"), more=True)


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
