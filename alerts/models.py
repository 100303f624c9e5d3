"""The in-app alert inbox. Channels (SMS, messaging apps) deliver copies; the inbox is the record."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    class Kind(models.TextChoices):
        NEW_RED = "new_red", _("Child moved to red")
        OVERDUE_VISIT = "overdue_visit", _("Visit overdue")
        CONTACT_LAPSED = "contact_lapsed", _("Parent contact lapsed")
        SUPERVISOR_COMMENT = "supervisor_comment", _("Supervisor comment")
        UNDER16_WITHOUT_GUARDIAN = "under16_without_guardian", _("Child under 16 without a guardian")
        UNDER8_UNATTENDED = "under8_unattended", _("Child under 8 left unattended")
        NO_CAREGIVER = "no_caregiver_parents_away", _("No entrusted caregiver while both parents are away")
        REPORT_FEEDBACK_OVERDUE = "report_feedback_overdue", _("Mandatory report: feedback overdue")
        REFERRAL_NEW = "referral_new", _("New referral")
        REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
        REFERRAL_DECLINED = "referral_declined", _("Referral declined")
        REFERRAL_IN_PROGRESS = "referral_in_progress", _("Referral in progress")
        REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
        REFERRAL_OVERDUE = "referral_overdue", _("Referral not answered in time")
        REPORT_FILED = "report_filed", _("Mandatory report filed")
        TRUANCY = "truancy", _("Unexcused school absences")
        DROPOUT = "dropout", _("Dropped out of school")
        CASE_PLAN_SUBMITTED = "case_plan_submitted", _("Case plan to approve")
        CASE_PLAN_APPROVED = "case_plan_approved", _("Case plan approved")
        CASE_PLAN_RETURNED = "case_plan_returned", _("Case plan returned for changes")
        CASE_ACTION_OVERDUE = "case_action_overdue", _("Case-plan action overdue")
        CASE_REVIEW_DUE = "case_review_due", _("Case-plan review due")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    child = models.ForeignKey("children.Child", models.CASCADE, null=True, blank=True, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    # Makes raising the same alert twice (a nightly job re-run) a no-op.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="alert_unique_dedupe",
                                    condition=~models.Q(dedupe_key="")),
        ]
        indexes = [
            # The inbox and its unread badge.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="alert_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"
