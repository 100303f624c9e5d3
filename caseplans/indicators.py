"""Case plans' figures for the dashboards (core.indicators): plans open and their overdue actions."""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range

from .models import Action, CasePlan

PLANS = _("case plans (个案服务计划) and their actions")
ON_THE_DAY = _("on the day")

indicators.define(
    "caseplans_open",
    _("Case plans open"),
    group="caseplans",
    counts=_(
        "Case plans not closed (draft, awaiting approval, approved or returned for changes), one per child at most."
    ),
    period=ON_THE_DAY,
    source=PLANS,
    order=400,
)
indicators.define(
    "caseplan_actions_overdue",
    _("Case plan actions overdue"),
    group="caseplans",
    counts=_("Open actions of open case plans whose due date is before the day."),
    period=ON_THE_DAY,
    source=PLANS,
    order=401,
)


@indicators.source("caseplans_open", "caseplan_actions_overdue")
def caseplan_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    plans = CasePlan.objects.filter(village_id__range=code_range(county_code)).exclude(status=CasePlan.Status.CLOSED)
    for r in plans.values("village_id").annotate(caseplans_open=Count("pk")).order_by():
        out.setdefault(r["village_id"], {})["caseplans_open"] = r["caseplans_open"]
    actions = Action.objects.filter(
        Q(plan__village_id__range=code_range(county_code)),
        ~Q(plan__status=CasePlan.Status.CLOSED),
        status=Action.Status.OPEN,
        due_on__lt=day,
    )
    for r in actions.values("plan__village_id").annotate(n=Count("pk")).order_by():
        out.setdefault(r["plan__village_id"], {})["caseplan_actions_overdue"] = r["n"]
    return out
