"""Importing a county's Excel ledger: the saved column layouts, the imports and their rows.

An import is read, mapped and validated before anything is written to the registry; its rows
(ImportRow) hold what each ledger row would become (new file, update, possible duplicate,
error), so that the officer can look through them and decide, and the write
(``ledger.importer.do_confirm_import``) then takes them as they are.

The uploaded file is kept in private storage (``MEDIA_ROOT/ledger-imports``: there is no media
URL, so it is never served) only while the import is open, and deleted when it is imported or
cancelled.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ImportRow", "LedgerImport", "LedgerLayout", "import_storage"]

STORAGE_DIR = "ledger-imports"


def import_storage() -> FileSystemStorage:
    """Private storage for uploaded ledgers (never served: Shouhu has no media URL).

    Django calls a field's storage callable once, when the model loads: a storage without its own
    location reads MEDIA_ROOT when it is used (and follows a changed setting, as in the tests),
    so the folder is in the file's name (``_upload_to``), not in the storage."""
    return FileSystemStorage()


def _upload_to(instance: "LedgerImport", filename: str) -> str:
    return f"{STORAGE_DIR}/{instance.uuid.hex}{Path(filename).suffix.lower()[:10]}"


class LedgerLayout(models.Model):
    """A county's column layout, saved the first time an officer maps it: the next upload with
    the same headers (``signature``) is read with it without asking again."""

    county = models.ForeignKey("geo.Division", models.CASCADE, related_name="+", verbose_name=_("county"))
    signature = models.CharField(_("header signature"), max_length=64)
    # sheet's header signature -> {column index (as text): catalogue code or "" (ignored)}
    columns = models.JSONField(_("column mapping"), default=dict, blank=True)
    # catalogue code -> {raw text: stored value}, for values the catalogue does not know
    values = models.JSONField(_("value mapping"), default=dict, blank=True)
    headers = models.JSONField(default=list, blank=True)  # the headers as written, for the officer
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ledger layout")
        verbose_name_plural = _("ledger layouts")
        constraints = [models.UniqueConstraint(fields=["county", "signature"], name="ledger_layout_one_per_signature")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.signature[:8]}"


class LedgerImport(models.Model):
    class Status(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", _("Columns to map")
        MAPPED = "mapped", _("Ready to check")
        VALIDATED = "validated", _("Rows checked")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    class Lifecycle(models.TextChoices):
        REGISTERED = "registered", _("Registered (the township confirms each file)")
        ACTIVE = "active", _("Active at once")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The importer's scope when the import started: its villages are the ones the rows may name.
    division = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("jurisdiction"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=import_storage, upload_to=_upload_to, max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEEDS_MAPPING)
    lifecycle = models.CharField(
        _("imported files start as"), max_length=12, choices=Lifecycle.choices, default=Lifecycle.REGISTERED
    )
    layout = models.ForeignKey(LedgerLayout, models.SET_NULL, null=True, blank=True, related_name="+")
    # The sheets as read: [{"name", "header_row", "headers", "signature", "rows", "hidden", "role"}]
    sheets = models.JSONField(default=list, blank=True)
    # sheet name -> {column index (text): code}; values: code -> {raw: stored}
    mapping = models.JSONField(default=dict, blank=True)
    value_mapping = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        indexes = [models.Index(fields=["division", "-created_at"], name="ledger_import_division")]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.IMPORTED, self.Status.CANCELLED)


class ImportRow(models.Model):
    class Outcome(models.TextChoices):
        NEW = "new", _("New file")
        UPDATE = "update", _("Update of an existing file")
        UNCHANGED = "unchanged", _("Already on file, no change")
        DUPLICATE = "duplicate", _("Possible duplicate")
        ERROR = "error", _("Error")

    class Resolution(models.TextChoices):
        NONE = "", _("Not decided")
        MERGE = "merge", _("Merge into the existing file")
        KEEP = "keep", _("Keep both files")
        SKIP = "skip", _("Skip this row")

    ledger_import = models.ForeignKey(LedgerImport, models.CASCADE, related_name="rows", db_column="import_id")
    sheet = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # Parsed values by catalogue code (dates as ISO text), plus "_village" (the village code) and
    # "_household" (the key that links siblings and the linked sheets).
    data = models.JSONField(default=dict)
    # The household the row's new file joins (its key, or its parents' ID numbers): siblings share it.
    group = models.CharField(max_length=120, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{"column", "code", "params"}]
    warnings = models.JSONField(default=list, blank=True)
    matches = models.JSONField(default=list, blank=True)  # [{"child_id", "reason"}]
    resolution = models.CharField(max_length=5, choices=Resolution.choices, default="", blank=True)
    merge_fields = models.JSONField(default=list, blank=True)
    target = models.ForeignKey("children.Child", models.SET_NULL, null=True, blank=True, related_name="+")
    child = models.ForeignKey("children.Child", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["ledger_import", "sheet", "row_number"]
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        indexes = [models.Index(fields=["ledger_import", "outcome", "row_number"], name="ledger_row_outcome")]

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row_number}"
