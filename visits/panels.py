"""Visits' buttons on the child's profile."""

from core import panels
from core.scope import in_scope

from .access import can_record


@panels.register("child_actions", order=10)
def child_actions(request, child) -> str:
    """ "Record a visit" for those who may, and the visit list for whoever sees the child."""
    if not in_scope(request.user, child.village_id):
        return ""
    return panels.render_template(
        "visits/_child_actions.html", {"child": child, "can_record": can_record(request.user, child)}, request
    )
