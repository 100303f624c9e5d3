"""Mandatory reports (强制报告) of a child harmed or in danger, their history and the decisions taken.

MPL Art. 11(2): village committees and units in close contact with minors must report at once to
the police, civil affairs or education; no approval is needed, so a report is filed, never
submitted for review. MPL Art. 11(3): the receiving department must tell the reporter the
outcome, hence the feedback due date. A report can be relayed: a teacher or neighbour tells the
CWD, who forwards it (DOMAIN §6); the original reporter's identity is confidential (see
reports.access.can_see_reporter). The facts, the feedback, the reporter's name and phone and the
notes of events and decisions are encrypted at rest (core.fields; docs/security.md section 5).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedTextField
from risk.checklist import POLICE_TRIGGERS

DEFAULT_FEEDBACK_DAYS = 7
POLICE_CHANNELS = ("police_110", "police_station")


def skips_police(triggers, channel: str, receiving_org_type: str = "") -> bool:
    """One of the nine situations of 高检发〔2020〕9号 Art. 4 reported to a body other than the police.

    That opinion says these must go to the police, immediately; MPL Art. 11 also allows civil
    affairs or education, so this is a warning, never a refusal.
    """
    if channel in POLICE_CHANNELS or receiving_org_type == "police_station":
        return False
    return any(t in POLICE_TRIGGERS for t in triggers or ())


def feedback_days() -> int:
    """Days the receiving department has to tell the reporter the outcome (settings, default 7)."""
    return int(getattr(settings, "SHOUHU_REPORT_FEEDBACK_DAYS", DEFAULT_FEEDBACK_DAYS))


class MandatoryReport(models.Model):
    class Channel(models.TextChoices):
        POLICE_110 = "police_110", _("Police: 110")
        POLICE_STATION = "police_station", _("Local police station")
        CIVIL_AFFAIRS = "civil_affairs", _("Civil-affairs department")
        EDUCATION = "education", _("Education department")
        HOTLINE_12355 = "hotline_12355", _("12355 youth protection hotline")
        HOTLINE_12345 = "hotline_12345", _("12345 government service hotline")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTIONED = "actioned", _("Actioned")
        FEEDBACK_RECEIVED = "feedback_received", _("Feedback received")
        CLOSED = "closed", _("Closed")

    class ReporterRole(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        NEIGHBOUR = "neighbour", _("Neighbour")
        RELATIVE = "relative", _("Relative")
        DOCTOR = "doctor", _("Doctor")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="mandatory_reports")
    # Codes from risk.checklist.REPORT_TRIGGERS; at least one (checked by the form and the action).
    triggers = models.JSONField(_("what was found"), default=list)
    facts = EncryptedTextField(_("facts observed"))
    observed_at = models.DateTimeField(_("observed at"))
    channel = models.CharField(_("reported to"), max_length=20, choices=Channel.choices)
    receiving_body = models.CharField(_("receiving body"), max_length=200)
    receiving_org = models.ForeignKey(
        "partners.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mandatory_reports",
        verbose_name=_("receiving organisation"),
    )
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FILED)
    feedback_due_on = models.DateField(_("feedback due on"))
    feedback = EncryptedTextField(_("feedback from the receiving body"), blank=True)
    feedback_received_on = models.DateField(_("feedback received on"), null=True, blank=True)

    # Relayed reports: someone told the CWD, who forwarded it. Confidential (2020 opinion).
    relayed = models.BooleanField(_("reported to me by someone else"), default=False)
    reporter_name = EncryptedCharField(_("original reporter's name"), max_length=100, blank=True)
    reporter_role = models.CharField(_("relation or role"), max_length=20, choices=ReporterRole.choices, blank=True)
    reporter_phone = EncryptedCharField(_("original reporter's phone"), max_length=40, blank=True)
    reporter_told_at = models.DateTimeField(_("when they told you"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("mandatory report")
        verbose_name_plural = _("mandatory reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relayed=False) | ~models.Q(reporter_name=""), name="report_relay_names_reporter"
            ),
            models.CheckConstraint(
                condition=models.Q(relayed=True) | models.Q(reporter_name="", reporter_phone=""),
                name="report_direct_has_no_reporter",
            ),
        ]
        indexes = [
            # reports.services.escalate_overdue and the list's "feedback overdue" filter: reports
            # still waiting for feedback, by due date.
            models.Index(
                fields=["feedback_due_on"],
                name="report_feedback_pending",
                condition=models.Q(status__in=["filed", "acknowledged", "actioned"]),
            ),
            models.Index(fields=["child", "-reported_at"], name="report_child"),
            models.Index(
                fields=["receiving_org", "-reported_at"],
                name="report_receiving_org",
                condition=models.Q(receiving_org__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.reported_at:%Y-%m-%d} ({self.status})"

    WAITING = (Status.FILED, Status.ACKNOWLEDGED, Status.ACTIONED)
    ORDER = (Status.FILED, Status.ACKNOWLEDGED, Status.ACTIONED, Status.FEEDBACK_RECEIVED, Status.CLOSED)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def awaits_feedback(self) -> bool:
        return self.status in self.WAITING

    def feedback_overdue_days(self, today=None) -> int:
        """Days past the feedback due date while no feedback is recorded; 0 when not overdue."""
        if not self.awaits_feedback:
            return 0
        return max(((today or timezone.localdate()) - self.feedback_due_on).days, 0)

    def set_feedback_due(self) -> None:
        self.feedback_due_on = timezone.localdate(self.reported_at) + timedelta(days=feedback_days())

    @property
    def skips_police(self) -> bool:
        org_type = self.receiving_org.type if self.receiving_org_id else ""
        return skips_police(self.triggers, self.channel, org_type)

    @property
    def handoff_delay(self) -> timedelta | None:
        """For a relayed report: from the reporter telling the CWD to the CWD forwarding it."""
        if not self.relayed or self.reporter_told_at is None:
            return None
        return self.reported_at - self.reporter_told_at


class ReportEvent(models.Model):
    """One step in a report's life, with when and by whom: the report's history."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RECEIPT = "receipt", _("Receipt number recorded")
        ACTIONED = "actioned", _("Actioned")
        DECISION = "decision", _("Decision recorded")
        FEEDBACK_RECEIVED = "feedback_received", _("Feedback received")
        CLOSED = "closed", _("Closed")

    report = models.ForeignKey(MandatoryReport, models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ReportDecision(models.Model):
    """What was decided for the child after the report (MPL Art. 92 temporary guardianship, …)."""

    class Kind(models.TextChoices):
        TEMPORARY_GUARDIANSHIP = "temporary_guardianship", _("Temporary guardianship by civil affairs (MPL Art. 92)")
        KINSHIP_CARE = "kinship_care", _("Kinship care")
        FOSTER_FAMILY = "foster_family", _("Foster family")
        PROTECTION_CENTRE = "protection_centre", _("Minor rescue and protection centre")
        WELFARE_INSTITUTION = "welfare_institution", _("Child welfare institution")
        REPRIMAND = "reprimand", _("Formal reprimand (训诫) of the parents")
        PARENTS_RETURN = "parents_return", _("Parents ordered to return or to entrust a caregiver")
        RETURNED_HOME = "returned_home", _("Returned home after assessment")
        OTHER = "other", _("Other")

    report = models.ForeignKey(MandatoryReport, models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=30, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    deciding_body = models.CharField(_("deciding body"), max_length=200)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.kind} {self.decided_on}"
