"""The audit trail: who viewed, created, changed or exported a child's record, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import registry


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        """Audit's own generic actions; apps register theirs in audit.registry."""

        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        EXPORT = "export", _("Exported")
        CONFIRM = "confirm", _("Confirmed")
        RETURN = "return", _("Returned for correction")
        ACTIVATE = "activate", _("Activated")
        CLOSE = "close", _("Closed")
        REOPEN = "reopen", _("Reopened")
        TRANSFER = "transfer", _("Transferred")
        SEARCH = "search", _("Searched")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # A callable: apps register their own actions (audit.registry), so a new one needs no migration.
    action = models.CharField(_("action"), max_length=registry.MAX_LENGTH, choices=registry.choices)
    # Null for events about many records at once (an export, a search).
    child = models.ForeignKey("children.Child", models.PROTECT, null=True, related_name="audit_events")
    # {field: [old, new]} for changes; {"count": n, "filters": {...}} for exports.
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # A record's history page.
            models.Index(fields=["child", "-created_at"], name="audit_child_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
