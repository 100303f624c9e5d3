"""ID numbers, health notes and abuse details are stored encrypted, with keys outside the database.

What an assessor checks: the database column does not hold the text; the application still reads
it and finds a child by ID number; keys can be rotated and the old key then removed.
"""

from datetime import date

import pytest
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from children.duplicates import duplicate_candidates
from children.models import Child, Parent
from children.queries import search
from conftest import make_child
from core import crypto
from core.bulk import FastTable
from core.fields import encrypt_plain_columns
from partners.models import Organisation
from reports.models import MandatoryReport, ReportDecision, ReportEvent
from reports.tests.conftest import file
from schools.matching import Pupil, match_pupils

pytestmark = pytest.mark.django_db

OLD = "dGVzdC1vbmx5LWZpZWxkLWtleS0tbm90LWZvci11c2U="  # the test settings' key
NEW = crypto.generate_key()


def raw(model, column: str, pk: int) -> str:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608 (test)
        return cursor.fetchone()[0]


def test_the_database_holds_tokens_and_the_application_reads_the_text(geo):
    child = make_child(geo["village_a"], health_note="先天性心脏病")
    number = child.id_number
    stored = raw(Child, "id_number", child.pk)
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert number not in stored
    assert "心脏病" not in raw(Child, "health_note", child.pk)
    assert len(raw(Child, "id_number_digest", child.pk)) == 64
    child.refresh_from_db()
    assert (child.id_number, child.health_note) == (number, "先天性心脏病")
    assert Child.objects.values_list("id_number", flat=True).get(pk=child.pk) == number
    # Two files with the same text have different tokens (a random IV per value).
    twin = make_child(geo["village_a"], health_note="先天性心脏病")
    assert raw(Child, "health_note", twin.pk) != raw(Child, "health_note", child.pk)


def test_empty_stays_empty_and_other_comparisons_are_refused(geo):
    without = make_child(geo["village_a"], with_id=False)
    assert raw(Child, "id_number", without.pk) == ""
    assert raw(Child, "id_number_digest", without.pk) == ""
    assert list(Child.objects.filter(id_number="")) == [without]
    with pytest.raises(FieldError):
        list(Child.objects.filter(id_number="511324201503080011"))
    with pytest.raises(FieldError):
        list(Child.objects.filter(health_note__contains="心"))


def test_parent_ids_and_abuse_details_are_encrypted(geo, people):
    child = make_child(geo["village_a"], father={"id_number": "511324198001010019"})
    father = Parent.objects.get(household=child.household, role="father")
    assert "511324198001010019" not in raw(Parent, "id_number", father.pk)
    assert Parent.objects.get(pk=father.pk).id_number == "511324198001010019"
    report = file(people["cwd_a"], child, relayed=True)
    for column, text in [("facts", "淤青"), ("reporter_name", "周老师"), ("reporter_phone", "13800001111")]:
        stored = raw(MandatoryReport, column, report.pk)
        assert stored.startswith(crypto.TOKEN_PREFIX)
        assert text not in stored
    report.refresh_from_db()
    assert "淤青" in report.facts
    assert report.reporter_name == "周老师"
    event = ReportEvent.objects.create(report=report, kind="actioned", by=people["cwd_a"], note="已送医院检查")
    decision = ReportDecision.objects.create(
        report=report, kind="kinship_care", decided_on=date(2026, 1, 1), deciding_body="民政局",
        note="由外婆照料", recorded_by=people["county"],
    )  # fmt: skip
    assert "医院" not in raw(ReportEvent, "note", event.pk)
    assert "外婆" not in raw(ReportDecision, "note", decision.pk)


def test_a_child_is_found_by_id_number_in_search_duplicates_and_school_matching(geo, people):
    child = make_child(geo["village_a"], "张伟")
    make_child(geo["village_a"], "张伟")  # another child, another number
    assert list(search(Child.objects.all(), child.id_number)) == [child]
    found = duplicate_candidates(
        people["cwd_b"], name="", date_of_birth=None, id_number=child.id_number, village=geo["village_b"]
    )
    assert [f.reason for f in found] == ["id_number"]
    school = Organisation.objects.create(name="金城小学", type=Organisation.Type.SCHOOL, division=geo["t1"])
    [match] = match_pupils(school, [Pupil(name="张小伟", id_number=child.id_number, date_of_birth=None)])
    assert match.child == child


def test_every_write_path_keeps_the_digest_in_step(geo):
    child = make_child(geo["village_a"], with_id=False)
    number = "511324201503080035"
    child.id_number = number
    child.save(update_fields=["id_number"])
    assert list(search(Child.objects.all(), number)) == [child]
    Child.objects.filter(pk=child.pk).update(id_number="")
    assert list(search(Child.objects.all(), number)) == []
    child.id_number = number
    Child.objects.bulk_update([child], ["id_number"])
    assert list(search(Child.objects.all(), number)) == [child]
    # The demo loader's raw inserts (COPY on PostgreSQL) encrypt and index too.
    row = FastTable(Child).row({"id_number": number, "uuid": child.uuid, "health_note": "哮喘"})
    names = FastTable(Child).names
    assert row[names.index("id_number")].startswith(crypto.TOKEN_PREFIX)
    assert row[names.index("id_number_digest")] == crypto.blind_index(number)
    assert row[names.index("health_note")].startswith(crypto.TOKEN_PREFIX)


def test_the_data_migration_encrypts_plain_rows_and_fills_digests(geo):
    child = make_child(geo["village_a"], health_note="哮喘")
    number = child.id_number
    with connection.cursor() as cursor:  # as stored before the migration
        cursor.execute(
            'UPDATE "children_child" SET id_number = %s, health_note = %s, id_number_digest = %s WHERE id = %s',
            [number, "哮喘", "", child.pk],
        )
    counts = encrypt_plain_columns(Child)
    assert counts.rewritten == 1
    assert raw(Child, "id_number", child.pk).startswith(crypto.TOKEN_PREFIX)
    assert list(search(Child.objects.all(), number)) == [child]
    assert encrypt_plain_columns(Child).rewritten == 0  # a rerun changes nothing


def test_rotation_re_encrypts_with_the_new_key_and_the_old_key_can_then_be_removed(geo, people):
    child = make_child(geo["village_a"], health_note="哮喘")
    report = file(people["cwd_a"], child)
    before = raw(Child, "id_number", child.pk)
    with override_settings(SHOUHU_FIELD_KEYS=[NEW, OLD]):
        # New key added first: old values still read and are still found.
        assert Child.objects.get(pk=child.pk).health_note == "哮喘"
        assert list(search(Child.objects.all(), child.id_number)) == [child]
        call_command("rotate_field_keys", "--batch-size", "2")
        call_command("rotate_field_keys", "--check")
    assert raw(Child, "id_number", child.pk) != before
    with override_settings(SHOUHU_FIELD_KEYS=[NEW]):  # old key removed
        call_command("rotate_field_keys", "--check")
        assert Child.objects.get(pk=child.pk).health_note == "哮喘"
        assert "淤青" in MandatoryReport.objects.get(pk=report.pk).facts
        assert list(search(Child.objects.all(), child.id_number)) == [child]
    # Under the old key alone nothing opens any more: the check says so.
    with pytest.raises(CommandError, match="open with none"):
        call_command("rotate_field_keys", "--check")


def test_the_check_reports_a_wrong_digest(geo):
    child = make_child(geo["village_a"])
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "children_child" SET id_number_digest = %s WHERE id = %s', ["0" * 64, child.pk])
    with pytest.raises(CommandError):
        call_command("rotate_field_keys", "--check")
    call_command("rotate_field_keys")  # rewrites the digest
    call_command("rotate_field_keys", "--check")
