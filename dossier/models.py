"""Batch prints: a village's open files as one PDF, built by a background job and kept briefly."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_CHILDREN = 500  # one batch: a village's open files rarely pass 200; the cap bounds the job's memory
KEEP_FOR = timedelta(days=1)  # a finished PDF is deleted a day after it was built


class BatchPrint(models.Model):
    """One request to print a village's open files. The PDF lives in private storage
    (MEDIA_ROOT/dossier-batches, never served but through the download view) until it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Printing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The children printed (ids), so that the download can audit a read of each.
    child_ids = models.JSONField(default=list, editable=False)
    pages = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True, editable=False)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch print")
        verbose_name_plural = _("batch prints")
        indexes = [
            # dossier.services.purge_expired: finished PDFs past their expiry.
            models.Index(fields=["expires_at"], name="batchprint_expiry", condition=models.Q(status="ready")),
            # The requester's list of their batches.
            models.Index(fields=["requested_by", "-created_at"], name="batchprint_requester"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.EXPIRED)

    def set_expiry(self) -> None:
        self.finished_at = timezone.now()
        self.expires_at = self.finished_at + KEEP_FOR
