"""Reports on the child's profile: "File a mandatory report", urgent when a report trigger matches.

The triggers are the law's (risk.legal): urgent whatever tier the county's policy or an override gives."""

from django.utils.translation import gettext as _

from core import panels
from core.scope import in_scope
from followup.access import followup_of

from .access import can_file


@panels.register("child_profile", order=20)
def report_now(request, child) -> str:
    user = request.user
    if not (in_scope(user, child.village_id) and can_file(user, child)):
        return ""
    fu = followup_of(user, child)
    return panels.render_template(
        "reports/_child_report_now.html",
        {"child": child, "urgent": fu is not None and bool(fu.triggers)},
        request,
    )


@panels.register("nav", order=70)
def nav_reports(request) -> str:
    return panels.nav_link("reports_list", _("Reports"), more=True)
