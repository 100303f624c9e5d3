"""Eligibility of a stored child: facts from the database, rules of the jurisdiction."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from geo.models import Division

from . import eligibility as e
from .choices import Category, ParentRole
from .models import Child, EligibilityRules


def rules_for(village: Division) -> tuple[e.Rules, Division | None]:
    """The rules of the nearest division (village up to province) that has its own."""
    codes = [*village.ancestor_codes(), village.code]
    row = (
        EligibilityRules.objects.filter(division_id__in=codes)
        .select_related("division")
        .order_by("-division__level")
        .first()
    )
    if row is None:
        return e.NATIONAL_DEFAULT, None
    default = e.NATIONAL_DEFAULT
    return (
        e.Rules(
            lbc_max_age=row.lbc_max_age,
            lbc_hukou_types=tuple(row.lbc_hukou_types or default.lbc_hukou_types),
            lbc_incapable_conditions=tuple(row.lbc_incapable_conditions or default.lbc_incapable_conditions),
            lbc_absent_parent_counts=row.lbc_absent_parent_counts,
            lbc_time_bound_conditions=tuple(row.lbc_time_bound_conditions or default.lbc_time_bound_conditions),
            lbc_min_months=row.lbc_min_months,
            dfu_conditions=tuple(row.dfu_conditions or default.dfu_conditions),
            dfu_time_bound_conditions=tuple(row.dfu_time_bound_conditions or default.dfu_time_bound_conditions),
            dfu_min_months=row.dfu_min_months,
            dfu_max_age=row.dfu_max_age,
            dfu_extend_in_school=row.dfu_extend_in_school,
            severe_disability_max_grade=row.severe_disability_max_grade,
            severe_disability_mental_any_grade=row.severe_disability_mental_any_grade,
            orphan_extend_in_school=row.orphan_extend_in_school,
        ),
        row.division,
    )


def facts_for(child: Child) -> e.ChildFacts:
    household = child.household
    parents = {}
    for role in (ParentRole.FATHER, ParentRole.MOTHER):
        p = household.parent(role)
        label = _("father") if role == ParentRole.FATHER else _("mother")
        parents[role] = (
            e.ParentFacts(
                label,
                p.vital_status,
                p.condition,
                p.condition_start,
                p.migration_status,
                p.condition_evidence,
                disability_type=p.disability_type,
                disability_grade=p.disability_grade,
                condition_until=p.condition_until,
            )
            if p
            else e.ParentFacts(label)
        )
    return e.ChildFacts(
        child.date_of_birth,
        child.hukou_type,
        child.schooling_status,
        parents[ParentRole.FATHER],
        parents[ParentRole.MOTHER],
    )


@dataclass
class Assessment:
    category: Category
    finding: e.Finding
    recorded: bool

    @property
    def mismatch(self) -> bool:
        return self.finding.meets != self.recorded


def assess(child: Child, on: date | None = None) -> tuple[list[Assessment], Division | None]:
    on = on or timezone.localdate()
    rules, source = rules_for(child.village)
    facts = facts_for(child)
    recorded = set(child.categories)
    results = [
        (Category.RURAL_LEFT_BEHIND, e.left_behind(facts, rules, on)),
        (Category.DE_FACTO_UNSUPPORTED, e.de_facto_unsupported(facts, rules, on)),
        (Category.ORPHAN, e.orphan(facts, on, rules)),
    ]
    return [Assessment(cat, finding, cat in recorded) for cat, finding in results], source
