"""Training's figures for the dashboards (core.indicators): how many of a village's active Child
Welfare Directors hold every required certificate, and their learning hours this year."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import indicators
from core.scope import code_range

from . import queries
from .models import Course

indicators.define(
    "cwds_trained",
    _("Child Welfare Directors trained"),
    group="workforce",
    counts=_("Active Child Welfare Directors holding a valid certificate of every course their county requires"),
    period=_("on the day"),
    source=_("training records: certificates from sessions attended and quizzes passed"),
    of="cwds_active",
    order=910,
)
indicators.define(
    "training_hours",
    _("Learning hours of Child Welfare Directors"),
    group="workforce",
    counts=_("Learning hours of active Child Welfare Directors in the calendar year up to the day (whole hours)"),
    period=_("calendar year to the day"),
    source=_("training records: sessions attended and self-study courses passed"),
    order=920,
)


@indicators.source("cwds_trained", "training_hours")
def training_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    cwds = dict(
        User.objects.filter(
            role=User.Role.CWD, is_active=True, division__code__range=code_range(county_code)
        ).values_list("pk", "division_id")
    )
    if not cwds:
        return {}
    courses = Course.objects.filter(county__isnull=True) | Course.objects.filter(county_id=county_code)
    required = queries.required_courses(courses)
    trained = queries.trained_ids(list(cwds), required, day, lambda _wid: county_code)
    hours = queries.hours_in_year(list(cwds), day.year)
    out: dict[str, dict[str, int]] = {}
    for pk, village in cwds.items():
        row = out.setdefault(village, {"cwds_trained": 0, "training_hours": 0})
        row["cwds_trained"] += pk in trained
        row["training_hours"] += int(hours.get(pk, 0))
    return out
