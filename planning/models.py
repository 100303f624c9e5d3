"""A county's coverage-planning assumptions (the defaults are the row of area "")."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versioning import Versioned

from .calc import Assumptions
from .defaults import DEFAULTS

# (field, label, unit, lowest, highest): the bounds keep a slip of the keyboard (0 hours a month,
# a 5-digit minute count) from producing a plan that divides by zero or means nothing.
FIELDS = [
    ("minutes_red", _("Minutes per visit: red"), _("minutes"), 1, 600),
    ("minutes_yellow", _("Minutes per visit: yellow"), _("minutes"), 1, 600),
    ("minutes_blue", _("Minutes per visit: blue"), _("minutes"), 1, 600),
    ("minutes_green", _("Minutes per visit: green"), _("minutes"), 1, 600),
    ("travel_minutes", _("Travel per village per month"), _("minutes"), 0, 6000),
    ("cwd_hours", _("Hours a CWD has for this work per month"), _("hours"), 1, 744),
    ("villages_per_supervisor", _("Villages one supervisor can cover"), _("villages"), 1, 200),
    ("supervision_hours", _("Supervision per village per month"), _("hours"), 0, 200),
    ("supervisor_hours", _("Hours a supervisor has for this work per month"), _("hours"), 1, 744),
    ("target_percent", _("Target: children visited on time"), "%", 1, 100),
    ("cwd_stipend", _("Monthly stipend of a CWD"), _("yuan"), 0, 100000),
    ("supervisor_stipend", _("Monthly stipend of a supervisor"), _("yuan"), 0, 100000),
]
TRAVEL_MAX = 6000


def _field(name, label, low, high):
    return models.PositiveIntegerField(
        label, default=getattr(DEFAULTS, name), validators=[MinValueValidator(low), MaxValueValidator(high)]
    )


class PlanningAssumptions(Versioned):
    """One county's assumptions (area = the county's code), or the defaults (area "").

    A county without a row uses the defaults' row, and without that planning.defaults.DEFAULTS.
    """

    area = models.CharField(_("county"), max_length=6, unique=True, blank=True)
    minutes_red = _field("minutes_red", FIELDS[0][1], 1, 600)
    minutes_yellow = _field("minutes_yellow", FIELDS[1][1], 1, 600)
    minutes_blue = _field("minutes_blue", FIELDS[2][1], 1, 600)
    minutes_green = _field("minutes_green", FIELDS[3][1], 1, 600)
    travel_minutes = _field("travel_minutes", FIELDS[4][1], 0, 6000)
    cwd_hours = _field("cwd_hours", FIELDS[5][1], 1, 744)
    villages_per_supervisor = _field("villages_per_supervisor", FIELDS[6][1], 1, 200)
    supervision_hours = _field("supervision_hours", FIELDS[7][1], 0, 200)
    supervisor_hours = _field("supervisor_hours", FIELDS[8][1], 1, 744)
    target_percent = _field("target_percent", FIELDS[9][1], 1, 100)
    cwd_stipend = _field("cwd_stipend", FIELDS[10][1], 0, 100000)
    supervisor_stipend = _field("supervisor_stipend", FIELDS[11][1], 0, 100000)
    # {village code: travel minutes per month} for villages that differ from travel_minutes.
    travel_overrides = models.JSONField(_("travel per village"), default=dict, blank=True)
    note = models.CharField(_("source or note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planning assumptions")
        verbose_name_plural = _("planning assumptions")
        constraints = [
            models.CheckConstraint(condition=models.Q(area__regex=r"^([0-9]{6})?$"), name="planning_area_is_a_county"),
            models.CheckConstraint(
                condition=models.Q(target_percent__range=(1, 100)), name="planning_target_percent_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(cwd_hours__gte=1, supervisor_hours__gte=1, villages_per_supervisor__gte=1),
                name="planning_no_division_by_zero",
            ),
        ]

    def __str__(self) -> str:
        return self.area or "defaults"

    def as_assumptions(self) -> Assumptions:
        values = {name: getattr(self, name) for name in Assumptions.scalar_names()}
        return Assumptions(**values, travel_overrides=dict(self.travel_overrides or {}))
