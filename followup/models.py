"""Each child's risk tier, its reasons, the next visit due, tier history and overrides."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.versioning import Versioned
from risk.engine import PolicyError, compile_policy

from .providers import fact_specs


class Tier(models.TextChoices):
    RED = "red", _("Red: act now")
    YELLOW = "yellow", _("Yellow: medium-high risk")
    BLUE = "blue", _("Blue: medium-low risk")
    GREEN = "green", _("Green: low risk")


TIER_RANK = {Tier.RED: 0, Tier.YELLOW: 1, Tier.BLUE: 2, Tier.GREEN: 3}


class RiskPolicy(Versioned):
    """Rules, tiers and thresholds for a province, prefecture or county (risk.engine grammar).

    The policy of the nearest ancestor division applies; with none, risk.defaults.NATIONAL_DEFAULT.
    Edited in the Django admin, which refuses a save from a page opened before another's (core.versioning).
    """

    division = models.OneToOneField(
        "geo.Division", models.CASCADE, related_name="risk_policy", verbose_name=_("jurisdiction")
    )
    data = models.JSONField(_("policy"))
    note = models.CharField(_("source or note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk policy")
        verbose_name_plural = _("risk policies")

    def __str__(self) -> str:
        return str(self.division)

    def clean(self) -> None:
        try:
            compile_policy(self.data, fact_specs())
        except PolicyError as exc:
            raise ValidationError({"data": str(exc)}) from exc


class FollowUp(VillageScoped):
    """The current state of a child's follow-up, recomputed after each visit and nightly."""

    child = models.OneToOneField("children.Child", models.CASCADE, primary_key=True, related_name="followup")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    computed_tier = models.CharField(_("computed tier"), max_length=10, choices=Tier.choices)
    tier_rank = models.PositiveSmallIntegerField(default=3)
    reasons = models.JSONField(default=list)  # [[rule code, reason key, tier], ...]
    triggers = models.JSONField(default=list)  # report triggers that match
    alerts = models.JSONField(default=list)  # absolute alerts that apply: [[code, reason key], ...]
    due_on = models.DateField(_("next visit due"))
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    # A digest of everything above: the nightly job rewrites only rows whose digest changed.
    state = models.CharField(max_length=32, default="", editable=False)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # "Today" and the overdue views: a scope's due children.
            models.Index(fields=["village_id", "due_on"], name="followup_village_due"),
            # Red children of a scope, soonest due first (the follow-up page's "red without a
            # report or referral": 108 ms for a county walking the due-date index, 4 ms here).
            models.Index(fields=["tier", "due_on"], name="followup_tier_due"),
            # Red and yellow counts per village (the overview), read from the index alone.
            models.Index(fields=["tier", "village_id"], name="followup_tier_village"),
            # "Today" of a large scope (a county): walked in order, stopping at the page size.
            models.Index(fields=["tier_rank", "due_on", "child"], name="followup_rank_due"),
            # "Coming up this week" of a large scope: the next days in date order (was a 117 ms
            # sequential scan for a county of 190,000 files; 2 ms with this index).
            models.Index(fields=["due_on", "tier_rank"], name="followup_due_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.tier} due {self.due_on}"


class TierHistory(models.Model):
    """A row each time a child's tier changes (computed or overridden)."""

    child = models.ForeignKey("children.Child", models.CASCADE, related_name="tier_history")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    previous = models.CharField(_("previous tier"), max_length=10, choices=Tier.choices, blank=True)
    reasons = models.JSONField(default=list)
    source = models.CharField(max_length=20)  # "visit", "nightly", "override", "registration", …
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        indexes = [models.Index(fields=["child", "-created_at"], name="tierhistory_child")]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.previous} → {self.tier}"


class TierOverride(models.Model):
    """A supervisor's decision that a child's tier is other than computed, until an expiry date."""

    child = models.ForeignKey("children.Child", models.CASCADE, related_name="tier_overrides")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(_("expires on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tier override")
        verbose_name_plural = _("tier overrides")
        indexes = [
            models.Index(
                fields=["child", "expires_on"], name="override_child", condition=models.Q(ended_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.tier} until {self.expires_on}"
