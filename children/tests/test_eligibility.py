"""Eligibility rules: the national left-behind definition and every §1.5 combination."""

from dataclasses import replace
from datetime import date, timedelta

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


def parent(
    label="father", *, vital=VitalStatus.ALIVE, condition="", since=LONG_AGO, migration=HOME, evidence="on file"
):
    if condition == PC.SEVERE_DISABILITY:
        # Recorded as the certificate's type and grade (test_parent_disability.py).
        return ParentFacts(
            label, vital, "", None, migration, evidence, disability_type=DisabilityType.PHYSICAL, disability_grade=2
        )
    return ParentFacts(label, vital, condition, since if condition else None, migration, evidence)


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


# §1.5: A = six conditions (plus two local ones); D = dead or declared missing by a court.
A = [
    PC.SEVERE_DISABILITY,
    PC.SERIOUS_ILLNESS,
    PC.IMPRISONED,
    PC.COMPULSORY_DRUG_REHAB,
    PC.OTHER_DETENTION,
    PC.LOST_CONTACT,
]
D = [VitalStatus.DEAD, VitalStatus.DECLARED_MISSING]
LOCAL = [PC.GUARDIANSHIP_REVOKED, PC.DEPORTED]


def _state(spec, label):
    if spec in D or spec == VitalStatus.MISSING_UNCONFIRMED:
        return parent(label, vital=spec)
    if spec == "none":
        return parent(label)
    return parent(label, condition=spec)


ALL_STATES = [*A, *LOCAL, *D, VitalStatus.MISSING_UNCONFIRMED, "none"]


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
    no_date = ParentFacts("father", VitalStatus.ALIVE, condition, None, HOME, "on file")
    finding = de_facto_unsupported(kid(no_date, mother), NATIONAL_DEFAULT, TODAY)
    assert not finding.meets
    assert "start date" in finding.reasons[-1] or "police accepted" in finding.reasons[-1]


def test_disability_is_not_time_bound():
    recent = parent(condition=PC.SEVERE_DISABILITY, since=date(2026, 11, 1))
    assert de_facto_unsupported(
        kid(recent, parent("mother", vital=VitalStatus.DECLARED_MISSING)), NATIONAL_DEFAULT, TODAY
    ).meets


def test_de_facto_unsupported_age_and_school_extension():
    both = (parent(condition=PC.IMPRISONED), parent("mother", condition=PC.SEVERE_DISABILITY))
    adult = kid(*both, born=date(2008, 1, 1), schooling=SchoolingStatus.SENIOR_MIDDLE)
    assert not de_facto_unsupported(adult, NATIONAL_DEFAULT, TODAY).meets
    assert de_facto_unsupported(adult, Rules(dfu_extend_in_school=True), TODAY).meets


def test_orphan():
    both_dead = kid(parent(vital=VitalStatus.DEAD), parent("mother", vital=VitalStatus.DECLARED_MISSING))
    assert orphan(both_dead, TODAY).meets
    assert not de_facto_unsupported(both_dead, NATIONAL_DEFAULT, TODAY).meets
    assert not orphan(kid(parent(vital=VitalStatus.DEAD), parent("mother")), TODAY).meets


def test_age_and_month_arithmetic():
    assert age_on(date(2012, 2, 29), date(2028, 2, 28)) == 15
    assert age_on(date(2012, 2, 29), date(2028, 2, 29)) == 16
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


class TestMissingOrOutOfTouch:
    """Issue 12: "missing" once covered both a court's declaration (宣告失踪, 民法典 Art. 40) and a
    parent merely out of touch (失联, 民发〔2019〕62号). The old code counted any "missing" parent
    at once, like a dead one, for both the orphan and the de facto unsupported rule."""

    def test_declared_missing_counts_at_once_like_death(self):
        declared = parent("mother", vital=VitalStatus.DECLARED_MISSING)
        assert de_facto_unsupported(
            kid(parent(condition=PC.SEVERE_DISABILITY), declared), NATIONAL_DEFAULT, TODAY
        ).meets
        assert orphan(kid(parent(vital=VitalStatus.DEAD), declared), TODAY).meets

    def test_lost_contact_counts_six_months_after_the_police_accepted_the_report(self):
        dead = parent(vital=VitalStatus.DEAD)
        reported = parent("mother", condition=PC.LOST_CONTACT, since=date(2026, 6, 24))
        finding = de_facto_unsupported(kid(dead, reported), NATIONAL_DEFAULT, TODAY)
        assert not finding.meets
        # The CWD is told when it will count: six months after the police accepted the report.
        assert "2026-06-24" in finding.reasons[-1]
        assert "2026-12-24" in finding.reasons[-1]
        assert de_facto_unsupported(
            kid(dead, parent("mother", condition=PC.LOST_CONTACT, since=date(2026, 5, 23))), NATIONAL_DEFAULT, TODAY
        ).meets

    def test_lost_contact_never_makes_an_orphan(self):
        lost = parent("mother", condition=PC.LOST_CONTACT, since=date(2020, 1, 1))
        finding = orphan(kid(parent(vital=VitalStatus.DEAD), lost), TODAY)
        assert not finding.meets
        assert "declared missing by a court" in finding.reasons[-1]

    def test_lost_contact_without_the_police_record_does_not_count(self):
        dead = parent(vital=VitalStatus.DEAD)
        no_receipt = parent("mother", condition=PC.LOST_CONTACT, since=LONG_AGO, evidence=" ")
        finding = de_facto_unsupported(kid(dead, no_receipt), NATIONAL_DEFAULT, TODAY)
        assert not finding.meets
        assert "police's receipt or note is not recorded" in finding.reasons[-1]
        no_date = ParentFacts("mother", VitalStatus.ALIVE, PC.LOST_CONTACT, None, HOME, "receipt 12")
        finding = de_facto_unsupported(kid(dead, no_date), NATIONAL_DEFAULT, TODAY)
        assert not finding.meets
        assert "date the police accepted the missing-person report is not recorded" in finding.reasons[-1]

    def test_an_unconfirmed_missing_parent_counts_for_nothing_and_says_why(self):
        unconfirmed = parent("mother", vital=VitalStatus.MISSING_UNCONFIRMED)
        dfu = de_facto_unsupported(kid(parent(condition=PC.SEVERE_DISABILITY), unconfirmed), NATIONAL_DEFAULT, TODAY)
        assert not dfu.meets
        assert "does not count until you confirm it" in dfu.reasons[-1]
        orphaned = orphan(kid(parent(vital=VitalStatus.DEAD), unconfirmed), TODAY)
        assert not orphaned.meets
        assert "Confirm the mother's missing" in orphaned.reasons[-1]
        songyang = Rules(lbc_absent_parent_counts=True)
        assert not left_behind(kid(parent(migration=AWAY), unconfirmed), songyang, TODAY).meets


def test_a_condition_that_has_ended_no_longer_counts():
    """Issue 12: a parent released from prison (the recorded end date has passed) no longer makes
    the child de facto unsupported; before, the ended condition kept counting until edited."""
    dead = parent(vital=VitalStatus.DEAD)
    imprisoned = parent("mother", condition=PC.IMPRISONED)
    assert de_facto_unsupported(kid(dead, imprisoned), NATIONAL_DEFAULT, TODAY).meets
    released = replace(imprisoned, condition_until=TODAY - timedelta(days=1))
    finding = de_facto_unsupported(kid(dead, released), NATIONAL_DEFAULT, TODAY)
    assert not finding.meets
    assert (TODAY - timedelta(days=1)).isoformat() in finding.reasons[-1]
    # Still serving on the last day: it counts.
    assert de_facto_unsupported(kid(dead, replace(imprisoned, condition_until=TODAY)), NATIONAL_DEFAULT, TODAY).meets
