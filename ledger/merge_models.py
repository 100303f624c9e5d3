"""Merges of children's files (ledger.merge): what was written, what moved, and how to undo it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedJSONField

__all__ = ["ChildMerge"]


class ChildMerge(models.Model):
    """One merge: values written into a file (from a ledger row or the other file), and for a merge
    of two files, the records moved from the dropped file to the kept one.

    ``changes`` is what people read (the audit trail's form: ID numbers masked, health notes not
    recorded); ``restore`` holds the exact values before and after, encrypted at rest like the
    fields it copies, for ``do_undo_merge``.
    """

    class Kind(models.TextChoices):
        VALUES = "values", _("Values taken into a file")
        FILES = "files", _("Two files merged into one")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    # The file that was written to and kept.
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="merges_kept", verbose_name=_("kept file"))
    # The file closed as merged (files only).
    dropped = models.ForeignKey(
        "children.Child",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merges_dropped",
        verbose_name=_("merged file"),
    )
    # Where the values came from: "profile", "ledger import <uuid> row 12", …
    source = models.CharField(_("source"), max_length=255, blank=True)
    # {code: [before, after]} as shown: ID numbers masked, encrypted fields "***".
    changes = models.JSONField(default=dict, blank=True)
    # The exact values for the undo (see ledger.merge): encrypted, since it holds ID numbers.
    restore = EncryptedJSONField(default=dict, blank=True)
    # Records moved to the kept file: [[model label, field, pk], …]; those left on the merged
    # file because the kept file has its own (a one-to-one or unique row): the same in `stayed`.
    moved = models.JSONField(default=list, blank=True)
    stayed = models.JSONField(default=list, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("file merge")
        verbose_name_plural = _("file merges")
        indexes = [
            # A file's merges (the profile's notice, the undo checks), newest first.
            models.Index(fields=["child", "-created_at"], name="childmerge_child"),
            models.Index(fields=["dropped", "-created_at"], name="childmerge_dropped"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.child_id} ← {self.dropped_id or self.source}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
