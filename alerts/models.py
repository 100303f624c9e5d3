"""The in-app alert inbox. Channels (SMS, messaging apps) deliver copies; the inbox is the record."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import kinds


class Alert(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="alerts")
    # Kinds are registered by the apps that raise them (alerts.kinds); a callable keeps them
    # out of the migrations, so a new kind needs none.
    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices)
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
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="alert_unique_dedupe", condition=~models.Q(dedupe_key="")
            ),
        ]
        indexes = [
            # The inbox and its unread badge.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="alert_inbox"),
        ]

    def __str__(self) -> str:
        return f"{kinds.label(self.kind)} → {self.recipient_id}"
