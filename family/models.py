"""A parent's or caregiver's link to a child (invited by the CWD by phone, verified by a one-time
code), the written entrustment they confirm, the calls they log with the child, and the CWD's
notices with their answers; the outbox of text messages (the SMS channel's development double)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.fields import EncryptedCharField, EncryptedTextField


class Relation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    CAREGIVER = "caregiver", _("Entrusted caregiver")


class Link(VillageScoped):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited: code sent")
        ACTIVE = "active", _("Linked")
        ENDED = "ended", _("Ended")

    child = models.ForeignKey("children.Child", models.PROTECT, related_name="family_links", verbose_name=_("child"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    phone = EncryptedCharField(_("mobile phone"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="family_links"
    )
    # The one-time code: only its hash; it expires and allows a few tries.
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["child", "relation", "pk"]
        verbose_name = _("family link")
        verbose_name_plural = _("family links")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class Entrustment(models.Model):
    """The parents' written entrustment of the child to a caregiver (MPL art. 22-23), as a parent
    confirmed or updated it, with the statement that the caregiver meets the legal conditions."""

    child = models.ForeignKey("children.Child", models.PROTECT, related_name="entrustments")
    link = models.ForeignKey(Link, models.PROTECT, related_name="entrustments")
    caregiver_name = models.CharField(_("caregiver's name"), max_length=50)
    caregiver_relation = models.CharField(_("relation to the child"), max_length=30)
    caregiver_phone = EncryptedCharField(_("caregiver's phone"), max_length=20, blank=True)
    since = models.DateField(_("cares for the child since"))
    statement = models.BooleanField(
        _("I confirm the caregiver is an adult able to care for the child and has agreed"), default=False
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("entrustment")
        verbose_name_plural = _("entrustments")

    def __str__(self) -> str:
        return f"{self.caregiver_name} · {self.since}"


class Call(models.Model):
    class Mode(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        IN_PERSON = "in_person", _("In person")

    link = models.ForeignKey(Link, models.PROTECT, related_name="calls")
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="family_calls")
    on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.VIDEO)
    note = EncryptedCharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("call with the child")
        verbose_name_plural = _("calls with the child")

    def __str__(self) -> str:
        return f"{self.on} {self.mode}"


class Notice(VillageScoped):
    """A plain-language notice from the CWD to the child's family (a problem found, a school
    absence, a referral made, a benefit decision), and the family's answer."""

    child = models.ForeignKey("children.Child", models.PROTECT, related_name="family_notices")
    text = EncryptedTextField(_("notice"), max_length=1000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answer = EncryptedTextField(_("answer"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(Link, models.PROTECT, null=True, blank=True, related_name="answers")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("notice to the family")
        verbose_name_plural = _("notices to the family")

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d}"


class OutboxMessage(models.Model):
    """Text messages as the development SMS channel keeps them (family.sms.OutboxBackend); a
    production deployment plugs in its provider instead (SHOUHU_SMS_BACKEND)."""

    phone = EncryptedCharField(max_length=20)
    text = EncryptedTextField(max_length=500)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("text message sent")
        verbose_name_plural = _("text messages sent")

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M}"
