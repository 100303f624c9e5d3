"""Growth findings for the dashboards (core.indicators): prevalence of stunting, wasting and
overweight among the children measured in the last year, from each child's latest measurement,
by the WHO bands (WHO Child Growth Standards 2006 under 5, WHO Reference 2007 from 5 to 19).

The z-scores are those stored with each measurement (growth.score_one); a z-score outside WHO's
plausible range (HAZ beyond ±6, WHZ and BAZ beyond ±5) counts in no finding."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from children.choices import Status
from core import indicators
from core.scope import code_range

from .models import Measurement

MEASURED = _("measurements recorded by CWDs, schools and clinics (WHO growth standards)")
LAST_YEAR = _("latest measurement in the 365 days up to and including the day")
HAZ_OK = Q(haz__gte=-6, haz__lte=6)
WHZ_OK = Q(whz__gte=-5, whz__lte=5)
BAZ_OK = Q(baz__gte=-5, baz__lte=5)
FINDINGS = {
    "growth_stunted": HAZ_OK & Q(haz__lt=-2),
    "growth_severely_stunted": HAZ_OK & Q(haz__lt=-3),
    "growth_wasted": WHZ_OK & Q(whz__lt=-2),
    "growth_severely_wasted": WHZ_OK & Q(whz__lt=-3),
    # Under 5 by weight-for-height; from 5 years (no WHZ) by BMI-for-age, obesity included.
    "growth_overweight": (WHZ_OK & Q(whz__gt=2)) | (Q(whz__isnull=True) & BAZ_OK & Q(baz__gt=1)),
}

indicators.define(
    "growth_measured_365d",
    _("Children measured"),
    group="growth",
    counts=_("Children with an open file and at least one measurement (not voided) in the period."),
    period=LAST_YEAR,
    source=MEASURED,
    of="files_open",
    order=600,
)
for _order, (_code, _label, _counts) in enumerate(
    [
        (
            "growth_stunted",
            _("Stunted"),
            _("Children measured whose height-for-age is below −2 SD (severe stunting included)."),
        ),
        ("growth_severely_stunted", _("Severely stunted"), _("Children measured whose height-for-age is below −3 SD.")),
        (
            "growth_wasted",
            _("Wasted"),
            _("Children measured whose weight-for-height is below −2 SD (severe wasting included; under 5 only)."),
        ),
        (
            "growth_severely_wasted",
            _("Severely wasted"),
            _("Children measured whose weight-for-height is below −3 SD (under 5 only)."),
        ),
        (
            "growth_overweight",
            _("Overweight"),
            _(
                "Children measured above +2 SD weight-for-height under 5, or above +1 SD BMI-for-age"
                " from 5 years (obesity included)."
            ),
        ),
    ],
    start=601,
):
    indicators.define(
        _code,
        _label,
        group="growth",
        counts=_counts,
        period=LAST_YEAR,
        source=MEASURED,
        of="growth_measured_365d",
        order=_order,
    )


@indicators.source("growth_measured_365d", *FINDINGS)
def growth_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    valid = Measurement.objects.filter(voided_reason="", measured_on__lte=day)
    later = valid.filter(child_id=OuterRef("child_id")).filter(
        Q(measured_on__gt=OuterRef("measured_on")) | Q(measured_on=OuterRef("measured_on"), pk__gt=OuterRef("pk"))
    )
    rows = (
        valid.filter(
            child__village__code__range=code_range(county_code),
            child__status__in=[Status.REGISTERED, Status.CONFIRMED, Status.ACTIVE],
            measured_on__gt=day - timedelta(days=365),
        )
        .filter(~Exists(later))
        .values("child__village_id")
        .annotate(growth_measured_365d=Count("pk"), **{code: Count("pk", filter=q) for code, q in FINDINGS.items()})
        .order_by()
    )
    return {r.pop("child__village_id"): r for r in rows}
