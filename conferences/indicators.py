"""Case conferences' figures for the dashboards (core.indicators): conferences held in the last
year, agency actions open and late on the day, and actions completed on time in the last year."""

from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range

from .models import AgencyAction, Conference

SOURCE = _("case conferences: minutes and agency actions")

indicators.define(
    "conferences_held_365d",
    _("Case conferences held"),
    group="protection",
    counts=_("Case conferences whose minutes were recorded, on children of the area"),
    period=_("in the 365 days before the day"),
    source=SOURCE,
    order=460,
)
indicators.define(
    "conference_actions_open",
    _("Agency actions open"),
    group="protection",
    counts=_("Actions given to agencies by case conferences and not yet done"),
    period=_("on the day"),
    source=SOURCE,
    order=461,
)
indicators.define(
    "conference_actions_late",
    _("Agency actions late"),
    group="protection",
    counts=_("Open agency actions past their due date"),
    period=_("on the day"),
    source=SOURCE,
    of="conference_actions_open",
    order=462,
)
indicators.define(
    "conference_actions_done_365d",
    _("Agency actions done"),
    group="protection",
    counts=_("Agency actions completed"),
    period=_("in the 365 days before the day"),
    source=SOURCE,
    order=463,
)
indicators.define(
    "conference_actions_on_time_365d",
    _("Agency actions done on time"),
    group="protection",
    counts=_("Agency actions completed on or before their due date"),
    period=_("in the 365 days before the day"),
    source=SOURCE,
    of="conference_actions_done_365d",
    order=464,
)


@indicators.source(
    "conferences_held_365d",
    "conference_actions_open",
    "conference_actions_late",
    "conference_actions_done_365d",
    "conference_actions_on_time_365d",
)
def conference_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    area = {"village_id__range": code_range(county_code)}
    year_ago = day - timedelta(days=365)
    out: dict[str, dict[str, int]] = {}
    held = (
        Conference.objects.filter(**area, meets_on__gt=year_ago, meets_on__lte=day)
        .exclude(status=Conference.Status.PLANNED)
        .values("village_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in held:
        out.setdefault(row["village_id"], {})["conferences_held_365d"] = row["n"]
    created = Q(created_at__date__lte=day)
    open_on_day = created & (Q(status=AgencyAction.Status.OPEN) | Q(done_on__gt=day))
    done = Q(status=AgencyAction.Status.DONE, done_on__gt=year_ago, done_on__lte=day)
    rows = (
        AgencyAction.objects.filter(conference__village_id__range=code_range(county_code))
        .values("conference__village_id")
        .annotate(
            open=Count("pk", filter=open_on_day),
            late=Count("pk", filter=open_on_day & Q(due_on__lt=day)),
            done=Count("pk", filter=done),
            on_time=Count("pk", filter=done & Q(done_on__lte=F("due_on"))),
        )
        .order_by()
    )
    for r in rows:
        figures = out.setdefault(r["conference__village_id"], {})
        figures["conference_actions_open"] = r["open"]
        figures["conference_actions_late"] = r["late"]
        figures["conference_actions_done_365d"] = r["done"]
        figures["conference_actions_on_time_365d"] = r["on_time"]
    return out
