"""The workforce (DOMAIN.md §2 W10): the real-name registry of CWDs, supervisors and county
officers, the villages they serve, handovers when a CWD leaves, and supervision.

A `Worker` is the registry's record of a person; their login (`accounts.User`) is created from
it and linked one to one. Scope follows the worker's own division (`division_id`, a village for
a CWD, a township for a supervisor, a county for an officer), so `core.scope.scoped` gives a
county officer the county's workers and a supervisor the township's.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import BlindIndexField, BlindIndexQuerySet, EncryptedCharField
from core.versioning import Versioned


class Post(models.TextChoices):
    """Posts a worker also holds: CWDs are part-time village cadres (DOMAIN.md §4)."""

    COMMITTEE_DIRECTOR = "committee_director", _("Village committee director (村委会主任)")
    PARTY_SECRETARY = "party_secretary", _("Village Party secretary (村党支部书记)")
    WOMENS_DIRECTOR = "womens_director", _("Women's director (妇女主任)")
    ACCOUNTANT = "accountant", _("Village accountant (会计)")
    COMMITTEE_MEMBER = "committee_member", _("Village committee member (村委委员)")
    GRADUATE_OFFICIAL = "graduate_official", _("College-graduate village official (大学生村官)")
    SOCIAL_WORKER = "social_worker", _("Social worker (社工)")
    OTHER = "other", _("Other post")


class Worker(Versioned):
    class Role(models.TextChoices):
        CWD = "cwd", _("Child Welfare Director (village)")
        SUPERVISOR = "supervisor", _("Child Welfare Supervisor (township)")
        COUNTY_OFFICER = "county_officer", _("County civil-affairs officer")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A CWD's main village, a supervisor's township, an officer's county: the worker's scope.
    division = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("division"))
    full_name = models.CharField(_("full name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    # Encrypted at rest like a child's (core.fields); the blind index finds a worker registered twice.
    id_number = EncryptedCharField(_("resident ID number"), max_length=18, blank=True)
    id_number_digest = BlindIndexField(source="id_number")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    posts = models.JSONField(_("posts also held"), default=list, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    # The last day of service; access ends at the end of that day's handover (or the day itself).
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leaving_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker",
        verbose_name=_("account"),
    )
    # A new CWD's first visits the supervisor reviews (VisitReview); 0: none.
    review_visits = models.PositiveSmallIntegerField(_("first visits for the supervisor to review"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlindIndexQuerySet.as_manager()

    class Meta:
        ordering = ["division_id", "full_name"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            # The registry list of a scope: workers by division code range.
            models.Index(fields=["division", "role"], name="worker_scope"),
            # The nightly job: terms ending.
            models.Index(fields=["term_ends_on"], name="worker_term", condition=models.Q(left_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is not None and "id_number" in fields and "id_number_digest" not in fields:
            kwargs["update_fields"] = [*fields, "id_number_digest"]
        super().save(*args, **kwargs)

    def active_on(self, day) -> bool:
        return self.appointed_on <= day and (self.left_on is None or day <= self.left_on)

    @property
    def is_active(self) -> bool:
        return self.active_on(timezone.localdate())

    def post_labels(self) -> list[str]:
        labels = dict(Post.choices)
        return [str(labels.get(p, p)) for p in self.posts]


class Assignment(models.Model):
    """A village a worker serves from one day to another (inclusive); open-ended while `ends_on`
    is empty. A CWD may serve several villages; a village may have a deputy; a supervisor covers a
    village as interim between a CWD's leaving and the successor's start."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Child Welfare Director")
        DEPUTY = "deputy", _("Deputy")
        INTERIM = "interim", _("Interim (supervisor)")

    worker = models.ForeignKey(Worker, models.CASCADE, related_name="assignments")
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    kind = models.CharField(_("as"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["village_id", "starts_on"]
        verbose_name = _("village served")
        verbose_name_plural = _("villages served")
        indexes = [
            # Who serves a village on a day (coverage, vacant villages).
            models.Index(fields=["village", "starts_on"], name="assignment_village"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.village_id}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class WorkerChange(models.Model):
    """One change to a worker's record: the registry's own history (the audit trail has it too)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        EDITED = "edited", _("Details changed")
        ASSIGNED = "assigned", _("Village assigned")
        UNASSIGNED = "unassigned", _("Village handed over")
        ACCOUNT = "account", _("Account created")
        DEACTIVATED = "deactivated", _("Left; access ended")

    worker = models.ForeignKey(Worker, models.CASCADE, related_name="changes")
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    # {field: [old, new]}; never the ID number itself (only that it changed).
    fields = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("worker change")
        verbose_name_plural = _("worker changes")

    def __str__(self) -> str:
        return f"{self.worker}: {self.get_kind_display()}"


class CaseloadNorm(models.Model):
    """A county's caseload norm: above it, the county is warned."""

    county = models.OneToOneField("geo.Division", models.CASCADE, related_name="+", verbose_name=_("county"))
    max_files = models.PositiveIntegerField(_("most open files per CWD"), default=60)
    max_hours = models.PositiveIntegerField(_("most estimated hours per month per CWD"), default=40)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("caseload norm")
        verbose_name_plural = _("caseload norms")

    def __str__(self) -> str:
        return f"{self.county_id}: {self.max_files} / {self.max_hours}"


class Handover(models.Model):
    """A CWD's villages and open work passed to a successor, or to the supervisor as interim."""

    class Status(models.TextChoices):
        OPEN = "open", _("In preparation")
        DONE = "done", _("Completed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    leaving = models.ForeignKey(Worker, models.PROTECT, related_name="handovers_out", verbose_name=_("leaving"))
    successor = models.ForeignKey(
        Worker, models.PROTECT, related_name="handovers_in", verbose_name=_("taking over"), null=True, blank=True
    )
    interim = models.BooleanField(_("the supervisor takes over for now"), default=False)
    # The leaving CWD's last day; the successor serves from the day after at the latest.
    handover_on = models.DateField(_("handover day"))
    # The township of the leaving CWD (scope of the handover).
    township = models.ForeignKey("geo.Division", models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # {item kind: count} when the checklist was last read, and what was moved on completion.
    moved = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-handover_on", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["leaving"], condition=models.Q(status="open"), name="one_open_handover_per_worker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leaving} {self.handover_on}"


class SupervisionLog(models.Model):
    """The supervisor's log (督导日志): a field visit to a village and what was checked."""

    class Checked(models.TextChoices):
        FILES = "files", _("Children's files")
        VISITS = "visits", _("Home visits")
        CHILDRENS_HOME = "childrens_home", _("Children's home (儿童之家)")
        AWARENESS = "awareness", _("Awareness work")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    visited_on = models.DateField(_("date of the visit"))
    checked = models.JSONField(_("what was checked"), default=list)
    findings = models.TextField(_("findings"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("supervision log entry")
        verbose_name_plural = _("supervision log")
        indexes = [models.Index(fields=["village", "-visited_on"], name="supervision_village")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.visited_on}"

    def checked_labels(self) -> list[str]:
        labels = dict(self.Checked.choices)
        return [str(labels.get(c, c)) for c in self.checked]


class SpotCheck(models.Model):
    """A county's spot check: 2–4 villages per township drawn at random with a shown seed, so
    that anyone can redraw the same villages (workforce.spotcheck.draw)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    county = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("county"))
    seed = models.PositiveIntegerField(_("draw number (seed)"))
    per_township = models.PositiveSmallIntegerField(_("villages per township"), default=2)
    drawn_on = models.DateField(_("drawn on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_on", "-id"]
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_township__gte=2, per_township__lte=4), name="spotcheck_two_to_four"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.drawn_on} #{self.seed}"


class SpotCheckVillage(models.Model):
    """One drawn village: its checklist scores (0–5 per item) and findings."""

    ITEMS = SupervisionLog.Checked

    spot_check = models.ForeignKey(SpotCheck, models.CASCADE, related_name="villages")
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["village_id"]
        verbose_name = _("spot-checked village")
        verbose_name_plural = _("spot-checked villages")
        constraints = [models.UniqueConstraint(fields=["spot_check", "village"], name="spotcheck_village_once")]

    def __str__(self) -> str:
        return f"{self.spot_check_id}: {self.village_id}"

    @property
    def total(self) -> int:
        return sum(int(v) for v in self.scores.values())


class FollowUpAction(models.Model):
    """A follow-up action from a supervision finding or a spot check, with its due date; the
    nightly job alerts the village's CWDs and the author once it is overdue."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    log = models.ForeignKey(SupervisionLog, models.CASCADE, null=True, blank=True, related_name="actions")
    spot_check = models.ForeignKey(SpotCheckVillage, models.CASCADE, null=True, blank=True, related_name="actions")
    text = models.CharField(_("what is to be done"), max_length=300)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [
            # The nightly overdue job and the supervision page: open actions by due date.
            models.Index(fields=["due_on"], name="supervision_action_open", condition=models.Q(done_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.text


class VisitReview(models.Model):
    """A new CWD's visit marked for the supervisor's review (the visit itself is not touched)."""

    visit = models.OneToOneField("visits.Visit", models.CASCADE, related_name="+")
    worker = models.ForeignKey(Worker, models.CASCADE, related_name="visit_reviews")
    village_id = models.CharField(max_length=12)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_at", "-created_at"]
        verbose_name = _("visit for review")
        verbose_name_plural = _("visits for review")
        indexes = [models.Index(fields=["village_id", "reviewed_at"], name="visit_review_scope")]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.visit_id}"


class CaseloadSnapshot(models.Model):
    """A CWD's caseload in a month, rewritten by the nightly job until the month ends: the
    history behind "overdue rates per CWD over time" (the follow-up state itself has no past)."""

    worker = models.ForeignKey(Worker, models.CASCADE, related_name="caseloads")
    month = models.DateField(_("month"))  # the first day
    files = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    visits_due = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)

    class Meta:
        ordering = ["worker", "-month"]
        verbose_name = _("monthly caseload")
        verbose_name_plural = _("monthly caseloads")
        constraints = [models.UniqueConstraint(fields=["worker", "month"], name="caseload_once_a_month")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m}"
