"""Case conferences on other pages: "Case conference" among a child's actions (for whoever may
convene), the child's conferences on the profile, and a link in the top bar."""

from django.utils.translation import gettext as _

from core import panels

from . import access


@panels.register("child_actions", order=35)
def child_convene(request, child) -> str:
    if not access.can_convene(request.user, child.village_id) or access.council_for(child.village_id) is None:
        return ""
    return panels.render_template("conferences/_child_action.html", {"child": child}, request)


@panels.register("child_profile", order=25)
def child_conferences(request, child) -> str:
    if not access.is_staff(request.user):
        return ""
    conferences = list(access.conferences_for(request.user).filter(child=child).order_by("-meets_on")[:5])
    if not conferences:
        return ""
    return panels.render_template("conferences/_child_conferences.html", {"conferences": conferences}, request)


@panels.register("nav", order=75)
def nav_conferences(request) -> str:
    if not (access.is_staff(request.user) or access.is_partner(request.user)):
        return ""
    return panels.nav_link("conference_list", _("Case conferences"), more=True)
