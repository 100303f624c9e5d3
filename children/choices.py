"""Enumerations of the child registry (DOMAIN.md §1). Codes are stable; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class HukouType(models.TextChoices):
    RURAL = "rural", _("Rural (agricultural)")
    URBAN = "urban", _("Urban (non-agricultural)")
    UNREGISTERED = "none", _("Not registered")


class SchoolingStatus(models.TextChoices):
    PRESCHOOL_NOT_ENROLLED = "preschool", _("Pre-school, not enrolled")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_MIDDLE = "junior", _("Junior middle school")
    SENIOR_MIDDLE = "senior", _("Senior middle / vocational school")
    UNIVERSITY = "university", _("University")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    OUT_OTHER = "out_other", _("Out of school for other reasons")


class HealthStatus(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    DISABLED = "disabled", _("Disabled")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    OTHER = "other", _("Other")


class DisabilityType(models.TextChoices):
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech")
    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    MULTIPLE = "multiple", _("Multiple")


class DisabilityGrade(models.IntegerChoices):
    GRADE_1 = 1, _("Grade 1 (most severe)")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")


class Category(models.TextChoices):
    """A child may carry several categories at once (DOMAIN.md §1.1)."""

    RURAL_LEFT_BEHIND = "rural_left_behind", _("Rural left-behind child")
    DIFFICULTY_ECONOMIC = "difficulty_economic", _("In difficulty: economic")
    DIFFICULTY_DISABILITY = "difficulty_disability", _("In difficulty: disability or illness")
    DIFFICULTY_GUARDIANSHIP = "difficulty_guardianship", _("In difficulty: guardianship")
    ORPHAN = "orphan", _("Orphan")
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("De facto unsupported child")
    OTHER_LOCAL = "other_local", _("Other (local category)")


class OrphanBasis(models.TextChoices):
    BOTH_PARENTS_DEAD = "both_dead", _("Both parents dead")
    ONE_DEAD_OTHER_MISSING = "dead_missing", _("One parent dead, the other declared missing by a court")
    BOTH_MISSING = "both_missing", _("Both parents declared missing by a court")
    PARENTS_UNTRACEABLE = "untraceable", _("Birth parents cannot be found")


class OrphanCare(models.TextChoices):
    DISPERSED = "dispersed", _("Dispersed (living with family)")
    INSTITUTIONAL = "institutional", _("Institutional care")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered (village)")
    CONFIRMED = "confirmed", _("Confirmed (township)")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    TURNED_16 = "turned_16", _("Turned 16")
    TURNED_18 = "turned_18", _("Turned 18")
    PARENTS_RETURNED = "parents_returned", _("Parents returned")
    CONDITION_ENDED = "condition_ended", _("Parent's condition ended (released, rehab completed, found)")
    MOVED = "moved", _("Moved away with the family")
    TRANSFERRED = "transferred", _("Transferred outside this system")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")
    # Set only by ledger.merge.do_merge_children: the file was a duplicate of another, which holds
    # its records now (the closure note names it); undoing the merge reopens it.
    MERGED = "merged", _("Merged into another file")


class ParentRole(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")


class VitalStatus(models.TextChoices):
    """Whether a parent is alive. A parent who is merely out of touch (失联) is alive with the
    condition LOST_CONTACT; only a court declares a person missing (宣告失踪, 民法典 Art. 40)."""

    ALIVE = "alive", _("Alive (including lost contact)")
    DEAD = "dead", _("Dead")
    DECLARED_MISSING = "declared_missing", _("Declared missing by a court")
    # One "missing" choice once covered both a court's declaration and a parent merely out of
    # touch. Migration 0006 moved those records here, to wait for the CWD to say which: no
    # rule counts this status, and a form may keep it but never choose it anew.
    MISSING_UNCONFIRMED = "missing_unconfirmed", _("Missing: to confirm (declared by a court, or lost contact?)")


class ParentCondition(models.TextChoices):
    """A living parent's condition, DOMAIN.md §1.5 (民发〔2019〕62号 as implemented)."""

    NONE = "", _("None")
    SEVERE_DISABILITY = "severe_disability", _("Severe disability")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    IMPRISONED = "imprisoned", _("Imprisoned")
    COMPULSORY_DRUG_REHAB = "drug_rehab", _("Compulsory drug rehabilitation")
    OTHER_DETENTION = "other_detention", _("Other deprivation of liberty")
    # 民发〔2019〕62号: counts 6 months after the police accepted the missing-person report.
    LOST_CONTACT = "lost_contact", _("Lost contact (reported to the police)")
    GUARDIANSHIP_REVOKED = "guardianship_revoked", _("Guardianship revoked")
    DEPORTED = "deported", _("Deported")


class MigrationStatus(models.TextChoices):
    AT_HOME = "home", _("At home")
    AWAY_IN_PROVINCE = "away_province", _("Working away, within the province")
    AWAY_OUT_OF_PROVINCE = "away_outside", _("Working away, outside the province")


class CaregiverRelation(models.TextChoices):
    PATERNAL_GRANDFATHER = "grandfather", _("Grandfather")
    PATERNAL_GRANDMOTHER = "grandmother", _("Grandmother")
    MATERNAL_GRANDFATHER = "maternal_grandfather", _("Maternal grandfather")
    MATERNAL_GRANDMOTHER = "maternal_grandmother", _("Maternal grandmother")
    ADULT_SIBLING = "sibling", _("Adult sibling")
    UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND_NEIGHBOUR = "friend_neighbour", _("Friend or neighbour")
    PARENT_AT_HOME = "parent", _("Parent at home")
    OTHER = "other", _("Other")


class CaregiverHealth(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    DISABLED = "disabled", _("Disabled")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    OTHER = "other", _("Other")


class IncomeSource(models.TextChoices):
    MIGRANT_WAGES = "migrant_wages", _("Wages from migrant work")
    FARMING = "farming", _("Farming")
    LOCAL_WORK = "local_work", _("Local work or business")
    SOCIAL_ASSISTANCE = "assistance", _("Social assistance")
    OTHER = "other", _("Other")


class AssistanceStatus(models.TextChoices):
    NONE = "", _("None")
    DIBAO = "dibao", _("Minimum living allowance (低保)")
    TEKUN = "tekun", _("Extreme-poverty support (特困)")
    DIBAO_EDGE = "dibao_edge", _("Near the allowance line (低保边缘)")
    POVERTY_MONITORING = "monitoring", _("Poverty-return monitoring (防返贫监测)")


# GB/T 3304 ethnic group codes; 97 = other, 98 = foreign-born naturalised.
ETHNICITIES = [
    ("01", _("Han")), ("02", _("Mongol")), ("03", _("Hui")), ("04", _("Tibetan")),
    ("05", _("Uyghur")), ("06", _("Miao")), ("07", _("Yi")), ("08", _("Zhuang")),
    ("09", _("Buyei")), ("10", _("Korean")), ("11", _("Manchu")), ("12", _("Dong")),
    ("13", _("Yao")), ("14", _("Bai")), ("15", _("Tujia")), ("16", _("Hani")),
    ("17", _("Kazakh")), ("18", _("Dai")), ("19", _("Li")), ("20", _("Lisu")),
    ("21", _("Va")), ("22", _("She")), ("23", _("Gaoshan")), ("24", _("Lahu")),
    ("25", _("Sui")), ("26", _("Dongxiang")), ("27", _("Naxi")), ("28", _("Jingpo")),
    ("29", _("Kyrgyz")), ("30", _("Tu")), ("31", _("Daur")), ("32", _("Mulao")),
    ("33", _("Qiang")), ("34", _("Blang")), ("35", _("Salar")), ("36", _("Maonan")),
    ("37", _("Gelao")), ("38", _("Xibe")), ("39", _("Achang")), ("40", _("Pumi")),
    ("41", _("Tajik")), ("42", _("Nu")), ("43", _("Uzbek")), ("44", _("Russian")),
    ("45", _("Evenki")), ("46", _("De'ang")), ("47", _("Bonan")), ("48", _("Yugur")),
    ("49", _("Gin")), ("50", _("Tatar")), ("51", _("Derung")), ("52", _("Oroqen")),
    ("53", _("Hezhen")), ("54", _("Monba")), ("55", _("Lhoba")), ("56", _("Jino")),
    ("97", _("Other")), ("98", _("Naturalised (foreign origin)")),
]  # fmt: skip
