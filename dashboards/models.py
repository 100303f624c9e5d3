"""The daily snapshot: each indicator's value per area and day (core.indicators).

One row per (day, area, indicator). Villages are computed by the sources; townships, counties,
prefectures, provinces and the country ("" as area) are the sums of their villages, stored too so
that a province's or the national dashboard reads a few hundred rows, never millions. Counts only
(core.indicators explains why); shares and medians are derived when shown.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    day = models.DateField(_("day"))
    # A division code (2 to 12 digits), or "" for the whole country. Not a foreign key: the
    # national and provincial views may hold simulated areas' figures (bench, demo).
    area = models.CharField(_("area"), max_length=12)
    level = models.PositiveSmallIntegerField(_("level"))  # 0 country, 1 province … 5 village
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")
        constraints = [models.UniqueConstraint(fields=["day", "area", "indicator"], name="figure_once_per_day")]
        indexes = [models.Index(fields=["indicator", "level", "day"], name="figure_by_level")]

    def __str__(self) -> str:
        return f"{self.day} {self.area or '-'} {self.indicator}={self.value}"
