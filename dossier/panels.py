"""The print links: on the child's profile, and on the roster for a village's batch."""

from core import panels
from core.scope import in_scope
from geo.models import Division

from . import access

VILLAGE_CODE_LENGTH = 12


@panels.register("child_actions", order=80)
def child_actions(request, child) -> str:
    """ "Print file": whoever sees the profile may print it (the page checked access_child)."""
    if not in_scope(request.user, child.village_id):
        return ""
    return panels.render_template("dossier/_child_actions.html", {"child": child}, request)


@panels.register("roster_actions", order=10)
def roster_actions(request, scope=None) -> str:
    """ "Print the village's files": the roster's village (the user's own, or the one the area
    filter picked), else a link to choose one."""
    user = request.user
    if not access.can_print_batches(user):
        return ""
    if scope is not None and scope.level == Division.Level.VILLAGE:
        village = scope.code
    else:
        area = request.GET.get("area", "")
        village = area if len(area) == VILLAGE_CODE_LENGTH and in_scope(user, area) else ""
    return panels.render_template("dossier/_roster_actions.html", {"village": village}, request)
