"""A parent declared missing by a court (宣告失踪) against one merely out of touch (失联), issue 12.

One "missing" status used to cover both, and counted at once like a death. Now a court's
declaration is its own status (with the judgment), a lost contact is a condition of a living
parent (with the date the police accepted the missing-person report and their receipt), and the
records stored before are flagged for the CWD to confirm, never guessed.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from children import choices as c
from children.forms import ParentForm
from children.models import Child, Parent
from conftest import make_child

from .test_registration import edit_versions, form_data

VS = c.VitalStatus
PC = c.ParentCondition


def parent_form(instance=None, **data):
    base = {"vital_status": VS.ALIVE, "migration_status": c.MigrationStatus.AT_HOME}
    return ParentForm({**base, **data}, instance=instance or Parent(role=c.ParentRole.FATHER))


@pytest.mark.django_db  # Parent's disability-grade check constraint is validated against the database
class TestParentForm:
    def test_lost_contact_asks_for_the_police_acceptance_date_and_receipt(self):
        with translation.override("en"):
            form = parent_form(condition=PC.LOST_CONTACT)
            assert not form.is_valid()
            assert "police accepted the missing report" in form.errors["condition_start"][0]
            assert "police's receipt" in form.errors["condition_evidence"][0]
            assert "police accepted the missing-person report" in str(form["condition_start"].help_text)
        ok = parent_form(condition=PC.LOST_CONTACT, condition_start="2026-05-01", condition_evidence="受案号123")
        assert ok.is_valid(), ok.errors

    def test_declared_missing_asks_for_the_court_judgment(self):
        with translation.override("en"):
            form = parent_form(vital_status=VS.DECLARED_MISSING)
            assert not form.is_valid()
            assert "court judgment" in form.errors["condition_evidence"][0]
        assert parent_form(vital_status=VS.DECLARED_MISSING, condition_evidence="（2024）民特12号").is_valid()

    def test_the_unconfirmed_status_cannot_be_chosen_anew(self):
        form = parent_form(vital_status=VS.MISSING_UNCONFIRMED)
        assert not form.is_valid()
        assert "vital_status" in form.errors
        assert VS.MISSING_UNCONFIRMED not in dict(form.fields["vital_status"].choices)


@pytest.fixture
def unconfirmed(geo):
    """A child whose mother was stored as "missing" before the split (as migration 0006 leaves it)."""
    return make_child(
        geo["village_a"],
        father={"condition": PC.SEVERE_DISABILITY, "condition_start": date(2020, 1, 1)},
        mother={"vital_status": VS.MISSING_UNCONFIRMED},
    )


def test_the_profile_asks_the_cwd_to_confirm_and_eligibility_waits(people, unconfirmed, login):
    client = login(people["cwd_a"])
    with translation.override("zh-hans"):
        html = client.get(reverse("child_detail", args=[unconfirmed.uuid])).content.decode()
    assert "请确认：是法院宣告失踪，还是失联？" in html
    # The de facto unsupported finding says why it does not count the mother (Chinese UI).
    assert "确认之前不计入" in html
    # Another village's CWD sees nothing of it.
    assert login(people["cwd_b"]).get(reverse("child_detail", args=[unconfirmed.uuid])).status_code == 404


def test_the_edit_page_asks_and_the_cwd_confirms_a_lost_contact(people, unconfirmed, login):
    client = login(people["cwd_a"])
    url = reverse("child_edit", args=[unconfirmed.uuid])
    assert "请确认：是法院宣告失踪，还是失联？" in client.get(url).content.decode()
    data = form_data(
        unconfirmed.village, name="张伟", sex="M", date_of_birth="2015-03-08", id_number=unconfirmed.id_number
    )
    data.update(
        {
            "members-TOTAL_FORMS": "0",
            "father-name": "张父",
            "father-migration_status": "home",
            "father-condition": PC.SEVERE_DISABILITY,
            "father-condition_start": "2020-01-01",
            "father-condition_evidence": "残疾人证",
            "mother-name": "刘母",
            "mother-vital_status": VS.ALIVE,
            "mother-migration_status": "away_outside",
            "mother-work_city": "不详",
            "mother-condition": PC.LOST_CONTACT,
            "mother-condition_start": "2025-03-02",
            "mother-condition_evidence": "派出所受案回执（受案号88）",
            **edit_versions(unconfirmed),
        }
    )
    assert client.post(url, data).status_code == 302
    mother = Parent.objects.get(household=unconfirmed.household_id, role="mother")
    assert (mother.vital_status, mother.condition, mother.condition_start) == (
        VS.ALIVE,
        PC.LOST_CONTACT,
        date(2025, 3, 2),
    )
    assert "请确认" not in client.get(reverse("child_detail", args=[unconfirmed.uuid])).content.decode()


def test_an_unconfirmed_parent_may_stay_unconfirmed_while_other_fields_are_edited(people, unconfirmed, login):
    """The CWD may need to ask the township first; saving the file must not force a guess."""
    form = ParentForm(
        {"vital_status": VS.MISSING_UNCONFIRMED, "migration_status": c.MigrationStatus.AT_HOME, "name": "刘母"},
        instance=unconfirmed.household.parent("mother"),
    )
    assert form.needs_missing_confirmation
    assert form.is_valid(), form.errors


MIGRATION = "0006_split_declared_missing_from_lost_contact"


@pytest.mark.django_db(transaction=True)
def test_the_migration_flags_every_old_missing_parent_and_guesses_nothing(geo):
    """Before: one "missing" status. After: each such parent waits for the CWD to confirm."""
    executor = MigrationExecutor(connection)
    executor.migrate([("children", "0005_minimised_on_and_versioned_eligibility_rules")])
    old = executor.loader.project_state([("children", "0005_minimised_on_and_versioned_eligibility_rules")]).apps
    household = old.get_model("children", "Household").objects.create(village_id=geo["village_a"].code)
    OldParent = old.get_model("children", "Parent")
    # A court's declaration and a lost contact looked the same; the judgment in the evidence
    # must not tempt the migration to decide.
    OldParent.objects.create(household=household, role="father", vital_status="missing", condition_evidence="判决书")
    OldParent.objects.create(household=household, role="mother", vital_status="dead")
    executor = MigrationExecutor(connection)
    executor.migrate([("children", MIGRATION)])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = dict(Parent.objects.filter(household_id=household.pk).values_list("role", "vital_status"))
    assert stored == {"father": VS.MISSING_UNCONFIRMED, "mother": VS.DEAD}
    assert Parent.objects.get(household_id=household.pk, role="father").lock_version == 2
    assert not Child.objects.exists()
