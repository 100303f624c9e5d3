"""Referrals: a need found by a CWD, sent to a partner organisation, tracked until closed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.fields import EncryptedCharField, EncryptedTextField
from partners.models import Service


class Referral(VillageScoped):
    class Urgency(models.TextChoices):
        URGENT = "urgent", _("Urgent (24 hours)")
        HIGH = "high", _("High (3 days)")
        NORMAL = "normal", _("Normal (10 days)")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    OPEN = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey(
        "partners.Organisation", models.PROTECT, related_name="referrals", verbose_name=_("organisation")
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    need = EncryptedTextField(_("the need, in a few words"))
    # Consent of the child and/or guardian to share what the service needs (PIPL; MPL Art. 4).
    child_consent = models.BooleanField(_("the child agrees"), default=False)
    guardian_consent = models.BooleanField(_("the guardian agrees"), default=False)
    consent_note = EncryptedCharField(_("how consent was given"), max_length=255, blank=True)
    # A referral the law itself requires (a school's dropout report, MPL Art. 28) is made on
    # that legal basis rather than on consent; it names the provision.
    statutory_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    respond_by = models.DateTimeField(_("answer due by"))
    outcome = EncryptedTextField(_("outcome"), blank=True)
    services_delivered = models.JSONField(_("services delivered"), default=list, blank=True)
    closing_reason = EncryptedCharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # A partner's inbox: its open referrals.
            models.Index(fields=["organisation", "status", "-created_at"], name="referral_inbox"),
            # The escalation job: unanswered referrals by deadline.
            models.Index(fields=["status", "respond_by"], name="referral_due"),
            # A scope's open and overdue referrals.
            models.Index(fields=["status", "village_id", "respond_by"], name="referral_scope_due"),
            models.Index(fields=["child", "-created_at"], name="referral_child"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_consent=True)
                | models.Q(guardian_consent=True)
                | ~models.Q(statutory_basis=""),
                name="referral_has_consent_or_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ReferralEvent(models.Model):
    """Each step of a referral: who acted, when, and what they said."""

    referral = models.ForeignKey(Referral, models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=Referral.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    note = EncryptedTextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status}"


RESPONSE_HOURS = {"urgent": 24, "high": 72, "normal": 240}


def response_hours(urgency: str) -> int:
    """Hours an organisation has to answer a referral of this urgency (a setting may change them)."""
    return getattr(settings, "SHOUHU_REFERRAL_RESPONSE_HOURS", RESPONSE_HOURS)[urgency]
