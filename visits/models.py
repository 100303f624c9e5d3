"""Home visits with their checklist, and the parent-contact log (MPL Art. 23: weekly contact)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Visit(models.Model):
    """One visit. An edit after submission saves a new version and keeps the original."""

    class Mode(models.TextChoices):
        HOME = "home", _("Home visit")
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        SCHOOL = "school", _("At school")
        CHILDRENS_HOME = "childrens_home", _("At the children's home (儿童之家)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, default=Mode.HOME)
    saw_child = models.BooleanField(_("saw the child"), default=True)
    saw_caregiver = models.BooleanField(_("saw the caregiver"), default=False)
    saw_parent = models.BooleanField(_("spoke with a parent"), default=False)
    # {item code: "yes" | "no" | "unknown"} for the items of risk.checklist.ITEMS.
    answers = models.JSONField(_("checklist"), default=dict, blank=True)
    # {item code: note} for answers that need a word of explanation.
    notes = EncryptedJSONField(default=dict, blank=True)
    living_conditions = EncryptedTextField(_("living conditions"), blank=True)
    needs = EncryptedTextField(_("needs identified"), blank=True)
    actions_taken = EncryptedTextField(_("actions taken"), blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    # A contact where nothing of the checklist was checked (the CWD confirmed it so): listed
    # with the child's visits, but the schedule, the risk facts and the overdue counts ignore it.
    contact_only = models.BooleanField(_("contact only"), default=False)
    measurement = models.OneToOneField(
        "measurements.Measurement", models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    # Versioning: the first version is its own `original`; later versions point to it, and
    # only the newest has is_current=True.
    original = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="versions")
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-created_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            # The child's visit list and "latest visit" for the risk engine.
            models.Index(fields=["child", "-visited_on"], name="visit_child_date", condition=models.Q(is_current=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["original", "version"], name="visit_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.visited_on}"

    def yes_items(self) -> list[str]:
        return [code for code, answer in self.answers.items() if answer == "yes"]


class VisitComment(models.Model):
    """A supervisor's comment on a visit; the CWD is alerted."""

    visit = models.ForeignKey(Visit, models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:40]


class ParentContact(models.Model):
    """A call, video call or meeting between a migrant parent and the child, as the CWD learns of it."""

    class Mode(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        IN_PERSON = "in_person", _("In person")

    child = models.ForeignKey("children.Child", models.PROTECT, related_name="parent_contacts")
    parent_role = models.CharField(
        _("parent"), max_length=10, choices=[("father", _("Father")), ("mother", _("Mother"))]
    )
    contact_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.VIDEO)
    note = EncryptedCharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_on", "-created_at"]
        verbose_name = _("parent contact")
        verbose_name_plural = _("parent contacts")
        indexes = [models.Index(fields=["child", "-contact_on"], name="contact_child_date")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.parent_role} {self.contact_on}"
