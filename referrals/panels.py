"""Referrals' button on the child's profile."""

from core import panels
from core.scope import in_scope


@panels.register("child_actions", order=30)
def child_actions(request, child) -> str:
    """The child's referrals, for whoever sees the child (partner staff reach referrals from their list)."""
    if not in_scope(request.user, child.village_id):
        return ""
    return panels.render_template("referrals/_child_actions.html", {"child": child}, request)
