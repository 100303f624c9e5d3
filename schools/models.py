"""What schools report about pupils: absences (a sheet or one form), dropouts, and the rows that
matched no registered child, kept so that the school can correct and re-send them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolUpload(models.Model):
    """One submission by a school: an absence sheet, one absence typed in a form, or a dropout."""

    class Kind(models.TextChoices):
        SHEET = "sheet", _("Absence sheet")
        FORM = "form", _("One absence")
        DROPOUT = "dropout", _("Dropout")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("partners.Organisation", models.PROTECT, related_name="school_uploads")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    matched_rows = models.PositiveIntegerField(_("matched"), default=0)
    unmatched_rows = models.PositiveIntegerField(_("not matched"), default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("school upload")
        verbose_name_plural = _("school uploads")
        indexes = [
            # A school's upload history on its home page, newest first.
            models.Index(fields=["school", "-uploaded_at"], name="school_upload_history"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.get_kind_display()} {self.uploaded_at:%Y-%m-%d}"


class Absence(models.Model):
    """A day a pupil missed school. One row per child and day: re-sending a sheet updates it."""

    child = models.ForeignKey("children.Child", models.CASCADE, related_name="school_absences")
    school = models.ForeignKey("partners.Organisation", models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    excused = models.BooleanField(_("excused (leave asked for)"), default=False)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    upload = models.ForeignKey(SchoolUpload, models.SET_NULL, null=True, blank=True, related_name="absences")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("school absence")
        verbose_name_plural = _("school absences")
        constraints = [
            models.UniqueConstraint(fields=["child", "date"], name="absence_unique_child_day"),
        ]
        indexes = [
            # Unexcused absences of a set of children in the last 30 days: the truancy check
            # after an upload and the nightly risk facts (schools.risk_facts, read by followup.services.build_facts).
            models.Index(fields=["child", "date"], name="absence_unexcused", condition=models.Q(excused=False)),
        ]
        # The child's latest absences on the profile are served by the unique constraint's
        # (child, date) index, read backwards.

    def __str__(self) -> str:
        return f"{self.child_id} {self.date}"


class UnmatchedRow(models.Model):
    """A row of a school's submission that matched no open child, with the school's own data."""

    class Problem(models.TextChoices):
        NOT_FOUND = "not_found", _("No registered child found: check the name, date of birth or ID number")
        # The school is shown NOT_FOUND's text for these too (school_text): they would tell it of
        # children it may not know of. AMBIGUOUS rows also alert the candidates' CWDs and
        # supervisors (schools.actions); CLOSED is only on rows stored before issue 10.
        AMBIGUOUS = "ambiguous", _("Several registered children match: add the ID number")
        CLOSED = "closed", _("The child's file is closed")

    upload = models.ForeignKey(SchoolUpload, models.CASCADE, related_name="unmatched")
    row_number = models.PositiveIntegerField(_("row"))
    problem = models.CharField(_("problem"), max_length=12, choices=Problem.choices)
    # The row as the school sent it (name, id_number, date_of_birth, class, date, excused,
    # reason), so that it can be downloaded, corrected and sent again.
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["upload", "row_number"]
        verbose_name = _("unmatched row")
        verbose_name_plural = _("unmatched rows")

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.row_number} {self.problem}"

    @property
    def school_text(self) -> str:
        """What the school reads about the row: not matched, never why."""
        return str(self.Problem.NOT_FOUND.label)


class Dropout(models.Model):
    """A school's report that a pupil left compulsory education (MPL Art. 28)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.CASCADE, related_name="school_dropouts")
    school = models.ForeignKey("partners.Organisation", models.PROTECT, related_name="+")
    left_on = models.DateField(_("last day at school"))
    reason = models.TextField(_("reason"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # The return-to-school referral to the education bureau; null when the county has none.
    referral = models.ForeignKey("referrals.Referral", models.SET_NULL, null=True, blank=True, related_name="+")
    upload = models.OneToOneField(SchoolUpload, models.SET_NULL, null=True, blank=True, related_name="dropout")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_on", "-id"]
        verbose_name = _("dropout")
        verbose_name_plural = _("dropouts")
        indexes = [
            # The dropout notice on the child's profile: the child's latest report.
            models.Index(fields=["child", "-left_on"], name="dropout_child_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.left_on}"
