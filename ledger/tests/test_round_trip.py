"""Issue 13's round trip: a village exported with the full export and imported back through the
ledger import gives the same files, field by field (child, household and caregiver, parents,
members), both into a registry the files were removed from and into the same registry (where
every row is an update that changes nothing)."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import AuditEvent
from children import choices as c
from children.identity import make_id_number
from children.models import Child, Household, HouseholdMember
from conftest import make_child
from ledger import exports, importer
from ledger.tests.export_helpers import take

pytestmark = pytest.mark.usefixtures("media")

# Fields of the registry the ledger's columns do not carry (ledger/catalogue.py): who registered,
# confirmed and activated a file and when (an import records its own), the photo, notes on a
# return or closure, the free-text "other" relation, the erasure date; and derived or internal ones.
NOT_CARRIED = {
    "id",
    "uuid",
    "household",
    "lock_version",
    "registered_by",
    "registered_at",
    "confirmed_by",
    "confirmed_at",
    "activated_by",
    "activated_at",
    "closed_by",
    "returned_note",
    "closure_note",
    "photo",
    "minimised_on",
    "updated_at",
    "created_at",
    "id_number_digest",
    "caregiver_relation_other",
}


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in NOT_CARRIED}


def snapshot(village) -> dict:
    """Every carried field of every file of the village, by file number."""
    out = {}
    for child in Child.objects.filter(village=village).select_related("household"):
        household = child.household
        parents = {p.role: _fields(p) | {"household_id": None} for p in household.parents.all()}
        members = sorted(
            (_fields(m) | {"household_id": None} for m in household.members.all()), key=lambda m: m["name"]
        )
        siblings = sorted(str(s.uuid) for s in household.children.all())
        out[str(child.uuid)] = {
            "child": _fields(child),
            "household": _fields(household),
            "parents": parents,
            "members": members,
            "siblings": siblings,
        }
    return out


@pytest.fixture
def village(people, geo):
    """Village A's files, with every kind of value: siblings sharing a household with members, a
    parent in prison with dates and evidence, a disabled child with a health note, an orphan, a
    closed file."""
    a = make_child(
        geo["village_a"],
        "张伟",
        ethnicity="15",
        address="石佛村3组12号",
        grade="三年级",
        boarding=True,
        health_status=c.HealthStatus.DISABLED,
        disability_type=c.DisabilityType.PHYSICAL,
        disability_grade=2,
        health_note="先天性髋关节发育不良",
        categories=(c.Category.RURAL_LEFT_BEHIND, c.Category.DIFFICULTY_DISABILITY),
        father={
            "phone": "13800001111",
            "id_number": make_id_number("511324", date(1985, 3, 8), 123, "M"),
            "vital_status": c.VitalStatus.ALIVE,
            "condition": c.ParentCondition.IMPRISONED,
            "condition_start": date(2024, 5, 1),
            "condition_until": date(2027, 4, 30),
            "condition_evidence": "判决书（2024）川1324刑初88号",
            "migration_status": c.MigrationStatus.AT_HOME,
            "last_contact": date(2026, 10, 1),
        },
    )
    household = a.household
    household.address = "仪陇县金城镇石佛村3组"
    household.income_source = c.IncomeSource.FARMING
    household.assistance_status = c.AssistanceStatus.DIBAO
    household.caregiver_birth_year = 1958
    household.caregiver_phone = "13900002222"
    household.caregiver_health = c.CaregiverHealth.CHRONIC_ILLNESS
    household.caregiver_reason = "母亲在广州务工，父亲服刑"
    household.caregiver_notice_date = date(2025, 9, 1)
    household.save()
    HouseholdMember.objects.create(household=household, name="张爷爷", relation="祖父", birth_year=1955, note="务农")
    HouseholdMember.objects.create(household=household, name="张小花", relation="姐姐", birth_year=2008)
    sister = make_child(geo["village_a"], "张小妹", sex="F", dob=date(2017, 6, 1), with_id=False)
    old = sister.household
    sister.household = household
    sister.save()
    old.parents.all().delete()
    old.delete()
    dead = {"vital_status": c.VitalStatus.DEAD}
    orphan = make_child(
        geo["village_a"],
        "孤小明",
        dob=date(2012, 1, 20),
        father=dead,
        mother=dead,
        categories=(c.Category.ORPHAN,),
        orphan_basis=c.OrphanBasis.BOTH_PARENTS_DEAD,
        orphan_care=c.OrphanCare.DISPERSED,
    )
    orphan.schooling_status = c.SchoolingStatus.JUNIOR_MIDDLE
    orphan.school = "仪陇县第二中学"
    orphan.save()
    make_child(
        geo["village_a"],
        "李已退",
        status=c.Status.CLOSED,
        closed_on=date(2026, 6, 30),
        closure_reason=c.ClosureReason.PARENTS_RETURNED,
    )
    make_child(geo["village_b"], "别村的")  # another village: not exported
    return geo["village_a"]


def _same(before: dict, after: dict) -> None:
    assert set(after) == set(before)  # the same file numbers
    for uid, file in before.items():
        for part in ("child", "household", "parents", "members", "siblings"):
            assert after[uid][part] == file[part], (file["child"]["name"], part)


def _full_export(client, village) -> bytes:
    response = take(client, {"division": village.code, "product": exports.FULL})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _import(user, data: bytes):
    imp = importer.do_start_import(user, uploaded_file=SimpleUploadedFile("完整导出.xlsx", data), lifecycle="active")
    assert imp.status == "mapped", imp.sheets  # every column recognised: no mapping asked
    importer.do_validate(user, imp)
    imp.refresh_from_db()
    return imp


def test_a_village_exported_and_imported_into_a_clean_registry_comes_back_the_same(people, village, login):
    before = snapshot(village)
    assert len(before) == 4
    data = _full_export(login(people["county"]), village)
    # Remove the village's files (and the audit rows that point at them).
    AuditEvent.objects.all().delete()
    households = list(Household.objects.filter(children__village=village).distinct().values_list("pk", flat=True))
    Child.objects.filter(village=village).delete()
    Household.objects.filter(pk__in=households).delete()
    assert snapshot(village) == {}

    imp = _import(people["county"], data)
    assert imp.counts["error"] == 0, importer.row_messages(imp.rows.filter(outcome="error").first())
    assert imp.counts["duplicate"] == 0
    assert imp.rows.filter(sheet="儿童", outcome="new").count() == 4
    importer.do_confirm_import(people["county"], imp)
    _same(before, snapshot(village))
    assert Child.objects.filter(village__code__startswith="511324100202").count() == 1  # village B untouched


def test_the_same_export_imported_into_the_same_registry_changes_nothing(people, village, login):
    before = snapshot(village)
    data = _full_export(login(people["county"]), village)
    imp = _import(people["county"], data)
    assert imp.counts["error"] == 0, [
        (r.sheet, r.row_number, importer.row_messages(r)) for r in imp.rows.filter(outcome="error")
    ]
    assert imp.counts["duplicate"] == 0
    assert set(imp.rows.filter(sheet="儿童").values_list("outcome", flat=True)) <= {"update", "unchanged"}
    importer.do_confirm_import(people["county"], imp)
    _same(before, snapshot(village))


def test_the_export_reads_back_as_the_import_reads_it(people, village, login):
    """The workbook itself: three sheets the import's reader finds by their columns."""
    data = _full_export(login(people["county"]), village)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["儿童", "家庭", "家庭成员"]
