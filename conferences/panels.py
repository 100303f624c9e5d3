"""Case conferences on other pages: "Case conference" among a child's actions (for whoever may
convene), the child's conferences on the profile, and a link in the top bar."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import panels

from . import access
from .models import AgencyAction


@panels.register("child_actions", order=35)
def child_convene(request, child) -> str:
    if not access.can_convene(request.user, child.village_id) or access.council_for(child.village_id) is None:
        return ""
    return panels.render_template("conferences/_child_action.html", {"child": child}, request)


@panels.register("child_profile", order=25)
def child_conferences(request, child) -> str:
    if not access.is_staff(request.user):
        return ""
    today = timezone.localdate()
    open_actions = Q(actions__status=AgencyAction.Status.OPEN)
    conferences = list(
        access.conferences_for(request.user)
        .filter(child=child)
        .annotate(
            open_actions=Count("actions", filter=open_actions),
            late_actions=Count("actions", filter=open_actions & Q(actions__due_on__lt=today)),
        )
        .order_by("-meets_on")[:5]
    )
    if not conferences:
        return ""
    return panels.render_template("conferences/_child_conferences.html", {"conferences": conferences}, request)


@panels.register("nav", order=75)
def nav_conferences(request) -> str:
    if not (access.is_staff(request.user) or access.is_partner(request.user)):
        return ""
    return panels.nav_link("conference_list", _("Case conferences"), more=True)


@panels.register("nav", order=76)
def nav_agency(request) -> str:
    if not access.is_partner(request.user):
        return ""
    return panels.nav_link("agency_tasks", _("Our tasks"))
