"""The follow-up schedule's figures for the dashboards (core.indicators): open files by risk tier,
visits due and overdue. Read from the follow-up rows as the nightly recomputation and each visit
leave them (followup.services), for the whole county at once."""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core import indicators
from core.scope import code_range

from .models import FollowUp, Tier

SCHEDULE = _("follow-up schedule (tiers and due dates from the county's risk policy)")
ON_THE_DAY = _("on the day")

for _order, (_tier, _label) in enumerate(
    [
        (Tier.RED, _("Red tier")),
        (Tier.YELLOW, _("Yellow tier")),
        (Tier.BLUE, _("Blue tier")),
        (Tier.GREEN, _("Green tier")),
    ],
    start=130,
):
    indicators.define(
        f"files_{_tier.value}",
        _label,
        group="registry",
        counts=_("Open files whose risk tier (computed, or set by hand by the township or county) is this one."),
        period=ON_THE_DAY,
        source=SCHEDULE,
        of="files_open",
        order=_order,
    )
indicators.define(
    "visits_due",
    _("Visits due"),
    group="visits",
    counts=_("Children whose next visit falls due on or before the day (overdue ones included)."),
    period=ON_THE_DAY,
    source=SCHEDULE,
    of="files_open",
    public=True,
    order=200,
)
indicators.define(
    "visits_overdue",
    _("Visits overdue"),
    group="visits",
    counts=_("Children whose next visit fell due before the day and who have not been visited since."),
    period=ON_THE_DAY,
    source=SCHEDULE,
    of="files_open",
    order=201,
)
indicators.define(
    "visits_overdue_red",
    _("Red children overdue"),
    group="visits",
    counts=_("Children in the red tier whose next visit fell due before the day."),
    period=ON_THE_DAY,
    source=SCHEDULE,
    of="files_red",
    order=202,
)


@indicators.source(
    "files_red", "files_yellow", "files_blue", "files_green", "visits_due", "visits_overdue", "visits_overdue_red"
)
def schedule_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    rows = (
        FollowUp.objects.filter(village_id__range=code_range(county_code))
        .values("village_id")
        .annotate(
            **{f"files_{t.value}": Count("pk", filter=Q(tier=t)) for t in Tier},
            visits_due=Count("pk", filter=Q(due_on__lte=day)),
            visits_overdue=Count("pk", filter=Q(due_on__lt=day)),
            visits_overdue_red=Count("pk", filter=Q(due_on__lt=day, tier=Tier.RED)),
        )
        .order_by()
    )
    return {r.pop("village_id"): r for r in rows}
