"""Basic living allowances (基本生活费) for orphans, de facto unsupported children and children in
difficulty (DOMAIN.md §2 W3, W9).

The chain: an application (with the eligibility found at the time and evidence) is posted in the
village (公示), reviewed by the township (审核) and approved by the county (审批); approval makes a
`Benefit`, paid every month from the county's `Roll` at the `PaymentStandard` in force. Changes and
exits are applications of their own kind through the same chain. Nothing is deleted: a stopped
benefit keeps its months, an issued roll is never rebuilt.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from children.models import VillageScoped
from core.fields import EncryptedCharField, EncryptedTextField
from core.versioning import Versioned


class Category(models.TextChoices):
    ORPHAN_INSTITUTIONAL = "orphan_institutional", _("Orphan in institutional care")
    ORPHAN_DISPERSED = "orphan_dispersed", _("Orphan living with family")
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("Child with no one to support them (de facto unsupported)")
    DIFFICULTY = "difficulty", _("Child in difficulty (local support)")


class ExitReason(models.TextChoices):
    """Why an allowance stops (DOMAIN.md §1.5 exit reasons, §2 W9)."""

    PARENT_RETURNED = "parent_returned", _("A parent came back (released, found, rehabilitation finished)")
    CONDITION_ENDED = "condition_ended", _("A parent's illness or disability no longer counts")
    TURNED_18 = "turned_18", _("The child turned 18")
    LEFT_SCHOOL = "left_school", _("The child left school after 18")
    DIED = "died", _("The child died")
    MOVED = "moved", _("The child moved to another county")
    ADOPTED = "adopted", _("The child was adopted")
    OTHER = "other", _("Other reason")


class BenefitRules(models.Model):
    """A jurisdiction's local rules; the nearest division up the tree that has a row applies."""

    division = models.OneToOneField("geo.Division", models.CASCADE, to_field="code", related_name="+")
    start_next_month = models.BooleanField(_("pay from the month after approval"), default=True)
    pro_rata_first_month = models.BooleanField(_("pay the first month by days"), default=False)
    posting_days = models.PositiveSmallIntegerField(_("days of public posting"), default=7)
    recheck_months = models.PositiveSmallIntegerField(_("months between re-checks"), default=12)

    class Meta:
        verbose_name = _("allowance rules")
        verbose_name_plural = _("allowance rules")

    def __str__(self) -> str:
        return self.division_id


class PaymentStandard(Versioned, models.Model):
    """The monthly amount of a category in a jurisdiction from a month on; a new row, never an
    edit, when the standard changes, so that past months keep what they paid. An edit (through the
    API or the admin, versioned: a stale save is refused) corrects a row before it is paid from;
    months already on an issued roll keep the amount they were issued at whatever happens here."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey("geo.Division", models.PROTECT, to_field="code", related_name="+")
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    effective_from = models.DateField(_("in force from (month)"))
    amount = models.DecimalField(_("monthly amount (yuan)"), max_digits=9, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["division_id", "category", "effective_from"]
        verbose_name = _("payment standard")
        verbose_name_plural = _("payment standards")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "category", "effective_from"], name="benefit_standard_one_per_month"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="benefit_standard_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.division_id} {self.category} {self.effective_from:%Y-%m} {self.amount}"


class Application(Versioned, VillageScoped):
    class Kind(models.TextChoices):
        NEW = "new", _("New allowance")
        CHANGE = "change", _("Change of category")
        EXIT = "exit", _("Stop the allowance")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        POSTING = "posting", _("Posted in the village")
        TOWNSHIP = "township", _("Waiting for the township")
        COUNTY = "county", _("Waiting for the county")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back for correction")
        REFUSED = "refused", _("Refused")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    OPEN = (Status.DRAFT, Status.POSTING, Status.TOWNSHIP, Status.COUNTY, Status.RETURNED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="benefit_applications")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    category = models.CharField(_("category applied for"), max_length=24, choices=Category.choices)
    # For a change or an exit: the allowance it changes or stops.
    benefit = models.ForeignKey(
        "Benefit", models.PROTECT, null=True, blank=True, related_name="applications", verbose_name=_("allowance")
    )
    # What the registry derived when the application was made (children.assess): kept as it was.
    eligible = models.BooleanField(_("eligible by the file"), null=True)
    eligibility_reasons = models.JSONField(default=list, blank=True)
    # Asked for although the file says no: the family's reason.
    request_reason = EncryptedTextField(_("why the family asks although the file says no"), blank=True)
    applicant_name = EncryptedCharField(_("who asks (guardian)"), max_length=100, blank=True)
    applicant_relation = models.CharField(_("relation to the child"), max_length=40, blank=True)
    note = EncryptedTextField(_("situation of the family"), blank=True)
    # Exit applications: why and from when.
    exit_reason = models.CharField(_("why it stops"), max_length=20, choices=ExitReason.choices, blank=True)
    event_on = models.DateField(_("date of the change"), null=True, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    posting_from = models.DateField(_("posted from"), null=True, blank=True)
    posting_until = models.DateField(_("posted until"), null=True, blank=True)
    township_on = models.DateField(_("township review date"), null=True, blank=True)
    township_opinion = EncryptedTextField(_("township opinion"), blank=True)
    township_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    county_on = models.DateField(_("county decision date"), null=True, blank=True)
    county_opinion = EncryptedTextField(_("county opinion"), blank=True)
    county_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    return_note = EncryptedTextField(_("what to correct"), blank=True)
    # Said to the family in plain words when refused.
    refusal_reason = EncryptedTextField(_("reason for the family"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("allowance application")
        verbose_name_plural = _("allowance applications")
        constraints = [
            # One application in progress per child at a time.
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status__in=["draft", "posting", "township", "county", "returned"]),
                name="benefit_one_open_application",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""), name="benefit_refusal_has_reason"
            ),
        ]
        indexes = [
            # The township's and county's queues: a scope's applications at one step, oldest first.
            models.Index(fields=["status", "village_id", "submitted_at"], name="benefit_app_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.kind} {self.status}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class Step(models.Model):
    """One step of an application's story (prepared, posted, reviewed, returned …), with its date
    and who took it."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Prepared")
        EDITED = "edited", _("Corrected")
        EVIDENCE = "evidence", _("Document added")
        POSTED = "posted", _("Notice put up in the village")
        OBJECTION = "objection", _("Objection recorded")
        SENT_UP = "sent_up", _("Sent to the township")
        REVIEWED = "reviewed", _("Township agreed")
        APPROVED = "approved", _("County approved")
        RETURNED = "returned", _("Sent back for correction")
        REFUSED = "refused", _("Refused")

    application = models.ForeignKey(Application, models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


def _evidence_path(instance, filename: str) -> str:
    # A random name: the original name (often the child's) is kept in the row, not on disk.
    ext = ".pdf" if instance.content_type == "application/pdf" else "." + instance.content_type.split("/")[-1]
    return f"benefits/evidence/{uuid.uuid4().hex}{ext}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        DEATH = "death", _("Death certificate or cancelled household register page")
        JUDGMENT = "judgment", _("Court judgment (declared dead or missing, guardianship)")
        DISABILITY = "disability", _("Disability certificate")
        DETENTION = "detention", _("Prison or compulsory rehabilitation certificate")
        POLICE = "police", _("Police receipt for a missing parent")
        OTHER = "other", _("Other document")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, models.CASCADE, related_name="evidence")
    kind = models.CharField(_("document"), max_length=12, choices=Kind.choices)
    # Stored under MEDIA_ROOT, which has no URL: served only by benefits.views.evidence_file.
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = EncryptedCharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class Objection(models.Model):
    """An objection raised during the village posting: who, what, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        UNFOUNDED = "unfounded", _("Checked: not true")
        UPHELD = "upheld", _("Checked: true")

    application = models.ForeignKey(Application, models.CASCADE, related_name="objections")
    raised_by = EncryptedCharField(_("who objected"), max_length=100)
    raised_on = models.DateField(_("date"))
    text = EncryptedTextField(_("what they said"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = EncryptedTextField(_("what was found"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["raised_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"


class Benefit(Versioned, VillageScoped):
    """An approved allowance: due every month from `start_month` up to, not including, `stop_month`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="benefits")
    application = models.OneToOneField(Application, models.PROTECT, related_name="approved_benefit")
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    start_month = models.DateField(_("first month"))
    stop_month = models.DateField(_("first month no longer paid"), null=True, blank=True)
    # 末领年月: the last month for which a payment reached the family (recorded payments).
    last_paid_month = models.DateField(_("last month paid"), null=True, blank=True)
    exit_reason = models.CharField(_("why it stopped"), max_length=20, choices=ExitReason.choices, blank=True)
    exit_on = models.DateField(_("date of the change"), null=True, blank=True)
    next_recheck_on = models.DateField(_("next re-check"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_month", "-id"]
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(stop_month__isnull=True), name="benefit_one_running_per_child"
            ),
            models.CheckConstraint(
                # Equal: stopped before its first month (a file closed between approval and the
                # first month paid), so no month is due.
                condition=models.Q(stop_month__isnull=True) | models.Q(stop_month__gte=models.F("start_month")),
                name="benefit_stops_after_start",
            ),
        ]
        indexes = [
            # The roll: a county's allowances due in a month (range on village_id, then months).
            models.Index(fields=["village_id", "start_month", "stop_month"], name="benefit_roll"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.category} {self.start_month:%Y-%m}"

    @property
    def is_running(self) -> bool:
        return self.stop_month is None


class Roll(models.Model):
    """A county's payment roll for one month: the list the finance bureau or the bank pays from.

    Built as a draft (rebuilt at will); once issued its lines are frozen: a later standard or a
    later exit changes later rolls only, through arrears and correction lines."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    county = models.ForeignKey("geo.Division", models.PROTECT, to_field="code", related_name="+")
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    built_at = models.DateTimeField(null=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # The comparison with the previous month, kept with the roll: {"stopped": [...], counts}.
    comparison = models.JSONField(default=dict, blank=True)
    # Kept with the roll when it is built or corrected, so that the list of rolls sums nothing.
    children_count = models.PositiveIntegerField(_("children"), default=0)
    total_amount = models.DecimalField(_("total (yuan)"), max_digits=14, decimal_places=2, default=0)
    # Every figure the roll page shows over its lines ({"lines", "paid", "returned", "arrears",
    # "corrections"}, yuan as strings), kept when the roll is built, corrected or paid
    # (rolls.store_totals): the page of a 10,000-line roll sums nothing.
    totals = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("payment roll")
        verbose_name_plural = _("payment rolls")
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="benefit_roll_one_per_month")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}"


class RollLine(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("This month")
        ARREARS = "arrears", _("Arrears")
        CORRECTION = "correction", _("Correction")

    class Change(models.TextChoices):
        SAME = "same", _("Same as last month")
        NEW = "new", _("New")
        AMOUNT = "amount", _("Amount changed")

    class Payment(models.TextChoices):
        PENDING = "pending", _("Not yet recorded")
        PAID = "paid", _("Paid")
        RETURNED = "returned", _("Returned by the bank")

    roll = models.ForeignKey(Roll, models.CASCADE, related_name="lines")
    benefit = models.ForeignKey(Benefit, models.PROTECT, related_name="lines")
    child = models.ForeignKey("children.Child", models.PROTECT, related_name="+")
    village_id = models.CharField(max_length=12)
    category = models.CharField(max_length=24, choices=Category.choices)
    # The month this money is for (the roll's month, or an earlier one for arrears).
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    change = models.CharField(max_length=6, choices=Change.choices, default=Change.SAME)
    note = models.CharField(max_length=200, blank=True)
    payment = models.CharField(max_length=8, choices=Payment.choices, default=Payment.PENDING)
    payment_on = models.DateField(null=True, blank=True)
    payment_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # The line's place in the roll's page order (village, child, month, id), numbered 1..n when
    # the roll's lines change (rolls.number_lines): page 100 of a roll is a range on this, not
    # an OFFSET that sorts or walks the 4,950 lines before it.
    position = models.PositiveIntegerField(default=0)
    # A returned month the county decided not to pay again (the family moved away unreachable, the
    # child died): it is no longer owed, so no later roll brings it back as arrears.
    not_repaid_on = models.DateField(_("not to be repaid since"), null=True, blank=True)
    not_repaid_reason = EncryptedCharField(_("why it is not repaid"), max_length=200, blank=True)
    not_repaid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["village_id", "child_id", "month", "id"]
        verbose_name = _("roll line")
        verbose_name_plural = _("roll lines")
        indexes = [
            # The roll page and its export, in their order (village, child, month), so that a page
            # deep in a county's roll is an index scan, not a sort of the whole roll.
            models.Index(fields=["roll", "village_id", "child", "month", "id"], name="benefit_line_roll"),
            # The roll page unfiltered: one page of lines by position.
            models.Index(fields=["roll", "position"], name="benefit_line_position"),
            # Months already paid for a benefit (arrears, last month paid).
            models.Index(fields=["benefit", "month"], name="benefit_line_months"),
        ]

    def __str__(self) -> str:
        return f"{self.roll_id} {self.child_id} {self.month:%Y-%m} {self.amount}"
