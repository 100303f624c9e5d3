"""Parents' disability and local options.

重残 (severe disability) is decided from the 残疾人证's type and grade by the jurisdiction's rule
(民发〔2019〕62号: grade 1–2 of any type, or grade 3–4 mental or intellectual), not chosen as a
condition; orphans past 18 still in school and Songyang's one-year limits are jurisdiction options.
Before this change a parent's severe disability was a judgement ("severe_disability" condition)
and none of these options existed: every test here fails on that code.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from children import choices as c
from children.assess import assess
from children.eligibility import (
    NATIONAL_DEFAULT,
    ChildFacts,
    ParentFacts,
    Rules,
    de_facto_unsupported,
    left_behind,
    orphan,
)
from children.models import EligibilityRules, Parent
from conftest import make_child
from core.tests.pageform import form_of

PC = c.ParentCondition
DT = c.DisabilityType
TODAY = date(2026, 11, 23)
AWAY = c.MigrationStatus.AWAY_OUT_OF_PROVINCE
DEAD = ParentFacts("mother", c.VitalStatus.DEAD)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def disabled(kind: str, grade: int | None, *, condition: str = "") -> ParentFacts:
    return ParentFacts("father", condition=condition, disability_type=kind, disability_grade=grade)


def kid(father: ParentFacts, mother: ParentFacts = DEAD, *, born=date(2015, 6, 1), schooling=c.SchoolingStatus.PRIMARY):
    return ChildFacts(born, c.HukouType.RURAL, schooling, father, mother)


# Grade decides 重残 (GB/T 26341-2010 grades; 民发〔2019〕62号)


@pytest.mark.parametrize("kind", [DT.PHYSICAL, DT.VISUAL, DT.HEARING, DT.MENTAL])
@pytest.mark.parametrize("grade", [1, 2])
def test_grade_1_or_2_is_severe_for_both_rules(kind, grade):
    assert de_facto_unsupported(kid(disabled(kind, grade)), NATIONAL_DEFAULT, TODAY).meets
    home = disabled(kind, grade)
    away = ParentFacts("mother", migration_status=AWAY)
    assert left_behind(kid(home, away), NATIONAL_DEFAULT, TODAY).meets


@pytest.mark.parametrize("kind", [DT.PHYSICAL, DT.VISUAL, DT.HEARING, DT.SPEECH, DT.MULTIPLE])
@pytest.mark.parametrize("grade", [3, 4])
def test_grade_3_or_4_is_not_severe(kind, grade):
    finding = de_facto_unsupported(kid(disabled(kind, grade)), NATIONAL_DEFAULT, TODAY)
    assert not finding.meets
    assert f"disability (grade {grade}) does not count as severe" in finding.reasons[-1]
    away = ParentFacts("mother", migration_status=AWAY)
    assert not left_behind(kid(disabled(kind, grade), away), NATIONAL_DEFAULT, TODAY).meets


@pytest.mark.parametrize("kind", [DT.MENTAL, DT.INTELLECTUAL])
def test_grade_3_or_4_mental_or_intellectual_is_severe_nationally(kind):
    """民发〔2019〕62号: 重残 includes grade 3–4 mental or intellectual disability."""
    assert de_facto_unsupported(kid(disabled(kind, 4)), NATIONAL_DEFAULT, TODAY).meets


def test_the_jurisdiction_decides_which_grades_are_severe():
    grade_3 = kid(disabled(DT.PHYSICAL, 3))
    assert not de_facto_unsupported(grade_3, NATIONAL_DEFAULT, TODAY).meets
    assert de_facto_unsupported(grade_3, Rules(severe_disability_max_grade=3), TODAY).meets
    # Songyang's "level 1–2 disabled" only: mental grade 3 no longer counts, grade 2 still does.
    level_1_2 = Rules(severe_disability_mental_any_grade=False)
    assert not de_facto_unsupported(kid(disabled(DT.MENTAL, 3)), level_1_2, TODAY).meets
    assert de_facto_unsupported(kid(disabled(DT.MENTAL, 2)), level_1_2, TODAY).meets


def test_the_old_severe_disability_mark_without_a_grade_is_flagged_not_counted():
    """A parent marked "severe disability" before grades were recorded: the rule cannot tell, so it
    does not count, and the reason asks for the grade (the old code counted it on judgement)."""
    legacy = disabled("", None, condition=PC.SEVERE_DISABILITY)
    finding = de_facto_unsupported(kid(legacy), NATIONAL_DEFAULT, TODAY)
    assert not finding.meets
    assert "enter the grade from the disability certificate" in finding.reasons[-1]
    # Once the grade is entered, the grade decides.
    assert de_facto_unsupported(
        kid(disabled(DT.PHYSICAL, 1, condition=PC.SEVERE_DISABILITY)), NATIONAL_DEFAULT, TODAY
    ).meets
    assert not de_facto_unsupported(
        kid(disabled(DT.PHYSICAL, 3, condition=PC.SEVERE_DISABILITY)), NATIONAL_DEFAULT, TODAY
    ).meets


def test_a_disability_and_another_condition_either_counts():
    prisoner_grade_4 = ParentFacts(
        "father",
        condition=PC.IMPRISONED,
        condition_start=date(2025, 1, 1),
        disability_type=DT.PHYSICAL,
        disability_grade=4,
    )
    assert de_facto_unsupported(kid(prisoner_grade_4), NATIONAL_DEFAULT, TODAY).meets
    recent_prisoner_grade_1 = ParentFacts(
        "father",
        condition=PC.IMPRISONED,
        condition_start=date(2026, 10, 1),
        disability_type=DT.PHYSICAL,
        disability_grade=1,
    )
    assert de_facto_unsupported(kid(recent_prisoner_grade_1), NATIONAL_DEFAULT, TODAY).meets


# Orphans past 18 still in school (DOMAIN.md §1.1, local rule)

ORPHANED = (ParentFacts("father", c.VitalStatus.DEAD), ParentFacts("mother", c.VitalStatus.DECLARED_MISSING))


@pytest.mark.parametrize("schooling", [c.SchoolingStatus.SENIOR_MIDDLE, c.SchoolingStatus.UNIVERSITY])
def test_orphan_past_18_in_school_only_with_the_option(schooling):
    nineteen = kid(*ORPHANED, born=date(2007, 6, 1), schooling=schooling)
    assert not orphan(nineteen, TODAY).meets
    finding = orphan(nineteen, TODAY, Rules(orphan_extend_in_school=True))
    assert finding.meets
    assert "Still enrolled in school" in finding.reasons[1]


def test_orphan_past_18_out_of_school_is_out_even_with_the_option():
    nineteen = kid(*ORPHANED, born=date(2007, 6, 1), schooling=c.SchoolingStatus.DROPPED_OUT)
    assert not orphan(nineteen, TODAY, Rules(orphan_extend_in_school=True)).meets


# Songyang (DOMAIN.md §1.1): the other parent of a child with one parent away is dead, missing, out of
# contact ≥ 1 year, in prison or compulsory drug rehab ≥ 1 year, level 1–2 disabled, or seriously ill ≥ 1 year.

SONGYANG = {
    "lbc_incapable_conditions": [
        PC.SEVERE_DISABILITY,
        PC.SERIOUS_ILLNESS,
        PC.LOST_CONTACT,
        PC.IMPRISONED,
        PC.COMPULSORY_DRUG_REHAB,
    ],
    "lbc_absent_parent_counts": True,
    "lbc_time_bound_conditions": [PC.SERIOUS_ILLNESS, PC.LOST_CONTACT, PC.IMPRISONED, PC.COMPULSORY_DRUG_REHAB],
    "lbc_min_months": 12,
    "severe_disability_mental_any_grade": False,
}
SONGYANG_RULES = Rules(**{k: tuple(v) if isinstance(v, list) else v for k, v in SONGYANG.items()})


def _at_home(condition="", since=None, kind="", grade=None, evidence="on file") -> ParentFacts:
    return ParentFacts(
        "mother",
        condition=condition,
        condition_start=since,
        evidence=evidence,
        disability_type=kind,
        disability_grade=grade,
    )


@pytest.mark.parametrize(
    ("mother", "national", "songyang"),
    [
        (_at_home(PC.IMPRISONED, date(2026, 3, 1)), False, False),  # 8 months: under a year
        (_at_home(PC.IMPRISONED, date(2025, 10, 1)), False, True),  # 13 months
        (_at_home(PC.SERIOUS_ILLNESS, date(2026, 5, 1)), True, False),  # ill, but not yet a year
        (_at_home(PC.SERIOUS_ILLNESS, date(2025, 11, 23)), True, True),  # ill a full year
        (_at_home(PC.LOST_CONTACT, date(2025, 11, 24)), False, False),  # a day short of a year
        (_at_home(PC.LOST_CONTACT, date(2025, 11, 23)), False, True),  # a year after the police report
        (_at_home(PC.LOST_CONTACT, date(2025, 1, 1), evidence=""), False, False),  # no police record
        (ParentFacts("mother", c.VitalStatus.DECLARED_MISSING), False, True),  # counts at once, like death
        (ParentFacts("mother", c.VitalStatus.MISSING_UNCONFIRMED), False, False),  # counts for nothing
        (_at_home(kind=DT.PHYSICAL, grade=2), True, True),
        (_at_home(kind=DT.MENTAL, grade=3), True, False),  # "level 1–2" only
        (ParentFacts("mother", c.VitalStatus.DEAD), False, True),
    ],
)
def test_songyang_left_behind_rule(mother, national, songyang):
    child = kid(ParentFacts("father", migration_status=AWAY), mother)
    assert left_behind(child, NATIONAL_DEFAULT, TODAY).meets is national
    assert left_behind(child, SONGYANG_RULES, TODAY).meets is songyang


def test_songyang_reason_says_when_the_year_is_up():
    child = kid(ParentFacts("father", migration_status=AWAY), _at_home(PC.IMPRISONED, date(2026, 3, 1)))
    reasons = left_behind(child, SONGYANG_RULES, TODAY).reasons
    assert "not yet 12 months (from 2027-03-01)" in reasons[-1]


def test_songyang_rules_stored_for_the_county_apply_to_its_children(geo):
    """The rules row edited in the admin is what assess() applies to a stored child."""
    away = {"migration_status": AWAY, "work_city": "杭州"}
    child = make_child(
        geo["village_a"],
        father=away,
        mother={"condition": PC.IMPRISONED, "condition_start": date(2025, 1, 1)},
    )
    other = make_child(
        geo["village_d"], father=away, mother={"condition": PC.IMPRISONED, "condition_start": date(2025, 1, 1)}
    )
    EligibilityRules.objects.create(division=geo["county"], **SONGYANG)

    def lbc(ch):
        return next(a for a in assess(ch, TODAY)[0] if a.category == c.Category.RURAL_LEFT_BEHIND).finding.meets

    assert lbc(child)
    assert not lbc(other)  # another county: national rule, prison does not make a parent incapable


def test_county_rules_for_grades_and_orphans_are_applied(geo):
    graded = make_child(
        geo["village_a"],
        dob=date(2007, 6, 1),
        father={"disability_type": DT.PHYSICAL, "disability_grade": 3},
        mother={"vital_status": c.VitalStatus.DEAD},
    )
    graded.schooling_status = c.SchoolingStatus.SENIOR_MIDDLE

    def meets(category):
        return next(a for a in assess(graded, TODAY)[0] if a.category == category).finding.meets

    assert not meets(c.Category.DE_FACTO_UNSUPPORTED)
    EligibilityRules.objects.create(
        division=geo["county"], severe_disability_max_grade=3, dfu_extend_in_school=True, orphan_extend_in_school=True
    )
    assert meets(c.Category.DE_FACTO_UNSUPPORTED)
    Parent.objects.filter(household=graded.household, role=c.ParentRole.FATHER).update(vital_status=c.VitalStatus.DEAD)
    graded.household.refresh_from_db()
    assert meets(c.Category.ORPHAN)


# The parent form: the grade is entered, the old mark is not offered any more


def _edit(client, child) -> tuple[str, dict]:
    page = client.get(reverse("child_edit", args=[child.uuid]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    return page.content.decode(), form_of(page.content.decode(), "childform")


def test_the_form_records_type_and_grade_and_no_longer_offers_severe_disability(people, kids, login):
    client, child = login(people["cwd_a"]), kids["a"]
    html, data = _edit(client, child)
    assert 'value="severe_disability"' not in html
    data["father-migration_status"] = [c.MigrationStatus.AT_HOME]
    data["father-work_city"] = [""]
    data["father-disability_type"] = [DT.PHYSICAL]
    data["father-disability_grade"] = [""]
    page = client.post(reverse("child_edit", args=[child.uuid]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert "Give the disability grade from the certificate." in page.content.decode()
    data["father-disability_grade"] = ["2"]
    assert client.post(reverse("child_edit", args=[child.uuid]), data).status_code == 302
    father = child.household.parent(c.ParentRole.FATHER)
    father = Parent.objects.get(pk=father.pk)
    assert (father.disability_type, father.disability_grade, father.condition) == (DT.PHYSICAL, 2, "")


def test_a_flagged_parent_keeps_the_old_mark_until_the_grade_is_entered(people, kids, login):
    client, child = login(people["cwd_a"]), kids["a"]
    Parent.objects.filter(household=child.household, role=c.ParentRole.MOTHER).update(
        condition=PC.SEVERE_DISABILITY, condition_start=date(2020, 1, 1), migration_status=c.MigrationStatus.AT_HOME
    )
    detail = client.get(reverse("child_detail", args=[child.uuid]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Grade not recorded: enter it from the disability certificate." in detail
    html, data = _edit(client, child)
    assert "Marked as severely disabled before grades were recorded" in html
    assert data["mother-condition"] == [PC.SEVERE_DISABILITY]
    data["mother-disability_type"] = [DT.INTELLECTUAL]
    data["mother-disability_grade"] = ["3"]
    assert client.post(reverse("child_edit", args=[child.uuid]), data).status_code == 302
    mother = Parent.objects.get(household=child.household, role=c.ParentRole.MOTHER)
    assert (mother.condition, mother.disability_type, mother.disability_grade) == ("", DT.INTELLECTUAL, 3)
    assert not mother.disability_grade_needed


# The migration: the old mark is kept, no grade is guessed, the parent is flagged


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_old_mark_and_flags_the_parent_for_a_grade():
    executor = MigrationExecutor(connection)
    before = [("children", "0007_parent_condition_until")]
    after = [("children", "0008_parent_disability_grade_and_local_options")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    division = old.get_model("geo", "Division").objects.create(code="511324", name="县", level=3, full_name="县")
    household = old.get_model("children", "Household").objects.create(village=division)
    old.get_model("children", "Parent").objects.create(
        household=household, role="mother", condition="severe_disability", condition_start=date(2020, 1, 1)
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # Back to the latest state: going back to 0007 also unapplied every app that depends on the
    # registry's later migrations (sweeps, ledger, benefits, …), and later tests need their tables.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    mother = Parent.objects.get(household_id=household.pk)
    assert mother.condition == PC.SEVERE_DISABILITY  # still readable
    assert (mother.disability_type, mother.disability_grade) == ("", None)  # never guessed
    assert mother.disability_grade_needed
    assert Parent.objects.filter(condition=PC.SEVERE_DISABILITY, disability_grade__isnull=True).count() == 1


def test_the_admin_rules_form_shows_the_new_options(people, geo):
    rules = EligibilityRules.objects.create(division=geo["county"])
    client = Client()
    client.force_login(people["admin"])
    html = client.get(
        f"/admin/children/eligibilityrules/{rules.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for name in (
        "severe_disability_max_grade",
        "severe_disability_mental_any_grade",
        "orphan_extend_in_school",
        "lbc_time_bound_conditions",
        "lbc_min_months",
    ):
        assert f'name="{name}"' in html
    assert "National rule: grades 1 and 2." in html
