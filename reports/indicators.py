"""Mandatory reports' figures for the dashboards (core.indicators): reports open, filed, answered,
answered in time and late, with the days each waited for feedback (MPL Art. 11: the receiving body
answers the reporter)."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.indicators import DAY_BANDS, LAST_30_DAYS, day_band
from core.scope import code_range

from .models import MandatoryReport

S = MandatoryReport.Status
PENDING = [S.FILED, S.ACKNOWLEDGED, S.ACTIONED]  # waiting for the receiving body's feedback
REPORTS = _("mandatory reports filed in Shouhu (强制报告)")


def _define(code, label, counts, period, **kwargs):
    indicators.define(code, label, group="protection", counts=counts, period=period, source=REPORTS, **kwargs)


_define(
    "reports_open",
    _("Reports open"),
    _("Mandatory reports on children of the area not yet closed, whatever their step."),
    _("on the day"),
    order=300,
)
_define(
    "reports_opened_30d",
    _("Reports filed"),
    _("Mandatory reports filed (the time of reporting to the police or another receiving body)."),
    LAST_30_DAYS,
    order=301,
)
_define(
    "reports_opened_365d",
    _("Reports filed in 12 months"),
    _("Mandatory reports filed (the time of reporting to the police or another receiving body)."),
    _("in the 365 days before the day"),
    order=302,
)
_define(
    "reports_feedback_overdue",
    _("Report feedback overdue"),
    _("Reports still waiting for the receiving body's feedback after the date it was due."),
    _("on the day"),
    of="reports_open",
    order=303,
)
_define(
    "reports_answered_30d",
    _("Reports answered"),
    _("Reports whose feedback from the receiving body was recorded in the period."),
    LAST_30_DAYS,
    public=True,
    order=304,
)
_define(
    "reports_answered_in_time_30d",
    _("Reports answered in time"),
    _("Of the reports answered, those whose feedback came on or before the date it was due."),
    LAST_30_DAYS,
    of="reports_answered_30d",
    public=True,
    order=305,
)
for _order, (_code, _label, _lo, _hi) in enumerate(DAY_BANDS, start=306):
    _define(
        f"reports_days_{_code}",
        _label,
        _("Of the reports answered, those whose feedback came this many days after filing (for the median wait)."),
        LAST_30_DAYS,
        of="reports_answered_30d",
        order=_order,
    )


@indicators.source(
    "reports_open",
    "reports_opened_30d",
    "reports_opened_365d",
    "reports_feedback_overdue",
    "reports_answered_30d",
    "reports_answered_in_time_30d",
    *(f"reports_days_{code}" for code, *_rest in DAY_BANDS),
)
def report_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    end = indicators.moment(day)
    reports = MandatoryReport.objects.filter(child__village__code__range=code_range(county_code), reported_at__lte=end)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in (
        reports.values("child__village_id")
        .annotate(
            reports_open=Count("pk", filter=~Q(status=S.CLOSED)),
            reports_opened_30d=Count("pk", filter=Q(reported_at__gt=end - timedelta(days=30))),
            reports_opened_365d=Count("pk", filter=Q(reported_at__gte=end - timedelta(days=365))),
            reports_feedback_overdue=Count("pk", filter=Q(status__in=PENDING, feedback_due_on__lt=day)),
        )
        .order_by()
    ):
        out[r.pop("child__village_id")].update(r)
    answered = reports.filter(
        feedback_received_on__gt=day - timedelta(days=30), feedback_received_on__lte=day
    ).values_list("child__village_id", "reported_at", "feedback_received_on", "feedback_due_on")
    for village, reported_at, received, due in answered:
        figures = out[village]
        days = (received - timezone.localtime(reported_at).date()).days
        for code in ("reports_answered_30d", f"reports_days_{day_band(max(days, 0))}"):
            figures[code] = figures.get(code, 0) + 1
        if received <= due:
            figures["reports_answered_in_time_30d"] = figures.get("reports_answered_in_time_30d", 0) + 1
    return dict(out)
