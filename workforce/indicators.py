"""The workforce's figures on the dashboards (core.indicators): CWDs in service, villages without
one, caseloads above the county's norm, and turnover. Per village: a CWD counts in each village
they serve as director or deputy; over-norm and turnover count at the CWD's own village."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range

from .models import Assignment, Worker
from .queries import caseloads, county_villages, serving

G = "workforce"
SOURCE = _("workforce registry")

indicators.define(
    "cwds_active",
    _("CWDs in service"),
    group=G,
    counts=_("Child Welfare Directors (and deputies) serving the village, in service on the day"),
    period=_("on the day"),
    source=SOURCE,
    order=900,
)
indicators.define(
    "cwds_vacant_villages",
    _("Villages without a CWD"),
    group=G,
    counts=_(
        "Villages with no Child Welfare Director in service on the day (a supervisor's interim cover counts as none)"
    ),
    period=_("on the day"),
    source=SOURCE,
    order=901,
)
indicators.define(
    "cwds_over_norm",
    _("CWDs above the caseload norm"),
    group=G,
    counts=_("CWDs whose open files or estimated monthly hours exceed their county's norm"),
    period=_("on the day"),
    source=_("workforce registry, registry files and follow-up schedule"),
    of="cwds_active",
    order=902,
)
indicators.define(
    "cwds_left_365d",
    _("CWDs who left in the past year"),
    group=G,
    counts=_("Child Welfare Directors whose service ended (handover, leaving or end of term)"),
    period=_("in the 365 days up to the day"),
    source=SOURCE,
    of="cwds_active",
    order=903,
)


@indicators.source("cwds_active", "cwds_vacant_villages", "cwds_over_norm", "cwds_left_365d")
def workforce_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    villages = county_villages(county_code)
    out: dict[str, dict[str, int]] = {v: {} for v in villages}
    for village, rows in serving(villages, day).items():
        directors = {a.worker_id for a in rows if a.kind != Assignment.Kind.INTERIM}
        out[village]["cwds_active"] = len(directors)
        out[village]["cwds_vacant_villages"] = 0 if directors else 1
    workers = Worker.objects.filter(role=Worker.Role.CWD, division__pk__range=code_range(county_code))
    in_service = [w for w in workers if w.active_on(day)]
    for load in caseloads(in_service, day):
        if load.villages and load.over_norm:
            row = out.setdefault(load.worker.division_id, {})
            row["cwds_over_norm"] = row.get("cwds_over_norm", 0) + 1
    for w in workers:
        if w.left_on and day - timedelta(days=364) <= w.left_on <= day:
            row = out.setdefault(w.division_id, {})
            row["cwds_left_365d"] = row.get("cwds_left_365d", 0) + 1
    return out
