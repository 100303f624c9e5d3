"""How long a county keeps the personal data of closed files, and which files were minimised."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.versioning import Versioned

# Years after closure before a file's personal data is erased. PIPL Art. 19 asks for the
# shortest period the purpose needs; a county sets its own. The lower bound keeps a slip of the
# keyboard (0) from erasing every file closed today; the upper bound keeps the rule meaningful.
DEFAULT_YEARS = 3
MIN_YEARS = 1
MAX_YEARS = 30


class RetentionPolicy(Versioned):
    """One county's retention period; a county without a row uses DEFAULT_YEARS."""

    division = models.OneToOneField(
        "geo.Division", models.CASCADE, related_name="retention_policy", verbose_name=_("county")
    )
    minimise_after_years = models.PositiveSmallIntegerField(
        _("erase personal data this many years after a file is closed"),
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    note = models.CharField(_("source or note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimise_after_years__range=(MIN_YEARS, MAX_YEARS)),
                name="retention_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.division}: {self.minimise_after_years}"


class Minimised(models.Model):
    """A file whose personal data was erased, after the closure on `closed_on`.

    A file reopened and closed again has a new closure date, so it is minimised again once
    that closure is old enough; the row then records the latest run.
    """

    child = models.OneToOneField("children.Child", models.PROTECT, related_name="minimised")
    closed_on = models.DateField(_("closed on"))
    after_years = models.PositiveSmallIntegerField(_("retention period in years"))
    minimised_at = models.DateTimeField(_("personal data erased on"), default=timezone.now)

    class Meta:
        verbose_name = _("minimised file")
        verbose_name_plural = _("minimised files")

    def __str__(self) -> str:
        return f"{self.child_id} {self.minimised_at:%Y-%m-%d}"
