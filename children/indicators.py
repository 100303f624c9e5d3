"""The registry's figures for the dashboards (core.indicators): files by category and status.

"Left-behind" here is always the MCA ledger's definition (the category recorded on the file):
under 16, rural hukou, both parents away, or one away and the other unable to care (国发〔2016〕13号,
DOMAIN.md §1.1). Census estimates (61–69 million: ages 0–17, one or both parents away for 6
months, urban children too) count a different population and must never be compared with it.
"""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core import indicators
from geo.models import code_range

from .access import children_for_jobs
from .choices import Category, Status
from .models import CATEGORY_FIELD

REGISTRY = _("child registry (the files of the county's villages)")
ON_THE_DAY = _("on the day")
OPEN = [Status.REGISTERED, Status.CONFIRMED, Status.ACTIVE]
DIFFICULTY = [Category.DIFFICULTY_ECONOMIC, Category.DIFFICULTY_DISABILITY, Category.DIFFICULTY_GUARDIANSHIP]


def _define(code, label, counts, *, public=False, order=100):
    indicators.define(
        code, label, group="registry", counts=counts, period=ON_THE_DAY, source=REGISTRY, public=public, order=order
    )


_define(
    "files_open",
    _("Open files"),
    _("Children with an open file (registered, confirmed or active), whatever their category."),
    public=True,
    order=100,
)
_define(
    "files_left_behind",
    _("Left-behind children (MCA ledger)"),
    _(
        "Open files of rural left-behind children by the MCA ledger's definition: under 16, rural hukou, both"
        " parents working away, or one away and the other unable to care. Not the census estimate (61–69"
        " million: ages 0–17, one or both parents away for 6 months, urban children too)."
    ),
    public=True,
    order=101,
)
_define(
    "files_in_difficulty",
    _("Children in difficulty"),
    _(
        "Open files of children in difficulty for any of the three causes (economic hardship, own disability"
        " or serious illness, lack of guardianship), each child counted once."
    ),
    public=True,
    order=102,
)
for _order, _cat in enumerate(Category, start=103):
    _define(
        f"files_cat_{_cat.value}",
        _cat.label,
        _("Open files that carry this category; a child with several categories counts in each."),
        order=_order,
    )
_define(
    "files_waiting",
    _("Files waiting"),
    _("Files registered by the village or confirmed by the township but not yet active: nobody has approved them."),
    order=120,
)
for _order, (_status, _label) in enumerate(
    [
        (Status.REGISTERED, _("Files registered, not yet confirmed")),
        (Status.CONFIRMED, _("Files confirmed, not yet active")),
        (Status.ACTIVE, _("Active files")),
        (Status.CLOSED, _("Closed files")),
    ],
    start=121,
):
    _define(
        f"files_{_status.value}",
        _label,
        _("Files in this status; closed files stay counted for statistics (MPL Art. 13)."),
        order=_order,
    )


@indicators.source(
    "files_open",
    "files_left_behind",
    "files_in_difficulty",
    "files_waiting",
    *(f"files_cat_{cat.value}" for cat in Category),
    *(f"files_{s.value}" for s in Status),
)
def registry_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    is_open = Q(status__in=OPEN)
    aggregates = {
        "files_open": Count("pk", filter=is_open),
        "files_left_behind": Count("pk", filter=is_open & Q(cat_rural_left_behind=True)),
        "files_in_difficulty": Count(
            "pk",
            filter=is_open
            & (
                Q(cat_difficulty_economic=True)
                | Q(cat_difficulty_disability=True)
                | Q(cat_difficulty_guardianship=True)
            ),
        ),
        "files_waiting": Count("pk", filter=Q(status__in=[Status.REGISTERED, Status.CONFIRMED])),
    }
    aggregates |= {
        f"files_cat_{cat.value}": Count("pk", filter=is_open & Q(**{field: True}))
        for cat, field in CATEGORY_FIELD.items()
    }
    aggregates |= {f"files_{s.value}": Count("pk", filter=Q(status=s)) for s in Status}
    rows = (
        children_for_jobs()
        .filter(village__code__range=code_range(county_code), registered_at__lt=indicators.end_of(day))
        .values("village_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {r.pop("village_id"): r for r in rows}
