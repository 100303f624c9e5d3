"""Measurements on the child's profile: the "Growth" button and the latest measurement's findings."""

from django.utils.translation import gettext as _

from accounts.models import User
from children.access import can_edit
from core import panels
from core.scope import in_scope

from .referral import growth_referral
from .texts import describe


@panels.register("child_actions", order=60)
def child_actions(request, child) -> str:
    if not in_scope(request.user, child.village_id):
        return ""
    return panels.render_template("measurements/_child_actions.html", {"child": child}, request)


@panels.register("child_facts", order=10)
def latest_measurement(request, child) -> str:
    if not in_scope(request.user, child.village_id):
        return ""
    latest = child.measurements.filter(voided_reason="").first()
    if latest is None:
        return ""
    return panels.render_template(
        "measurements/_child_latest.html",
        {
            "child": child,
            "latest_measurement": latest,
            "latest_findings": describe(latest.findings),
            "referral": growth_referral(latest) if can_edit(request.user, child) else None,
        },
        request,
    )


@panels.register("nav", order=90)
def nav_growth_sheet(request) -> str:
    if request.user.role == User.Role.PARTNER:
        return ""
    return panels.nav_link("score_sheet", _("Growth sheet"), more=True)
