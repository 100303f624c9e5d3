"""Follow-up's part of the child's profile: the risk card, the tier override form and the tier history."""

from datetime import timedelta

from django.utils import timezone

from core import panels

from . import access
from .forms import OverrideForm

HISTORY_SHOWN = 20  # the latest changes; the total says how many there are


@panels.register("child_profile", order=10)
def risk_card(request, child) -> str:
    user = request.user
    fu = access.followup_of(user, child)
    if fu is None:
        return ""
    today = timezone.localdate()
    return panels.render_template(
        "followup/_risk_card.html",
        {
            "fu": fu,
            "child": child,
            "override": child.tier_overrides.filter(ended_at__isnull=True, expires_on__gte=today)
            .select_related("by")
            .first(),
            "can_override": access.can_override(user, child),
            "override_form": OverrideForm(initial={"expires_on": today + timedelta(days=30)}),
            "history": child.tier_history.all()[:HISTORY_SHOWN],
            "history_count": child.tier_history.count(),
        },
        request,
    )
