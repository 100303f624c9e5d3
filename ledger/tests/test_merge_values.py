"""do_merge_values (the ledger import's merge into an existing file) and its undo."""

from datetime import date

import pytest
from django.core.exceptions import FieldError

from audit.models import AuditEvent
from children import choices as c
from children.identity import make_id_number
from children.models import Child, Household, Parent
from conftest import make_child
from core.crypto import blind_indexes
from core.errors import ActionError
from ledger.merge import MergeRefused, do_merge_values, do_undo_merge
from ledger.merge_audit import MERGE, MERGE_UNDO
from ledger.models import ChildMerge
from retention.registry import minimisers


def _valid_id():
    return make_id_number("511324", date(2015, 3, 8), 77, "M")


def snapshot(child: Child) -> dict:
    child = Child.objects.get(pk=child.pk)
    household = Household.objects.get(pk=child.household_id)
    parents = {
        p.role: {f.attname: getattr(p, f.attname) for f in Parent._meta.concrete_fields if f.name != "lock_version"}
        for p in Parent.objects.filter(household=household)
    }
    skip = {"lock_version", "updated_at"}
    return {
        "child": {f.attname: getattr(child, f.attname) for f in Child._meta.concrete_fields if f.name not in skip},
        "household": {
            f.attname: getattr(household, f.attname) for f in Household._meta.concrete_fields if f.name not in skip
        },
        "parents": parents,
    }


@pytest.fixture
def child(geo):
    ch = make_child(geo["village_a"], "张伟")
    Parent.objects.filter(household=ch.household, role=c.ParentRole.FATHER).delete()  # no father on file
    return ch


def test_values_merge_writes_fields_creates_parent_and_undo_restores_exactly(child, people):
    before = snapshot(child)
    number = _valid_id()
    merge = do_merge_values(
        people["supervisor"],
        child,
        {
            "child.name": "张薇",
            "child.id_number": number,
            "child.categories": [c.Category.ORPHAN, c.Category.RURAL_LEFT_BEHIND],
            "child.date_of_birth": date(2015, 3, 8),
            "household.caregiver_phone": "13800000000",
            "father.name": "张大山",
            "father.migration_status": c.MigrationStatus.AWAY_IN_PROVINCE,
            "mother.work_city": "成都",
            "child.uuid": "ignored",
            "member.name": "ignored",
        },
        source="ledger import #abc row 12",
    )
    child.refresh_from_db()
    assert child.name == "张薇"
    assert child.name_pinyin == "zhangwei"
    assert child.name_initials == "zw"
    assert Child.objects.filter(id_number_digest__in=blind_indexes(number)).get() == child
    assert child.cat_orphan
    assert child.cat_rural_left_behind
    father = Parent.objects.get(household=child.household, role="father")
    assert father.name == "张大山"
    assert Parent.objects.get(household=child.household, role="mother").work_city == "成都"
    assert merge.kind == ChildMerge.Kind.VALUES
    assert merge.source == "ledger import #abc row 12"
    # ID numbers: masked where readable, full only encrypted
    assert merge.changes["child.id_number"][1] == number[:6] + "********" + number[-4:]
    assert number not in str(ChildMerge.objects.filter(pk=merge.pk).values_list("changes", flat=True).get())
    with pytest.raises(FieldError):
        ChildMerge.objects.filter(restore__contains=number).exists()
    event = AuditEvent.objects.get(action=MERGE, child=child)
    assert number not in str(event.details)
    assert event.details["changes"]["child.name"] == ["张伟", "张薇"]
    assert event.details["source"] == "ledger import #abc row 12"

    do_undo_merge(people["supervisor"], merge)
    assert snapshot(child) == before
    assert not Parent.objects.filter(household=child.household, role="father").exists()
    assert Child.objects.get(pk=child.pk).name_pinyin == "zhangwei"
    assert ChildMerge.objects.get(pk=merge.pk).undone_at is not None
    assert AuditEvent.objects.filter(action=MERGE_UNDO, child=child).count() == 1
    with pytest.raises(MergeRefused):
        do_undo_merge(people["supervisor"], merge)


def test_undo_refused_after_an_edit_that_it_would_overwrite(child, people):
    merge = do_merge_values(people["county"], child, {"child.school": "新学校", "child.grade": "三年级"}, source="x")
    fresh = Child.objects.get(pk=child.pk)
    fresh.school = "又一所学校"
    fresh.lock_version += 1
    fresh.save()
    with pytest.raises(MergeRefused) as refused:
        do_undo_merge(people["county"], merge)
    assert "学校" in refused.value.message or "school" in refused.value.message
    assert Child.objects.get(pk=child.pk).school == "又一所学校"


def test_undo_allowed_after_an_edit_of_other_fields(child, people):
    merge = do_merge_values(people["county"], child, {"child.school": "新学校"}, source="x")
    fresh = Child.objects.get(pk=child.pk)
    fresh.address = "新地址"
    fresh.lock_version += 1
    fresh.save()
    do_undo_merge(people["county"], merge)
    fresh.refresh_from_db()
    assert fresh.school == "金城镇中心小学"
    assert fresh.address == "新地址"


def test_cwd_and_outsider_may_not_merge_values(child, people):
    for who in ("cwd_a", "other_county", "partner"):
        with pytest.raises(ActionError):
            do_merge_values(people[who], child, {"child.school": "x"}, source="x")
    assert not ChildMerge.objects.exists()


def test_village_value_transfers_the_file_and_undo_moves_it_back(child, people, geo):
    merge = do_merge_values(people["county"], child, {"child.village": geo["village_c"].code}, source="x")
    child.refresh_from_db()
    assert child.village_id == geo["village_c"].code
    do_undo_merge(people["county"], merge)
    child.refresh_from_db()
    assert child.village_id == geo["village_a"].code


def test_blank_values_never_empty_a_required_field(child, people):
    merge = do_merge_values(
        people["county"], child, {"child.name": "", "child.sex": "", "child.school": ""}, source="x"
    )
    child.refresh_from_db()
    assert child.name == "张伟"
    assert child.sex == "M"
    assert child.school == ""
    assert set(merge.changes) == {"child.school"}


def test_minimising_a_file_erases_the_merge_values_and_undo_is_refused(child, people):
    merge = do_merge_values(people["county"], child, {"child.school": "新学校"}, source="ledger import #abc row 3")
    for minimise in minimisers():
        minimise([child.pk])
    merge.refresh_from_db()
    assert (merge.changes, merge.restore, merge.source) == ({}, {}, "")
    with pytest.raises(MergeRefused):
        do_undo_merge(people["county"], merge)
