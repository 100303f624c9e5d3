"""A child's anthropometry series, each measurement stored with its WHO z-scores."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField


class Measurement(models.Model):
    class Source(models.TextChoices):
        CWD = "cwd", _("Child Welfare Director")
        SCHOOL = "school", _("School health check")
        CLINIC = "clinic", _("Clinic or health centre")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True)
    length_cm = models.DecimalField(_("length or height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True)
    # WHO: under 2 years length is measured lying, from 2 years height standing; the engine
    # corrects by 0.7 cm when the other position was used. Null: not recorded.
    measured_lying = models.BooleanField(_("measured lying down"), null=True, blank=True)
    muac_mm = models.PositiveSmallIntegerField(_("mid-upper arm circumference (mm)"), null=True, blank=True)
    oedema = models.BooleanField(_("bilateral pitting oedema"), default=False)
    # WHO 2006 expanded indicators, scored up to 5 years (skinfolds from 3 months).
    head_cm = models.DecimalField(_("head circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    triceps_mm = models.DecimalField(_("triceps skinfold (mm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    subscapular_mm = models.DecimalField(
        _("subscapular skinfold (mm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("measured by"), max_length=10, choices=Source.choices, default=Source.CWD)
    note = EncryptedCharField(_("note"), max_length=255, blank=True)
    # Results of growth.score_one, stored so that lists and dashboards need no recomputation.
    age_days = models.PositiveIntegerField(null=True, editable=False)
    haz = models.FloatField(null=True, editable=False)
    waz = models.FloatField(null=True, editable=False)
    whz = models.FloatField(null=True, editable=False)
    baz = models.FloatField(null=True, editable=False)
    muacz = models.FloatField(null=True, editable=False)
    hcz = models.FloatField(null=True, editable=False)
    tsz = models.FloatField(null=True, editable=False)
    ssz = models.FloatField(null=True, editable=False)
    flagged = models.JSONField(default=list, editable=False)
    findings = models.JSONField(default=list, editable=False)
    # A measurement entered in error is voided with a reason, never deleted.
    voided_reason = models.CharField(_("voided because"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_on", "-created_at"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [
            # A child's series, newest first (profile, chart).
            models.Index(fields=["child", "-measured_on"], name="measurement_child_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight_kg__isnull=False)
                | models.Q(length_cm__isnull=False)
                | models.Q(muac_mm__isnull=False)
                | models.Q(head_cm__isnull=False)
                | models.Q(triceps_mm__isnull=False)
                | models.Q(subscapular_mm__isnull=False)
                | models.Q(oedema=True),
                name="measurement_has_a_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.measured_on}"

    @property
    def is_void(self) -> bool:
        return bool(self.voided_reason)
