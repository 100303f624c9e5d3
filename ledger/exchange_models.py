"""What Shouhu has sent to the national MCA information system, per division.

The MCA exchange file (ledger.mca) carries only the files that changed since the division's last
delivered file. What "changed" means is kept here, not guessed from timestamps (a parent's work
place has no timestamp of its own): `McaSent` holds, for each child of the division, a digest of
the row last delivered and whether the file was open then. A new export compares each file's row
now with it: no digest is new (新增), another digest is a change (变更), a file closed since (or
moved out of the division) is an exit (退出). `McaExport` is one delivered file, with its rows
(`McaExportRow`), so that the last batch can be sent again. Nothing here moves unless the file
was generated in the same request (ledger.export_actions.do_deliver_mca).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["McaExport", "McaExportRow", "McaSent"]


class Change(models.TextChoices):
    NEW = "new", pgettext_lazy("mca change", "New")
    CHANGED = "changed", pgettext_lazy("mca change", "Changed")
    CLOSED = "closed", pgettext_lazy("mca change", "Closed")


class McaExport(models.Model):
    """One MCA exchange file delivered for a division: the watermark of the next one."""

    Change = Change

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey(
        "geo.Division", models.PROTECT, related_name="+", verbose_name=_("administrative division")
    )
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    # The export this one resends (re-export of the last batch); such a file moves no watermark.
    resend_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+")
    new_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    closed_count = models.PositiveIntegerField(_("closed"), default=0)

    class Meta:
        ordering = ["-exported_at", "-id"]
        verbose_name = _("MCA exchange file")
        verbose_name_plural = _("MCA exchange files")
        indexes = [models.Index(fields=["division", "-exported_at"], name="mca_export_division_latest")]

    def __str__(self) -> str:
        return f"{self.division_id} {self.exported_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return self.new_count + self.changed_count + self.closed_count


class McaExportRow(models.Model):
    """One child's row in a delivered file, and why it was in it."""

    export = models.ForeignKey(McaExport, models.CASCADE, related_name="rows")
    child = models.ForeignKey("children.Child", models.CASCADE, related_name="+")
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)

    class Meta:
        verbose_name = _("MCA exchange row")
        verbose_name_plural = _("MCA exchange rows")

    def __str__(self) -> str:
        return f"{self.export_id}: {self.child_id} {self.change}"


class McaSent(models.Model):
    """A child's row as last delivered for a division: its digest, and whether the file was open."""

    division = models.ForeignKey("geo.Division", models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    open = models.BooleanField(default=True)
    export = models.ForeignKey(McaExport, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("row sent to the MCA system")
        verbose_name_plural = _("rows sent to the MCA system")
        constraints = [models.UniqueConstraint(fields=["division", "child"], name="mca_sent_one_per_child")]

    def __str__(self) -> str:
        return f"{self.division_id}: {self.child_id}"
