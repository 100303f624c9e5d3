"""The follow-up page's own figure (core.indicators): red children nobody has acted on. It joins
the schedule, reports and referrals, so it lives here, above those apps."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range
from followup.models import FollowUp, Tier
from referrals.queries import has_open_referral
from reports.queries import has_open_report

indicators.define(
    "red_unattended",
    _("Red children nobody has acted on"),
    group="protection",
    counts=_("Children in the red tier with neither an open mandatory report nor an open referral: they need one now."),
    period=_("on the day"),
    source=_("follow-up schedule, mandatory reports and referrals"),
    of="files_red",
    order=340,
)


@indicators.source("red_unattended")
def unattended_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    rows = (
        FollowUp.objects.filter(village_id__range=code_range(county_code), tier=Tier.RED)
        .filter(~has_open_referral(), ~has_open_report())
        .values("village_id")
        .annotate(red_unattended=Count("pk"))
        .order_by()
    )
    return {r.pop("village_id"): r for r in rows}
