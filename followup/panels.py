"""Follow-up's part of the child's profile: the risk card, the tier override form and the tier history."""

from datetime import timedelta

from django.utils import timezone

from core import panels
from core.scope import in_scope

from . import access
from .forms import OverrideForm
from .models import FollowUp, TierHistory, TierOverride


def child_followup(user, child) -> FollowUp | None:
    """The child's follow-up row if the user may see it, else None.

    The rule is followups_for's (the row's copy of the village within the user's reach), checked on
    the child's village, which the row copies. Read through the child's reverse accessor so that the
    panels of one profile (risk card, report link, case plan) share one query."""
    if not in_scope(user, child.village_id):
        return None
    return getattr(child, "followup", None)  # RelatedObjectDoesNotExist is an AttributeError


@panels.register("child_profile", order=10)
def risk_card(request, child) -> str:
    user = request.user
    fu = child_followup(user, child)
    if fu is None:
        return ""
    today = timezone.localdate()
    return panels.render_template("followup/_risk_card.html", {
        "fu": fu,
        "child": child,
        "override": TierOverride.objects.filter(child=child, ended_at__isnull=True, expires_on__gte=today)
        .select_related("by").first(),
        "can_override": access.can_override(user, child),
        "override_form": OverrideForm(initial={"expires_on": today + timedelta(days=30)}),
        "history": TierHistory.objects.filter(child=child)[:20],
    }, request)
