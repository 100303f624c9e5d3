"""Ledger exports made in the background: the officer asks, a job makes the file, they download it.

A county's 两表一册, full export or MCA file takes minutes for 200,000 children, too long for a
web request (docs/performance.md), so the export page queues an ExportJob (ledger.tasks) and shows
its status. The file is kept encrypted in private storage (core.generated) for KEEP_FOR, then
deleted by the nightly job ledger.export_jobs.purge_expired.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["KEEP_FOR", "ExportJob"]

KEEP_FOR = timedelta(days=1)  # a made file is deleted a day after it was made


class ExportJob(models.Model):
    """One export asked for: which file of which division, for whom, and where it stands."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    division = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("area"))
    product = models.CharField(max_length=20)
    full_ids = models.BooleanField(default=False)
    resend = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Why it failed, a code the page words in the reader's language (ledger.export_views).
    error = models.CharField(max_length=40, blank=True)
    # The children in the file, so that each download audits an export of each (ids only).
    child_ids = models.JSONField(default=list, editable=False)
    # Extra audit details of the file (the MCA batch and its counts).
    details = models.JSONField(default=dict, editable=False)
    file_name = models.CharField(max_length=200, blank=True, editable=False)  # the name it downloads under
    stored_as = models.CharField(max_length=60, blank=True, editable=False)  # core.generated name
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            # ledger.export_jobs.purge_expired: made files past their expiry.
            models.Index(fields=["expires_at"], name="exportjob_expiry", condition=models.Q(status="ready")),
            # The requester's list of their exports on the export page.
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_requester"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.division_id} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.EXPIRED)

    def set_expiry(self) -> None:
        self.finished_at = timezone.now()
        self.expires_at = self.finished_at + KEEP_FOR
