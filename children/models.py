"""The child registry: one file per child (一人一档), its household, parents and caregiver."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import BlindIndexField, BlindIndexQuerySet, EncryptedCharField
from core.versioning import Versioned

from . import choices as c
from .identity import INITIALS_MAX_LENGTH, PINYIN_MAX_LENGTH

# Categories are a set (DOMAIN.md §1.1). Each is a boolean column so that filtering by
# category and the county overview's counts stay single-table scans at 200,000 children.
CATEGORY_FIELD = {cat: f"cat_{cat.value}" for cat in c.Category}


class Household(Versioned):
    """A family: parents, entrusted caregiver and other members, shared by siblings."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+", verbose_name=_("village"))
    address = models.CharField(_("household address"), max_length=255, blank=True)
    income_source = models.CharField(_("main income source"), max_length=20, choices=c.IncomeSource.choices, blank=True)
    assistance_status = models.CharField(
        _("social assistance"), max_length=20, choices=c.AssistanceStatus.choices, blank=True
    )
    # Entrusted caregiver (MPL Art. 22–23): parents working away must entrust a capable adult
    # and tell the school and the village committee in writing.
    has_caregiver = models.BooleanField(_("has an entrusted caregiver"), default=False)
    caregiver_name = models.CharField(_("caregiver's name"), max_length=50, blank=True)
    caregiver_relation = models.CharField(
        _("relation to the child"), max_length=30, choices=c.CaregiverRelation.choices, blank=True
    )
    caregiver_relation_other = models.CharField(_("other relation"), max_length=50, blank=True)
    caregiver_birth_year = models.PositiveSmallIntegerField(_("caregiver's year of birth"), null=True, blank=True)
    caregiver_phone = models.CharField(_("caregiver's phone"), max_length=30, blank=True)
    caregiver_health = models.CharField(
        _("caregiver's health"), max_length=20, choices=c.CaregiverHealth.choices, blank=True
    )
    caregiver_reason = models.CharField(_("reason for entrusting care"), max_length=255, blank=True)
    caregiver_notice_date = models.DateField(_("written notice to school and village on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.address or str(self.uuid)

    def parent(self, role: str) -> "Parent | None":
        for p in self.parents.all():
            if p.role == role:
                return p
        return None


class Parent(Versioned):
    household = models.ForeignKey(Household, models.CASCADE, related_name="parents")
    role = models.CharField(_("role"), max_length=10, choices=c.ParentRole.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    # Encrypted at rest (core.fields); never looked up, so it has no blind index.
    id_number = EncryptedCharField(_("resident ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    vital_status = models.CharField(
        _("alive, dead or missing"), max_length=20, choices=c.VitalStatus.choices, default=c.VitalStatus.ALIVE
    )
    condition = models.CharField(
        _("condition"), max_length=30, choices=c.ParentCondition.choices, blank=True, default=""
    )
    condition_start = models.DateField(_("condition since"), null=True, blank=True)
    # A known end (release from prison, end of compulsory rehabilitation): the nightly re-check
    # (children.rechecks) tells the CWD on that day, since the condition then stops counting.
    condition_until = models.DateField(_("condition ends on"), null=True, blank=True)
    condition_evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    # From the 残疾人证 (GB/T 26341-2010 grades); whether it is 重残 is decided by the
    # jurisdiction's rules (children.eligibility.severely_disabled), not typed as a condition.
    disability_type = models.CharField(
        _("disability type"), max_length=20, choices=c.DisabilityType.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=c.DisabilityGrade.choices, null=True, blank=True
    )
    migration_status = models.CharField(
        _("migration"), max_length=20, choices=c.MigrationStatus.choices, default=c.MigrationStatus.AT_HOME
    )
    work_city = models.CharField(_("work city"), max_length=50, blank=True)
    last_contact = models.DateField(_("last contact with the child"), null=True, blank=True)

    class Meta:
        verbose_name = _("parent")
        verbose_name_plural = _("parents")
        constraints = [
            models.UniqueConstraint(fields=["household", "role"], name="parent_one_per_role"),
            models.CheckConstraint(
                condition=models.Q(disability_grade__isnull=True) | models.Q(disability_grade__range=(1, 4)),
                name="parent_disability_grade_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_role_display()

    @property
    def is_away(self) -> bool:
        return self.vital_status == c.VitalStatus.ALIVE and self.migration_status != c.MigrationStatus.AT_HOME

    @property
    def disability_grade_needed(self) -> bool:
        """Marked "severe disability" before grades were recorded, and no grade entered since:
        the CWD must enter it from the certificate (it is never guessed)."""
        return self.condition == c.ParentCondition.SEVERE_DISABILITY and self.disability_grade is None


class HouseholdMember(models.Model):
    """Other people living in the household (grandparents, siblings, relatives)."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation to the child"), max_length=50)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.name


class Child(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, models.PROTECT, related_name="children")
    village = models.ForeignKey(
        "geo.Division", models.PROTECT, related_name="registered_children", verbose_name=_("village")
    )

    # Identity
    name = models.CharField(_("name"), max_length=50)
    # Search keys: full pinyin without tones or spaces ("zhangwei") and initials ("zw").
    name_pinyin = models.CharField(max_length=PINYIN_MAX_LENGTH, editable=False, db_index=True)
    name_initials = models.CharField(max_length=INITIALS_MAX_LENGTH, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=c.Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=c.ETHNICITIES, default="01")
    # Encrypted at rest (core.fields); looked up through its blind index (duplicates, search, schools).
    id_number = EncryptedCharField(_("resident ID number"), max_length=18, blank=True)
    id_number_digest = BlindIndexField(source="id_number")
    hukou_type = models.CharField(_("hukou type"), max_length=10, choices=c.HukouType.choices)
    address = models.CharField(_("current address"), max_length=255, blank=True)

    # Schooling
    schooling_status = models.CharField(_("schooling"), max_length=20, choices=c.SchoolingStatus.choices)
    school = models.CharField(_("school"), max_length=100, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    boarding = models.BooleanField(_("boarding at school"), default=False)

    # Health
    health_status = models.CharField(
        _("health"), max_length=20, choices=c.HealthStatus.choices, default=c.HealthStatus.HEALTHY
    )
    disability_type = models.CharField(
        _("disability type"), max_length=20, choices=c.DisabilityType.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=c.DisabilityGrade.choices, null=True, blank=True
    )
    health_note = EncryptedCharField(_("illness or health note"), max_length=255, blank=True)
    photo = models.ImageField(_("photo"), upload_to="children/photos/", blank=True)

    # Categories (a set)
    cat_rural_left_behind = models.BooleanField(c.Category.RURAL_LEFT_BEHIND.label, default=False)
    cat_difficulty_economic = models.BooleanField(c.Category.DIFFICULTY_ECONOMIC.label, default=False)
    cat_difficulty_disability = models.BooleanField(c.Category.DIFFICULTY_DISABILITY.label, default=False)
    cat_difficulty_guardianship = models.BooleanField(c.Category.DIFFICULTY_GUARDIANSHIP.label, default=False)
    cat_orphan = models.BooleanField(c.Category.ORPHAN.label, default=False)
    cat_de_facto_unsupported = models.BooleanField(c.Category.DE_FACTO_UNSUPPORTED.label, default=False)
    cat_other_local = models.BooleanField(c.Category.OTHER_LOCAL.label, default=False)
    orphan_basis = models.CharField(_("orphan basis"), max_length=20, choices=c.OrphanBasis.choices, blank=True)
    orphan_care = models.CharField(_("orphan care"), max_length=20, choices=c.OrphanCare.choices, blank=True)
    other_category_note = models.CharField(_("local category"), max_length=100, blank=True)

    # Lifecycle: registered (village) → confirmed (township) → active (county) → closed.
    status = models.CharField(_("status"), max_length=12, choices=c.Status.choices, default=c.Status.REGISTERED)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    # Set when the township sends a record back to the village for correction.
    returned_note = models.CharField(_("returned for correction"), max_length=255, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=20, choices=c.ClosureReason.choices, blank=True)
    closure_note = models.CharField(_("closure note"), max_length=255, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when the file's personal data were erased after the retention period (children.minimise):
    # such a file stays closed; a child who comes back is registered anew.
    minimised_on = models.DateField(_("personal data erased on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False, closure_reason__gt=""),
                name="child_closed_has_reason_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(disability_grade__isnull=True) | models.Q(disability_grade__range=(1, 4)),
                name="child_disability_grade_1_to_4",
            ),
        ]
        indexes = [
            # The roster: children of a village range (scope), ordered by pinyin.
            models.Index(fields=["village", "name_pinyin"], name="child_village_pinyin"),
            # Duplicate check at registration: same pinyin and date of birth in the county.
            models.Index(fields=["date_of_birth", "name_pinyin"], name="child_dob_pinyin"),
            # Duplicate check, search and school matching on the ID number, anywhere in the system
            # (the column itself is encrypted: its blind index is what equality can use).
            models.Index(
                fields=["id_number_digest"], name="child_id_number_digest", condition=~models.Q(id_number_digest="")
            ),
            # The township confirmation queue and the county activation queue.
            models.Index(fields=["status", "village"], name="child_status_village"),
        ]

    objects = BlindIndexQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The digest follows the ID number, also in save(update_fields=[..., "id_number"]).
        fields = kwargs.get("update_fields")
        if fields is not None and "id_number" in fields and "id_number_digest" not in fields:
            kwargs["update_fields"] = [*fields, "id_number_digest"]
        super().save(*args, **kwargs)

    @property
    def categories(self) -> list[c.Category]:
        return [cat for cat, field in CATEGORY_FIELD.items() if getattr(self, field)]

    def set_categories(self, categories: "list[str] | set[str]") -> None:
        chosen = set(categories)
        for cat, field in CATEGORY_FIELD.items():
            setattr(self, field, cat.value in chosen)

    @property
    def is_closed(self) -> bool:
        return self.status == c.Status.CLOSED


class ChildTransfer(models.Model):
    """A move of a child's file from one village to another; history is never rewritten."""

    child = models.ForeignKey(Child, models.CASCADE, related_name="transfers")
    from_village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+")
    to_village = models.ForeignKey("geo.Division", models.PROTECT, related_name="+")
    transferred_on = models.DateField(_("transferred on"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-created_at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"{self.from_village_id} → {self.to_village_id} ({self.transferred_on})"


class EligibilityRules(Versioned):
    """Eligibility parameters for one jurisdiction (DOMAIN.md §1.1, §1.5 mark them local).

    The rules of the nearest ancestor division with a row apply; with none, the national
    default (eligibility.NATIONAL_DEFAULT).
    """

    division = models.OneToOneField(
        "geo.Division", models.CASCADE, related_name="eligibility_rules", verbose_name=_("jurisdiction")
    )
    lbc_max_age = models.PositiveSmallIntegerField(_("left-behind: under this age"), default=16)
    lbc_hukou_types = models.JSONField(_("left-behind: hukou types"), default=list, blank=True)
    lbc_incapable_conditions = models.JSONField(
        _("left-behind: conditions that make a parent incapable"), default=list, blank=True
    )
    lbc_absent_parent_counts = models.BooleanField(
        _("left-behind: a dead or missing parent counts as incapable"), default=False
    )
    dfu_conditions = models.JSONField(_("de facto unsupported: parent conditions"), default=list, blank=True)
    dfu_time_bound_conditions = models.JSONField(
        _("de facto unsupported: time-bound conditions"), default=list, blank=True
    )
    dfu_min_months = models.PositiveSmallIntegerField(_("de facto unsupported: minimum months"), default=6)
    dfu_max_age = models.PositiveSmallIntegerField(_("de facto unsupported: under this age"), default=18)
    dfu_extend_in_school = models.BooleanField(
        _("de facto unsupported: continues past 18 while in full-time secondary school"), default=False
    )
    lbc_time_bound_conditions = models.JSONField(
        _("left-behind: conditions that count only once they have lasted the minimum months"),
        default=list,
        blank=True,
    )
    lbc_min_months = models.PositiveSmallIntegerField(_("left-behind: minimum months"), default=0)
    severe_disability_max_grade = models.PositiveSmallIntegerField(
        _("severe disability: certificate grade up to"),
        choices=c.DisabilityGrade.choices,
        default=2,
        help_text=_("Grade 1 is the most severe. National rule: grades 1 and 2."),
    )
    severe_disability_mental_any_grade = models.BooleanField(
        _("severe disability: mental or intellectual disability of any grade"),
        default=True,
        help_text=_("National rule: grades 3 and 4 of mental or intellectual disability count too."),
    )
    orphan_extend_in_school = models.BooleanField(
        _("orphan: support continues past 18 while still in school"), default=False
    )
    note = models.CharField(_("source or note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("eligibility rules")
        verbose_name_plural = _("eligibility rules")

    def __str__(self) -> str:
        return str(self.division)


class VillageScoped(models.Model):
    """A child's row in another app that keeps a copy of the child's village.

    Scoped lists and counts (follow-up, referrals, case plans, …) filter on this column with
    one range condition instead of joining the registry. The transfer action keeps every
    subclass in step (children.actions.do_transfer_child), so a subclass needs only a `child`
    foreign key (or one-to-one) to the Child.
    """

    village_id = models.CharField(max_length=12)

    class Meta:
        abstract = True


def village_scoped_models() -> list[type[VillageScoped]]:
    """Every installed model that keeps a copy of its child's village."""
    from django.apps import apps  # the registry is complete only once apps are loaded

    return [m for m in apps.get_models() if issubclass(m, VillageScoped)]
