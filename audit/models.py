"""The audit trail: who viewed, created, changed or exported a child's record, and when.

Events are chained by hash after they are written (`seq`, `hash`; see audit.chain), so a
request pays one plain insert and any later edit or deletion of a sealed event is detectable.
"""

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
    # Filled by the sealer (audit.chain.seal), never by the writer: the event's place in the
    # chain and SHA-256(previous hash + canonical content). Both null until sealed, so code that
    # predates them (a rolling deploy) still inserts.
    seq = models.BigIntegerField(null=True, blank=True, editable=False)
    hash = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # A record's history page.
            models.Index(fields=["child", "-created_at"], name="audit_child_time"),
            # The sealer's "unsealed events in id order"; small, since sealed rows leave it.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        ]
        constraints = [
            # Two sealers can never give two events the same place: the chain cannot fork.
            models.UniqueConstraint(fields=["seq"], name="audit_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


class AuditChain(models.Model):
    """The chain's single bookkeeping row (pk 1): its sealed head and its pruned base.

    Sealers lock this row, so they run one at a time. Verification starts from the base (the
    checkpoint left by pruning: the last pruned event's seq and hash) and must end at the head,
    so cutting events off either end of the chain is detected too.
    """

    head_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="0" * 64)
    base_seq = models.BigIntegerField(default=0)
    base_hash = models.CharField(max_length=64, default="0" * 64)
    sealed_at = models.DateTimeField(null=True, blank=True)
    pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chain")

    def __str__(self) -> str:
        return f"sealed through {self.head_seq}, kept from {self.base_seq + 1}"
