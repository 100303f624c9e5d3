"""A county's (or township's) council of agencies, its members and their representatives with
their confidentiality undertaking; case conferences on a child, the agencies invited, the briefing
pack they may read, the minutes, and the actions each agency owns.

A representative reads a conference only once their undertaking is recorded, only while they are
active partner staff of a member agency invited to it, and only until the conference's follow-up
ends; what they read is the briefing pack, the sections the convener chose (`Briefing`)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.fields import EncryptedTextField


class Council(models.Model):
    area = models.OneToOneField("geo.Division", models.PROTECT, related_name="council", verbose_name=_("area"))
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    council = models.ForeignKey(Council, models.CASCADE, related_name="members", verbose_name=_("council"))
    organisation = models.ForeignKey(
        "partners.Organisation", models.PROTECT, related_name="council_memberships", verbose_name=_("agency")
    )
    is_active = models.BooleanField(_("member"), default=True)

    class Meta:
        verbose_name = _("member agency")
        verbose_name_plural = _("member agencies")
        constraints = [models.UniqueConstraint(fields=["council", "organisation"], name="member_once")]

    def __str__(self) -> str:
        return str(self.organisation)


class Representative(models.Model):
    member = models.ForeignKey(Member, models.CASCADE, related_name="representatives", verbose_name=_("agency"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="council_seats", verbose_name=_("representative")
    )
    # The signed confidentiality undertaking: no date, no access.
    undertaking_signed_on = models.DateField(_("confidentiality undertaking signed"), null=True, blank=True)
    undertaking_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [models.UniqueConstraint(fields=["member", "user"], name="representative_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.member}"


class Briefing(models.TextChoices):
    """The sections of a child's file a convener may put in the briefing pack (need to know).
    Never the reporter of a mandatory report: no section shows it."""

    IDENTITY = "identity", _("Name, sex and age")
    PLACE = "place", _("Village")
    CATEGORIES = "categories", _("Categories (left-behind, in difficulty …)")
    FAMILY = "family", _("Parents and caregiver")
    RISK = "risk", _("Risk level and its reasons")
    SCHOOLING = "schooling", _("Schooling")
    HEALTH = "health", _("Health and disability")
    VISITS = "visits", _("Last home visit: living conditions and needs")


class Conference(VillageScoped):
    class Urgency(models.TextChoices):
        URGENT = "urgent", _("Urgent (within 3 days)")
        SOON = "soon", _("Soon (within 2 weeks)")
        ROUTINE = "routine", _("Routine")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held: actions under way")
        CLOSED = "closed", _("Closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, models.PROTECT, related_name="conferences", verbose_name=_("council"))
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="conferences", verbose_name=_("child"))
    previous = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("follows up")
    )
    reason = EncryptedTextField(_("why the agencies meet"), max_length=2000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.SOON)
    meets_on = models.DateField(_("date"))
    place = models.CharField(_("place or call"), max_length=200)
    briefing = models.JSONField(_("briefing pack"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("convened by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The minutes (MPL art. 22: the child is heard).
    child_views = EncryptedTextField(_("what the child said"), max_length=4000, blank=True)
    family_views = EncryptedTextField(_("what the family said"), max_length=4000, blank=True)
    assessment = EncryptedTextField(_("assessment agreed"), max_length=4000, blank=True)
    decisions = EncryptedTextField(_("decisions"), max_length=4000, blank=True)
    # Representatives read the briefing pack until this day (the follow-up's end).
    follow_up_until = models.DateField(_("follow-up until"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-meets_on", "-pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        indexes = [models.Index(fields=["village_id", "status"], name="conference_scope")]

    def __str__(self) -> str:
        return f"{self.meets_on} · {self.get_status_display()}"


class Invitation(models.Model):
    conference = models.ForeignKey(Conference, models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, models.PROTECT, related_name="invitations", verbose_name=_("agency"))
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["conference", "member"], name="invited_once")]

    def __str__(self) -> str:
        return str(self.member)


class AgencyAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    conference = models.ForeignKey(Conference, models.CASCADE, related_name="actions")
    member = models.ForeignKey(Member, models.PROTECT, related_name="actions", verbose_name=_("agency"))
    description = EncryptedTextField(_("what the agency will do"), max_length=1000)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("agency action")
        verbose_name_plural = _("agency actions")

    def __str__(self) -> str:
        return f"{self.member} · {self.due_on}"


class Progress(models.Model):
    """A note on an action's progress, by the agency or the convener."""

    action = models.ForeignKey(AgencyAction, models.CASCADE, related_name="progress")
    note = EncryptedTextField(_("progress"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d}"
