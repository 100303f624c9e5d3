"""Eligibility rules: the national left-behind definition and every §1.5 combination."""

from datetime import date

import pytest
from django.utils import translation

from children.choices import DisabilityType, HukouType, MigrationStatus, ParentCondition, SchoolingStatus, VitalStatus
from children.eligibility import (
    NATIONAL_DEFAULT,
    ChildFacts,
    ParentFacts,
    Rules,
    add_months,
    age_on,
    de_facto_unsupported,
    left_behind,
    orphan,
)

PC = ParentCondition


@pytest.fixture(autouse=True)
def _english():
    """The reasons are checked in English; the default UI language is Chinese."""
    with translation.override("en"):
        yield


TODAY = date(2026, 11, 23)
LONG_AGO = date(2025, 1, 1)
AWAY = MigrationStatus.AWAY_OUT_OF_PROVINCE
HOME = MigrationStatus.AT_HOME


def parent(label="father", *, vital=VitalStatus.ALIVE, condition="", since=LONG_AGO, migration=HOME):
    if condition == PC.SEVERE_DISABILITY:
        # Recorded as the certificate's type and grade (test_parent_disability.py).
        return ParentFacts(label, vital, "", None, migration, DisabilityType.PHYSICAL, 2)
    return ParentFacts(label, vital, condition, since if condition else None, migration)


def kid(father, mother, *, born=date(2015, 6, 1), hukou=HukouType.RURAL, schooling=SchoolingStatus.PRIMARY):
    return ChildFacts(born, hukou, schooling, father, mother)


class TestLeftBehind:
    def test_both_parents_away(self):
        finding = left_behind(kid(parent(migration=AWAY), parent("mother", migration=AWAY)), NATIONAL_DEFAULT, TODAY)
        assert finding.meets
        assert any("Both parents" in r for r in finding.reasons)

    @pytest.mark.parametrize("condition", [PC.SEVERE_DISABILITY, PC.SERIOUS_ILLNESS])
    def test_one_away_other_incapable(self, condition):
        child = kid(parent(migration=AWAY), parent("mother", condition=condition))
        assert left_behind(child, NATIONAL_DEFAULT, TODAY).meets

    def test_one_away_other_capable_at_home(self):
        assert not left_behind(kid(parent(migration=AWAY), parent("mother")), NATIONAL_DEFAULT, TODAY).meets

    def test_age_16_is_out(self):
        child = kid(parent(migration=AWAY), parent("mother", migration=AWAY), born=date(2010, 11, 23))
        finding = left_behind(child, NATIONAL_DEFAULT, TODAY)
        assert not finding.meets
        assert "16" in finding.reasons[0]
        day_before = kid(parent(migration=AWAY), parent("mother", migration=AWAY), born=date(2010, 11, 24))
        assert left_behind(day_before, NATIONAL_DEFAULT, TODAY).meets

    def test_urban_hukou_is_out(self):
        child = kid(parent(migration=AWAY), parent("mother", migration=AWAY), hukou=HukouType.URBAN)
        assert not left_behind(child, NATIONAL_DEFAULT, TODAY).meets

    def test_dead_parent_at_home_counts_only_where_local_rules_say_so(self):
        child = kid(parent(migration=AWAY), parent("mother", vital=VitalStatus.DEAD))
        assert not left_behind(child, NATIONAL_DEFAULT, TODAY).meets
        songyang = Rules(lbc_absent_parent_counts=True)
        assert left_behind(child, songyang, TODAY).meets


# §1.5: A = six conditions (plus two local ones); D = dead or missing.
A = [
    PC.SEVERE_DISABILITY,
    PC.SERIOUS_ILLNESS,
    PC.IMPRISONED,
    PC.COMPULSORY_DRUG_REHAB,
    PC.OTHER_DETENTION,
    PC.LOST_CONTACT,
]
D = [VitalStatus.DEAD, VitalStatus.MISSING]
LOCAL = [PC.GUARDIANSHIP_REVOKED, PC.DEPORTED]


def _state(spec, label):
    if spec in D:
        return parent(label, vital=spec)
    if spec == "none":
        return parent(label)
    return parent(label, condition=spec)


ALL_STATES = [*A, *LOCAL, *D, "none"]


@pytest.mark.parametrize("father", ALL_STATES)
@pytest.mark.parametrize("mother", ALL_STATES)
def test_de_facto_unsupported_every_combination(father, mother):
    child = kid(_state(father, "father"), _state(mother, "mother"))
    in_a = {f: f in A for f in ALL_STATES}
    in_d = {f: f in D for f in ALL_STATES}
    expected = (in_a[father] and in_a[mother]) or (in_d[father] and in_a[mother]) or (in_a[father] and in_d[mother])
    finding = de_facto_unsupported(child, NATIONAL_DEFAULT, TODAY)
    assert finding.meets == expected
    assert finding.reasons


@pytest.mark.parametrize("local", LOCAL)
def test_local_conditions_count_where_adopted(local):
    rules = Rules(dfu_conditions=(*NATIONAL_DEFAULT.dfu_conditions, *LOCAL))
    child = kid(parent(condition=local), parent("mother", vital=VitalStatus.DEAD))
    assert not de_facto_unsupported(child, NATIONAL_DEFAULT, TODAY).meets
    assert de_facto_unsupported(child, rules, TODAY).meets


@pytest.mark.parametrize("condition", [PC.IMPRISONED, PC.COMPULSORY_DRUG_REHAB, PC.OTHER_DETENTION, PC.LOST_CONTACT])
def test_time_bound_conditions_need_six_months(condition):
    five_months = parent(condition=condition, since=date(2026, 6, 24))
    six_months = parent(condition=condition, since=date(2026, 5, 23))
    mother = parent("mother", vital=VitalStatus.DEAD)
    assert not de_facto_unsupported(kid(five_months, mother), NATIONAL_DEFAULT, TODAY).meets
    assert de_facto_unsupported(kid(six_months, mother), NATIONAL_DEFAULT, TODAY).meets
    no_date = ParentFacts("father", VitalStatus.ALIVE, condition, None, HOME)
    finding = de_facto_unsupported(kid(no_date, mother), NATIONAL_DEFAULT, TODAY)
    assert not finding.meets
    assert "start date" in finding.reasons[-1]


def test_disability_is_not_time_bound():
    recent = parent(condition=PC.SEVERE_DISABILITY, since=date(2026, 11, 1))
    assert de_facto_unsupported(kid(recent, parent("mother", vital=VitalStatus.MISSING)), NATIONAL_DEFAULT, TODAY).meets


def test_de_facto_unsupported_age_and_school_extension():
    both = (parent(condition=PC.IMPRISONED), parent("mother", condition=PC.SEVERE_DISABILITY))
    adult = kid(*both, born=date(2008, 1, 1), schooling=SchoolingStatus.SENIOR_MIDDLE)
    assert not de_facto_unsupported(adult, NATIONAL_DEFAULT, TODAY).meets
    assert de_facto_unsupported(adult, Rules(dfu_extend_in_school=True), TODAY).meets


def test_orphan():
    both_dead = kid(parent(vital=VitalStatus.DEAD), parent("mother", vital=VitalStatus.MISSING))
    assert orphan(both_dead, TODAY).meets
    assert not de_facto_unsupported(both_dead, NATIONAL_DEFAULT, TODAY).meets
    assert not orphan(kid(parent(vital=VitalStatus.DEAD), parent("mother")), TODAY).meets


def test_age_and_month_arithmetic():
    assert age_on(date(2012, 2, 29), date(2028, 2, 28)) == 15
    assert age_on(date(2012, 2, 29), date(2028, 2, 29)) == 16
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
