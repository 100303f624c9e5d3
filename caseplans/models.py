"""Case plans for red and yellow children (DOMAIN.md §2 W4, §9.2 CPWG step 3 "case plan").

A plan states the needs found, goals per checklist domain, actions with a responsible
organisation or person and a due date, and a review date. The township supervisor (or the
county) approves it; reviews record progress. Plans are kept after closing, as history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.fields import EncryptedCharField, EncryptedTextField
from core.versioning import Versioned
from followup.texts import DOMAINS as DOMAIN_LABELS
from risk.checklist import DOMAINS

DOMAIN_CHOICES = [(code, DOMAIN_LABELS[code]) for code in DOMAINS]


class CasePlan(Versioned, VillageScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        CLOSED = "closed", _("Closed")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="case_plans")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = EncryptedTextField(_("assessment and needs"))
    review_on = models.DateField(_("next review"))
    # Bumped each time an approved plan is revised; events and reviews keep the earlier story.
    # (lock_version, from Versioned, counts every saved edit instead: it refuses stale forms.)
    version = models.PositiveSmallIntegerField(default=1)
    return_note = EncryptedTextField(_("supervisor's comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_reason = EncryptedCharField(_("reason for closing"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        constraints = [
            # A child has one plan in force at a time; closed plans stay as history.
            models.UniqueConstraint(
                fields=["child"], condition=~models.Q(status="closed"), name="caseplan_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(closing_reason=""), name="caseplan_closed_has_reason"
            ),
        ]
        indexes = [
            # The child's plan history on the plan page.
            models.Index(fields=["child", "-created_at"], name="caseplan_child"),
            # "Reviews due" on Today and the nightly review alerts: a scope's approved plans by review date.
            models.Index(
                fields=["village_id", "review_on"], name="caseplan_review_due", condition=models.Q(status="approved")
            ),
            models.Index(fields=["review_on"], name="caseplan_review_job", condition=models.Q(status="approved")),
            # The supervisor's follow-up page: a scope's plans awaiting approval.
            models.Index(
                fields=["village_id", "submitted_at"], name="caseplan_awaiting", condition=models.Q(status="submitted")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} v{self.version} {self.status}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class Goal(Versioned):
    """What should change for the child in one domain of the visit checklist."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(CasePlan, models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=DOMAIN_CHOICES)
    text = EncryptedCharField(_("goal"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text


class Action(Versioned):
    """A step towards a goal, with who does it and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="actions")
    # The goal's plan, copied so that a scope's open actions are found from the plans in scope
    # without passing through goals. It never changes.
    plan = models.ForeignKey(CasePlan, models.CASCADE, related_name="actions")
    text = EncryptedCharField(_("action"), max_length=500)
    organisation = models.ForeignKey(
        "partners.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case_actions",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.CharField(
        _("responsible person"), max_length=100, blank=True, help_text=_("For example: the CWD, the grandmother.")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = EncryptedCharField(_("note"), max_length=500, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_actions",
        verbose_name=_("referral"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(responsible_person=""),
                name="caseaction_has_responsible",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False), name="caseaction_done_has_date"
            ),
        ]
        indexes = [
            # Today and the follow-up page: open actions by due date of the plans in a scope, and
            # the open/overdue counts on a child's profile.
            models.Index(fields=["plan", "due_on"], name="caseaction_plan_open_due", condition=models.Q(status="open")),
            # The nightly job: every overdue open action.
            models.Index(fields=["due_on"], name="caseaction_open_due", condition=models.Q(status="open")),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def responsible(self) -> str:
        parts = [self.organisation.name if self.organisation_id else "", self.responsible_person]
        return " · ".join(p for p in parts if p)


class Review(models.Model):
    """A periodic review of the plan: progress, each goal's status, and the next review date."""

    plan = models.ForeignKey(CasePlan, models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    progress = EncryptedTextField(_("progress"))
    # {goal id: status} as set at this review, so that the review shows what it decided.
    goal_statuses = models.JSONField(default=dict, blank=True)
    next_review_on = models.DateField(_("next review"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.reviewed_on}"


class PlanEvent(models.Model):
    """Each step of a plan's life: who did what, when, and what they said."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        GOAL_ADDED = "goal_added", _("Goal added")
        GOAL_EDITED = "goal_edited", _("Goal changed")
        ACTION_ADDED = "action_added", _("Action added")
        ACTION_EDITED = "action_edited", _("Action changed")
        ACTION_DONE = "action_done", _("Action done")
        ACTION_CANCELLED = "action_cancelled", _("Action cancelled")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REVIEWED = "reviewed", _("Reviewed")
        REVISED = "revised", _("Reopened for revision")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(CasePlan, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    note = EncryptedTextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind}"
