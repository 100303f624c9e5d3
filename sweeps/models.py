"""Sweep campaigns (摸底排查, DOMAIN.md §2 W1): a county has every village re-confirm its files.

A sweep snapshots every open file of the county when it starts (one `SweepItem` per file), and
each village's CWD goes through the list: still here and unchanged, corrected through the file's
own edit form, or closed through the registry's close action. Children registered in the county
while the sweep runs are added as "found". Closing the sweep freezes each item's outcome and the
facts the report compares, so the report no longer moves when files change afterwards.

Items point at the child's file and keep no personal data of their own (names, ID numbers and
free text stay in the registry, and are minimised there).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.choices import Category
from children.models import VillageScoped


class Sweep(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        # Asked to close: a background job (sweeps.tasks.close_sweep) stores the outcomes (2 min
        # for 190,000 files); the lists take no more changes meanwhile.
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The county that runs the sweep (W1: the county civil-affairs bureau organises it).
    area = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("area"))
    name = models.CharField(_("name"), max_length=100)
    # Ages and eligibility are judged at this date (the 2016 national sweep: 2016-07-31).
    reference_date = models.DateField(_("reference date"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(_("started at"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    files_at_start = models.PositiveIntegerField(_("open files at the start"), default=0)
    # Why the last closing job failed (the sweep runs again and may be closed again); "" otherwise.
    close_error = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("sweep")
        verbose_name_plural = _("sweeps")
        constraints = [
            # One running sweep per county: two lists for the same files would confuse the villages.
            models.UniqueConstraint(
                fields=["area"],
                condition=models.Q(status__in=["running", "closing"]),
                name="sweep_one_running_per_area",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["running", "closing"]) | models.Q(closed_at__isnull=False),
                name="sweep_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        """Open to changes (not while a closing job runs)."""
        return self.status == self.Status.RUNNING

    @property
    def is_closing(self) -> bool:
        return self.status == self.Status.CLOSING

    @property
    def is_closed(self) -> bool:
        """Closed, with its outcomes stored: the report reads them."""
        return self.status == self.Status.CLOSED


class SweepItem(VillageScoped):
    """One file in a sweep: on the list from the start, or found (registered) during the sweep."""

    class Kind(models.TextChoices):
        LISTED = "listed", _("On the list at the start")
        FOUND = "found", _("Found during the sweep")

    class Outcome(models.TextChoices):
        # While the sweep runs, the outcome is worked out from the file (sweeps.queries); these
        # values are stored when the sweep closes.
        PENDING = "pending", _("Not checked")
        CONFIRMED = "confirmed", _("Still here, nothing changed")
        CORRECTED = "corrected", _("File corrected")
        CLOSED = "closed", _("No longer here, file closed")
        FOUND = "found", _("Newly found")

    sweep = models.ForeignKey(Sweep, models.CASCADE, related_name="items")
    child = models.ForeignKey("children.Child", models.CASCADE, related_name="sweep_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LISTED)
    # The file at the start: its status, its categories (codes joined by ","), and the versions of
    # the child's record, its household and its parents (the sum of lock_version + 1, so that a
    # parent added later counts as a change). A version that moved means someone saved an edit.
    start_status = models.CharField(max_length=12, blank=True)
    start_categories = models.CharField(max_length=200, blank=True)
    child_version = models.PositiveIntegerField(default=0)
    household_version = models.PositiveIntegerField(default=0)
    parents_version = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # Frozen when the sweep closes (sweeps.actions.do_close_sweep).
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    end_status = models.CharField(max_length=12, blank=True)
    end_categories = models.CharField(max_length=200, blank=True)
    closure_reason = models.CharField(max_length=20, blank=True)
    # The fields changed through the edit form during the sweep ("schooling_status", "mother.migration_status", …).
    changed_fields = models.JSONField(default=list, blank=True)
    # Categories where the rules at the reference date disagree with the file: {category: meets}.
    eligibility_differs = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sweep item")
        verbose_name_plural = _("sweep items")
        constraints = [models.UniqueConstraint(fields=["sweep", "child"], name="sweep_item_one_per_child")]
        indexes = [
            # A village's list and the progress table: the items of a sweep in a village range.
            models.Index(fields=["sweep", "village_id"], name="sweep_item_village"),
        ]

    def __str__(self) -> str:
        return f"{self.sweep_id}:{self.child_id}"

    @property
    def start_category_list(self) -> list[str]:
        return [c for c in self.start_categories.split(",") if c]

    @property
    def end_category_list(self) -> list[str]:
        return [c for c in self.end_categories.split(",") if c]

    @property
    def start_labels(self) -> list[str]:
        return [Category(c).label for c in self.start_category_list if c in Category.values]

    @property
    def end_labels(self) -> list[str]:
        return [Category(c).label for c in self.end_category_list if c in Category.values]

    @property
    def eligibility_labels(self) -> list[tuple[str, bool]]:
        return [(Category(c).label, meets) for c, meets in self.eligibility_differs.items() if c in Category.values]
