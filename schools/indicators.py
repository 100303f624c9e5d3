"""Schools' figures for the dashboards (core.indicators): pupils absent without leave, dropouts not
back at school, and rows of school sheets that matched no file (children the registry may miss).

Unmatched rows belong to the school's area, usually a township, not to a village: this source
returns them under the school's division code and the snapshot counts them in that area and
every area above it, never in one village."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from children.access import children_for_jobs
from children.choices import SchoolingStatus, Status
from core import indicators
from core.scope import code_range

from .models import Absence, Dropout, UnmatchedRow

SHEETS = _("attendance and dropout sheets uploaded by schools")
OPEN = [Status.REGISTERED, Status.CONFIRMED, Status.ACTIVE]

indicators.define(
    "school_absent_30d",
    _("Pupils absent without leave"),
    group="schools",
    counts=_("Children with an open file and at least one unexcused school absence in the period."),
    period=_("in the 30 days up to and including the day"),
    source=SHEETS,
    of="files_open",
    order=500,
)
indicators.define(
    "school_dropouts_open",
    _("Dropouts not back at school"),
    group="schools",
    counts=_(
        "Children with an open file whom a school reported as having left school and whose file still records"
        " them as dropped out."
    ),
    period=_("on the day"),
    source=SHEETS,
    of="files_open",
    order=501,
)
indicators.define(
    "pupils_unmatched",
    _("Pupils missing from the registry"),
    group="schools",
    counts=_(
        "Rows of school sheets that matched no open file: children the registry may be missing. Counted in"
        " the school's area."
    ),
    period=_("on the day"),
    source=SHEETS,
    order=502,
)


@indicators.source("school_absent_30d", "school_dropouts_open")
def pupil_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    absent = Absence.objects.filter(
        child_id=OuterRef("pk"), excused=False, date__gt=day - timedelta(days=30), date__lte=day
    )
    dropped = Dropout.objects.filter(child_id=OuterRef("pk"), left_on__lte=day)
    rows = (
        children_for_jobs()
        .filter(village__code__range=code_range(county_code), status__in=OPEN, registered_at__lt=indicators.end_of(day))
        .annotate(absent=Exists(absent), dropped=Exists(dropped))
        .filter(Q(absent=True) | Q(dropped=True, schooling_status=SchoolingStatus.DROPPED_OUT))
        .values("village_id")
        .annotate(
            school_absent_30d=Count("pk", filter=Q(absent=True)),
            school_dropouts_open=Count("pk", filter=Q(dropped=True, schooling_status=SchoolingStatus.DROPPED_OUT)),
        )
        .order_by()
    )
    return {r.pop("village_id"): r for r in rows}


@indicators.source("pupils_unmatched")
def unmatched_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    rows = (
        UnmatchedRow.objects.filter(
            upload__school__division__code__range=code_range(county_code),
            upload__uploaded_at__lte=indicators.moment(day),
        )
        .values("upload__school__division_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["upload__school__division_id"]: {"pupils_unmatched": r["n"]} for r in rows}
