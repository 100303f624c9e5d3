"""Referrals' figures for the dashboards (core.indicators): referrals open, sent, answered, answered
within the urgency's deadline and not answered in time, with the days each waited for an answer."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.indicators import DAY_BANDS, LAST_30_DAYS, day_band
from core.scope import code_range

from .models import Referral

S = Referral.Status
REFERRALS = _("referrals sent from Shouhu to service organisations (转介)")


def _define(code, label, counts, period, **kwargs):
    indicators.define(code, label, group="protection", counts=counts, period=period, source=REFERRALS, **kwargs)


_define(
    "referrals_open",
    _("Referrals open"),
    _("Referrals sent, accepted or in progress: the organisation has not finished, declined or closed them."),
    _("on the day"),
    order=320,
)
_define(
    "referrals_opened_30d",
    _("Referrals sent"),
    _("Referrals sent to an organisation."),
    LAST_30_DAYS,
    order=321,
)
_define(
    "referrals_overdue",
    _("Referrals not answered in time"),
    _(
        "Referrals still waiting for the organisation's first answer after the deadline of their urgency"
        " (24 hours, 3 or 10 days)."
    ),
    _("on the day"),
    of="referrals_open",
    order=322,
)
_define(
    "referrals_answered_30d",
    _("Referrals answered"),
    _("Referrals whose organisation first answered (accepted, declined or started work) in the period."),
    LAST_30_DAYS,
    order=323,
)
_define(
    "referrals_answered_in_time_30d",
    _("Referrals answered in time"),
    _("Of the referrals answered, those first answered before the deadline of their urgency."),
    LAST_30_DAYS,
    of="referrals_answered_30d",
    order=324,
)
for _order, (_code, _label, _lo, _hi) in enumerate(DAY_BANDS, start=325):
    _define(
        f"referrals_days_{_code}",
        _label,
        _("Of the referrals answered, those first answered this many days after they were sent (for the median wait)."),
        LAST_30_DAYS,
        of="referrals_answered_30d",
        order=_order,
    )


@indicators.source(
    "referrals_open",
    "referrals_opened_30d",
    "referrals_overdue",
    "referrals_answered_30d",
    "referrals_answered_in_time_30d",
    *(f"referrals_days_{code}" for code, *_rest in DAY_BANDS),
)
def referral_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    end = indicators.moment(day)
    referrals = Referral.objects.filter(village_id__range=code_range(county_code), created_at__lte=end)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in (
        referrals.values("village_id")
        .annotate(
            referrals_open=Count("pk", filter=Q(status__in=Referral.OPEN)),
            referrals_opened_30d=Count("pk", filter=Q(created_at__gt=end - timedelta(days=30))),
            referrals_overdue=Count("pk", filter=Q(status=S.SENT, respond_by__lt=end)),
        )
        .order_by()
    ):
        out[r.pop("village_id")].update(r)
    answered = (
        referrals.annotate(answered_at=Min("events__at", filter=~Q(events__status=S.SENT)))
        .filter(answered_at__gt=end - timedelta(days=30), answered_at__lte=end)
        .values_list("village_id", "created_at", "answered_at", "respond_by")
    )
    for village, sent_at, answered_at, respond_by in answered:
        figures = out[village]
        days = (answered_at - sent_at).days
        for code in ("referrals_answered_30d", f"referrals_days_{day_band(max(days, 0))}"):
            figures[code] = figures.get(code, 0) + 1
        if answered_at <= respond_by:
            figures["referrals_answered_in_time_30d"] = figures.get("referrals_answered_in_time_30d", 0) + 1
    return dict(out)
