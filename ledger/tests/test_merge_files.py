"""Merging two files of the same child (do_merge_children) and undoing it."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone, translation

from alerts.models import Alert
from audit.models import AuditEvent
from caseplans.models import CasePlan
from children import choices as c
from children.access import children_for
from children.models import Child, ChildTransfer, Parent
from conftest import make_child
from core.errors import ActionError
from core.versioning import StaleEdit
from followup.models import FollowUp
from followup.services import reassess
from ledger.merge import (
    MergeRefused,
    do_merge_children,
    do_undo_merge,
    merge_versions,
    plan_merge,
    relations,
)
from ledger.merge_audit import MERGE, MERGE_UNDO
from ledger.models import ChildMerge
from measurements.models import Measurement
from partners.models import Organisation
from referrals.actions import do_refer
from referrals.models import Referral
from schools.models import Absence
from visits.actions import do_record_visit
from visits.models import Visit


@pytest.fixture
def twins(geo, people):
    """The same child registered twice: in village A (kept) and village B (the duplicate)."""
    keep = make_child(geo["village_a"], "张伟")
    drop = make_child(geo["village_b"], "张伟", address="龙岗村3组", with_id=False)
    Child.objects.filter(pk=keep.pk).update(school="")
    Child.objects.filter(pk=drop.pk).update(school="石佛小学")
    keep.refresh_from_db()
    drop.refresh_from_db()
    return keep, drop


@pytest.fixture
def records(twins, people, geo):
    """Real records on the duplicate, through the apps' actions where they have one."""
    keep, drop = twins
    cwd = people["cwd_b"]
    visit, _ = do_record_visit(
        cwd,
        Visit(child=drop, visited_on=date(2026, 11, 2), answers={}),
        Measurement(weight_kg=24, length_cm=125),
    )
    org = Organisation.objects.create(name="县教育局", type="education_bureau", division=geo["county"])
    referral = do_refer(
        cwd,
        Referral(child=drop, organisation=org, service=Referral._meta.get_field("service").choices[0][0],
                 need="需要辅导", guardian_consent=True),
    )  # fmt: skip
    plan = CasePlan.objects.create(child=drop, village_id=drop.village_id, summary="计划", review_on=date(2027, 1, 1))
    keep_plan = CasePlan.objects.create(
        child=keep, village_id=keep.village_id, summary="本档案的计划", review_on=date(2027, 1, 1)
    )
    Absence.objects.create(child=keep, school=org, date=date(2026, 11, 3))
    same_day = Absence.objects.create(child=drop, school=org, date=date(2026, 11, 3))
    other_day = Absence.objects.create(child=drop, school=org, date=date(2026, 11, 4))
    reassess([keep.pk, drop.pk])
    return {
        "visit": visit,
        "measurement": visit.measurement,
        "referral": referral,
        "plan": plan,
        "keep_plan": keep_plan,
        "same_day": same_day,
        "other_day": other_day,
    }


def test_relations_are_discovered_and_history_stays():
    labels = {r.label for r in relations()}
    assert {"visits.visit", "measurements.measurement", "referrals.referral", "caseplans.caseplan"} <= labels
    assert {"followup.followup", "schools.absence", "alerts.alert", "afterschool.enrolment"} <= labels
    assert not labels & {"audit.auditevent", "children.childtransfer", "ledger.childmerge"}


def test_merge_moves_every_record_and_undo_moves_them_back(twins, records, people):
    keep, drop = twins
    sup = people["supervisor"]
    drop_alerts = Alert.objects.filter(child=drop).count()
    assert drop_alerts  # the referral alerted the organisation's staff … or nobody: counted either way
    merge = do_merge_children(sup, keep, drop, fields={"child.school": "drop", "child.address": "drop"})
    keep.refresh_from_db()
    drop.refresh_from_db()
    # Values chosen from the duplicate; the rest kept.
    assert keep.school == "石佛小学"
    assert keep.address == "龙岗村3组"
    assert keep.id_number  # kept: the duplicate has none
    # Records moved, with the kept file's village where they keep a copy.
    assert Visit.objects.get(pk=records["visit"].pk).child_id == keep.pk
    assert Measurement.objects.get(pk=records["measurement"].pk).child_id == keep.pk
    referral = Referral.objects.get(pk=records["referral"].pk)
    assert (referral.child_id, referral.village_id) == (keep.pk, keep.village_id)
    assert Absence.objects.get(pk=records["other_day"].pk).child_id == keep.pk
    assert Alert.objects.filter(child=drop).count() == 0
    # Unique rules: the kept file's open plan and absence of the same day win; the others stay.
    assert CasePlan.objects.get(pk=records["plan"].pk).child_id == drop.pk
    assert Absence.objects.get(pk=records["same_day"].pk).child_id == drop.pk
    stayed = {(label, pk) for label, _field, pk in merge.stayed}
    assert ("caseplans.caseplan", records["plan"].pk) in stayed
    assert ("schools.absence", records["same_day"].pk) in stayed
    assert ("followup.followup", drop.pk) in stayed  # one follow-up per child: the kept file's
    assert FollowUp.objects.filter(child=keep).exists()
    # The duplicate is closed as merged, naming the kept file, and no longer counts as active.
    assert drop.status == c.Status.CLOSED
    assert drop.closure_reason == c.ClosureReason.MERGED
    assert str(keep.uuid) in drop.closure_note
    assert not children_for(people["county"]).filter(status=c.Status.ACTIVE, pk=drop.pk).exists()
    assert not FollowUp.objects.filter(child=drop).exists()
    # Both histories say what happened.
    kept_event = AuditEvent.objects.get(action=MERGE, child=keep)
    assert kept_event.details["from"] == str(drop.uuid)
    assert kept_event.details["moved"]["visits.visit"] == 1
    assert kept_event.details["changes"]["child.school"] == ["", "石佛小学"]
    assert AuditEvent.objects.get(action=MERGE, child=drop).details["into"] == str(keep.uuid)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CLOSE, child=drop).exists()
    # The audit trail stays with each file.
    assert AuditEvent.objects.filter(child=drop).exclude(action__in=[MERGE]).exists()

    do_undo_merge(sup, merge)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.school, keep.address) == ("", "")
    assert drop.status == c.Status.ACTIVE
    assert (drop.closure_reason, drop.closed_on, drop.closure_note) == ("", None, "")
    for key in ("visit", "measurement", "referral", "plan", "same_day", "other_day"):
        assert type(records[key]).objects.get(pk=records[key].pk).child_id == drop.pk, key
    assert Referral.objects.get(pk=records["referral"].pk).village_id == drop.village_id
    assert CasePlan.objects.get(pk=records["keep_plan"].pk).child_id == keep.pk
    assert Alert.objects.filter(child=drop).count() == drop_alerts
    assert AuditEvent.objects.filter(action=MERGE_UNDO, child__in=[keep, drop]).count() == 2
    assert ChildMerge.objects.get(pk=merge.pk).undone_by == sup


def test_a_one_to_one_row_moves_when_the_kept_file_has_none(twins, people):
    keep, drop = twins
    reassess([drop.pk])
    assert not FollowUp.objects.filter(child=keep).exists()
    merge = do_merge_children(people["county"], keep, drop, fields={})
    assert FollowUp.objects.filter(child=keep).exists()
    assert ["followup.followup", "child", keep.pk] in merge.moved
    do_undo_merge(people["county"], merge)
    assert FollowUp.objects.filter(child=drop).exists()
    assert not FollowUp.objects.filter(child=keep).exists()


def test_plan_counts_what_moves_and_what_stays(twins, records):
    keep, drop = twins
    with translation.override("en"):
        counts = {label: (moving, staying) for label, moving, staying in plan_merge(keep, drop).counts()}
    assert counts["visits"] == (1, 0)
    assert counts["case plans"] == (0, 1)
    assert counts["school absences"] == (1, 1)


def test_household_choice_moves_the_kept_file_into_the_other_family(twins, people):
    keep, drop = twins
    Parent.objects.filter(household=drop.household, role="father").update(name="张大山")
    old_household = keep.household_id
    merge = do_merge_children(people["county"], keep, drop, fields={"household.key": "drop"})
    keep.refresh_from_db()
    assert keep.household_id == drop.household_id
    # The chosen values (the kept file's, unless told otherwise) are written into the family
    # record the file now belongs to.
    assert Parent.objects.get(household=drop.household, role="father").name == "张父"
    assert Parent.objects.get(household=drop.household, role="mother").name == "刘母"
    do_undo_merge(people["county"], merge)
    keep.refresh_from_db()
    assert keep.household_id == old_household
    assert Parent.objects.get(household=drop.household, role="father").name == "张大山"


def test_parent_taken_from_the_other_file_is_created_and_removed_by_undo(twins, people):
    keep, drop = twins
    Parent.objects.filter(household=keep.household, role="father").delete()
    merge = do_merge_children(people["county"], keep, drop, fields={"father.name": "drop", "father.work_city": "drop"})
    father = Parent.objects.get(household=keep.household, role="father")
    assert (father.name, father.work_city) == ("张父", "广州")
    do_undo_merge(people["county"], merge)
    assert not Parent.objects.filter(household=keep.household, role="father").exists()


def test_village_taken_from_the_other_file_transfers_the_kept_file(twins, people, geo):
    keep, drop = twins
    merge = do_merge_children(people["supervisor"], keep, drop, fields={"child.village": "drop"})
    keep.refresh_from_db()
    assert keep.village_id == geo["village_b"].code
    assert ChildTransfer.objects.filter(child=keep).count() == 1
    do_undo_merge(people["supervisor"], merge)
    keep.refresh_from_db()
    assert keep.village_id == geo["village_a"].code


def test_cwd_outsider_and_other_township_may_not_merge(twins, people, geo):
    keep, drop = twins
    far = make_child(geo["village_c"], "张伟")
    for who, pair in (("cwd_a", (keep, drop)), ("other_county", (keep, drop)), ("supervisor", (keep, far)),
                      ("supervisor_t2", (keep, drop))):  # fmt: skip
        with pytest.raises(ActionError):
            do_merge_children(people[who], *pair, fields={})
    with pytest.raises(ActionError):
        do_merge_children(people["county"], keep, keep, fields={})
    assert not ChildMerge.objects.exists()


def test_closed_file_cannot_be_merged(twins, people):
    keep, drop = twins
    Child.objects.filter(pk=drop.pk).update(
        status=c.Status.CLOSED, closed_on=date(2026, 1, 1), closure_reason=c.ClosureReason.MOVED
    )
    drop.refresh_from_db()
    with pytest.raises(ActionError):
        do_merge_children(people["county"], keep, drop, fields={})


def test_stale_versions_refuse_the_merge(twins, people):
    keep, drop = twins
    seen = merge_versions(keep, drop)
    Parent.objects.filter(household=drop.household, role="mother").update(lock_version=99)
    with pytest.raises(StaleEdit) as stale:
        do_merge_children(people["county"], keep, drop, fields={}, seen=seen)
    assert stale.value.stale == {"drop.mother"}
    assert not ChildMerge.objects.exists()
    drop.refresh_from_db()
    assert not drop.is_closed


def test_undo_refused_after_an_overwriting_edit_and_after_reopening(twins, people):
    keep, drop = twins
    merge = do_merge_children(people["county"], keep, drop, fields={"child.school": "drop"})
    fresh = Child.objects.get(pk=keep.pk)
    fresh.school = "县一中"
    fresh.lock_version += 1
    fresh.save()
    with pytest.raises(MergeRefused) as refused:
        do_undo_merge(people["county"], merge)
    assert "学校" in refused.value.message
    Child.objects.filter(pk=keep.pk).update(school="石佛小学")  # changed back by hand: the undo may go on
    Child.objects.filter(pk=drop.pk).update(status=c.Status.REGISTERED, closure_reason="", closed_on=None)
    with pytest.raises(MergeRefused):
        do_undo_merge(people["county"], merge)


def test_undo_refused_while_a_later_merge_stands(twins, people, geo):
    keep, drop = twins
    third = make_child(geo["village_a"], "张伟")
    first = do_merge_children(people["county"], keep, drop, fields={})
    second = do_merge_children(people["county"], keep, third, fields={})
    with pytest.raises(MergeRefused):
        do_undo_merge(people["county"], first)
    do_undo_merge(people["county"], second)
    do_undo_merge(people["county"], first)


def test_undo_by_an_outsider_is_refused(twins, people):
    keep, drop = twins
    merge = do_merge_children(people["county"], keep, drop, fields={})
    with pytest.raises(ActionError):
        do_undo_merge(people["other_county"], merge)
    with pytest.raises(ActionError):
        do_undo_merge(people["cwd_a"], merge)


def test_merged_today_is_closed_on_today(twins, people):
    keep, drop = twins
    do_merge_children(people["county"], keep, drop, fields={})
    drop.refresh_from_db()
    assert drop.closed_on == timezone.localdate()
    assert drop.closed_on > timezone.localdate() - timedelta(days=1)


def test_a_new_apps_records_move_without_this_module_knowing_them(twins, people):
    """The test settings' extension app stands for an app added later: its VillageScoped rows move and follow
    the kept file's village, and move back on undo."""
    keep, drop = twins
    Enrolment = apps.get_model("afterschool", "Enrolment")
    enrolment = Enrolment.objects.create(
        child=drop, village_id=drop.village_id, class_name="四点半课堂", enrolled_on=date(2026, 9, 1)
    )
    merge = do_merge_children(people["county"], keep, drop, fields={})
    enrolment.refresh_from_db()
    assert (enrolment.child_id, enrolment.village_id) == (keep.pk, keep.village_id)
    do_undo_merge(people["county"], merge)
    enrolment.refresh_from_db()
    assert (enrolment.child_id, enrolment.village_id) == (drop.pk, drop.village_id)
