"""What a county officer sees of each row and what a confirmed import writes: errors with their
reasons, possible duplicates, updates, the files written (scoped, encrypted, tiered, audited),
nothing written when anything fails, and the import hidden from anyone outside its scope."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation

from audit.models import AuditEvent
from children import choices as c
from children.access import children_for
from children.identity import id_check_character, make_id_number
from children.models import Child
from conftest import make_child
from core.errors import ActionError
from followup.models import FollowUp
from geo.models import Division
from ledger import access, importer
from ledger.audit_actions import IMPORT
from ledger.imports_models import ImportRow, LedgerImport
from ledger.matching import describe

from .import_helpers import HEADERS, child_row, ledger, rows_of, validated, xlsx

pytestmark = pytest.mark.django_db


def _rows(imp):
    return {r.row_number: r for r in imp.rows.all()}


def _codes(row):
    return [e["code"] for e in row.errors]


def test_each_error_is_reported_on_its_row_with_its_reason(people, geo, media):
    Division.objects.create(code="511324101202", name="石佛村", level=5, parent=geo["t2"], full_name="石佛村")
    good = child_row(1)["身份证号"]
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        child_row(1, village="金城镇石佛村"),  # row 4: fine (the township in the cell)
        child_row(2, 身份证号=bad_checksum),  # 5
        child_row(3, 出生日期="2015.13.45", 身份证号=""),  # 6
        child_row(4, born=date(2099, 1, 1), 身份证号=""),  # 7
        child_row(5, born=date(2000, 1, 1), 身份证号=""),  # 8
        child_row(6, village="不存在村"),  # 9
        child_row(7, village="石佛村"),  # 10: two townships have one
        child_row(8, village="赵家村"),  # 11
        child_row(9, 出生日期="2014.01.01"),  # 12: the ID says 2015-03-08
        child_row(10, 性别="女"),  # 13: the ID says male
        child_row(11, 儿童姓名=""),  # 14
        child_row(12, 身份证号=good),  # 15: the same ID as row 4
        child_row(13, 儿童类别="外星儿童"),  # 16
        child_row(14, 身份证号=5.11324201503081e17),  # 17: Excel kept it as a number
    ]
    for number, row in enumerate(rows, start=4):
        if number != 10 and row["所在村（社区）"] == "石佛村":
            row["所在村（社区）"] = "金城镇石佛村"
    imp = validated(people["county"], ledger(rows))
    found = _rows(imp)
    assert found[4].outcome == "new", importer.row_messages(found[4])
    expected = {
        5: "bad_id", 6: "bad_date", 7: "future_birth", 8: "too_old", 9: "village_unknown",
        10: "village_ambiguous", 11: "village_unknown", 12: "id_dob", 13: "id_sex", 14: "required",
        15: "repeated_id", 16: "bad_choice", 17: "id_as_number",
    }  # fmt: skip
    for number, code in expected.items():
        assert found[number].outcome == "error", number
        assert code in _codes(found[number]), (number, found[number].errors)
    assert imp.counts["error"] == len(expected)
    assert imp.counts["new"] == 1
    with translation.override("en"):
        assert importer.row_messages(found[5]) == [
            f"身份证号: The ID number {bad_checksum} is not valid: its last character does not match the others: "
            "check for a typing mistake."
        ]
        assert "several townships (新政镇、金城镇)" in importer.row_messages(found[10])[0]
        assert importer.row_messages(found[15]) == ["身份证号: The same ID number is already on row 4 of this sheet."]
    with translation.override("zh-hans"):
        assert "行" in importer.row_messages(found[15])[0]


def test_a_township_supervisor_cannot_import_into_another_township(people, geo, media):
    imp = validated(people["supervisor"], ledger([child_row(1), child_row(2, village="白鹤村")]))
    found = _rows(imp)
    assert found[4].outcome == "new"
    assert _codes(found[5]) == ["village_outside"]


def test_possible_duplicates_of_every_kind(people, geo, kids, media):
    officer = people["county"]
    existing = make_child(geo["village_b"], "陈思远", dob=date(2014, 6, 1))
    # A fixed sequence ("121"): its first two digits differ, so swapping them makes another ID.
    existing.id_number = make_id_number("511324", date(2014, 6, 1), 12, "M")
    existing.save()
    number = existing.id_number
    one_digit = number[:14] + ("1" if number[14] != "1" else "2") + number[15:17]

    one_digit += id_check_character(one_digit)
    swapped = number[:14] + number[15] + number[14] + number[16]
    swapped += id_check_character(swapped)
    d = kids["d"]  # a file in another county
    rows = [
        child_row(1, "陈小宝", born=date(2014, 6, 1), 身份证号=number),  # 4: same ID, other name
        child_row(2, "陈思远", born=date(2014, 6, 1), 身份证号=""),  # 5: same name and birthday
        child_row(3, "陈斯远", born=date(2014, 6, 1), 身份证号=""),  # 6: same pinyin
        child_row(4, "陈思源远", born=date(2014, 6, 1), 身份证号=""),  # 7: one character apart
        child_row(5, "陈一", born=date(2014, 6, 1), 身份证号=one_digit),  # 8: one digit apart
        child_row(6, "陈二", born=date(2014, 6, 1), 身份证号=swapped),  # 9: two digits swapped
        child_row(7, "赵小敏", born=d.date_of_birth, sex="女", 身份证号=d.id_number),  # 10: another county
        child_row(8, "陈新", born=date(2014, 6, 2), 身份证号=""),  # 11: nobody
    ]
    imp = validated(officer, ledger(rows))
    found = _rows(imp)
    reasons = {n: [m["reason"] for m in found[n].matches] for n in found}
    assert reasons == {
        4: ["id_number"], 5: ["name_dob"], 6: ["name_dob"], 7: ["name_close"], 8: ["id_close"], 9: ["id_close"],
        10: ["id_number"], 11: [],
    }, {n: importer.row_messages(r) for n, r in found.items()}  # fmt: skip
    assert found[11].outcome == "new"
    assert all(found[n].outcome == "duplicate" for n in range(4, 11))
    # What the officer sees: their own county's file in full, the other county's masked.
    mine, theirs = describe(officer, found[4].matches)[0], describe(officer, found[10].matches)[0]
    assert (mine.name, bool(mine.uuid)) == ("陈思远", True)
    assert (theirs.name, theirs.uuid) == ("赵*", "")


def test_same_id_in_scope_is_an_update_and_confirm_keeps_its_history(people, geo, media):
    officer = people["county"]
    existing = make_child(geo["village_a"], "王小明", dob=date(2015, 3, 8))
    version = existing.lock_version
    same = child_row(1, 身份证号=existing.id_number, 就学情况="初中", 就读学校="金城镇中心小学")
    unchanged = make_child(geo["village_a"], "王小红", dob=date(2013, 1, 2), sex="F")
    row2 = child_row(
        2, "王小红", born=date(2013, 1, 2), sex="女", 身份证号=unchanged.id_number, 父亲姓名="张父", 母亲姓名="刘母",
        委托照护人姓名="张奶奶",
    )  # fmt: skip
    imp = validated(officer, ledger([same, row2]))
    found = _rows(imp)
    assert found[4].outcome == "update"
    assert "child.schooling_status" in found[4].data["_changes"]
    assert found[5].outcome == "unchanged", found[5].data["_changes"]
    summary = importer.do_confirm_import(officer, imp)
    assert summary["updated"] == 1
    existing.refresh_from_db()
    assert existing.schooling_status == c.SchoolingStatus.JUNIOR_MIDDLE
    assert existing.lock_version > version
    event = AuditEvent.objects.get(action=IMPORT, child=existing)
    assert event.details["changes"]["child.schooling_status"] == [
        c.SchoolingStatus.PRIMARY,
        c.SchoolingStatus.JUNIOR_MIDDLE,
    ]


def test_confirm_writes_scoped_encrypted_tiered_audited_files(people, geo, media, django_capture_on_commit_callbacks):
    officer = people["county"]
    rows = [child_row(1), child_row(2, "王小红", sex="女", born=date(2013, 5, 1), 父亲身份证号="511324198501013219")]
    rows[0]["父亲身份证号"] = "511324198501013219"  # the same father: siblings, one household
    imp = validated(officer, ledger(rows), lifecycle="active")
    assert importer.can_confirm(imp) == (True, "")
    with django_capture_on_commit_callbacks(execute=True):
        summary = importer.do_confirm_import(officer, imp)
    assert summary["created"] == 2
    assert summary["households"] == 1
    mine = children_for(officer).filter(name__in=["王小明", "王小红"]).order_by("name")
    assert mine.count() == 2
    ming = mine.get(name="王小明")
    assert (ming.name_pinyin, ming.name_initials) == ("wangxiaoming", "wxm")
    assert ming.status == c.Status.ACTIVE
    assert ming.activated_by == officer
    assert ming.registered_by == officer
    assert ming.id_number == rows[0]["身份证号"]
    assert ming.id_number_digest
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM children_child WHERE id = %s", [ming.pk])
        assert cursor.fetchone()[0] != ming.id_number  # encrypted at rest
    assert ming.categories == [c.Category.RURAL_LEFT_BEHIND]
    assert FollowUp.objects.filter(child__in=mine).count() == 2  # tiers computed
    assert AuditEvent.objects.filter(action=IMPORT, child__isnull=True).count() == 1
    assert set(AuditEvent.objects.filter(action=IMPORT, child__isnull=False).values_list("child", flat=True)) == {
        ch.pk for ch in mine
    }
    imp.refresh_from_db()
    assert imp.status == LedgerImport.Status.IMPORTED
    assert not imp.file
    row = imp.rows.get(row_number=4)
    assert row.child == ming
    assert "child.id_number" not in row.data
    assert not any(p.is_file() for p in media.rglob("*"))


def test_registered_lifecycle_and_closed_rows(people, media):
    officer = people["county"]
    closed = child_row(2, "王小红", sex="女", 在册状态="已退出", 退出日期="2024-01-01", 退出原因="父母返乡")
    headers = [*HEADERS, "在册状态", "退出日期", "退出原因"]
    imp = validated(officer, xlsx({"S": [headers, *rows_of([child_row(1), closed], headers)]}))
    importer.do_confirm_import(officer, imp)
    statuses = dict(children_for(officer).values_list("name", "status"))
    assert statuses == {"王小明": c.Status.REGISTERED, "王小红": c.Status.CLOSED}


def test_nothing_is_written_while_a_row_has_errors_unless_the_officer_skips_them(people, media):
    officer = people["county"]
    before = Child.objects.count()
    imp = validated(officer, ledger([child_row(1), child_row(2, 儿童姓名="")]))
    ok, reason = importer.can_confirm(imp)
    assert not ok
    assert "1" in reason
    with pytest.raises(ActionError):
        importer.do_confirm_import(officer, imp)
    assert Child.objects.count() == before
    summary = importer.do_confirm_import(officer, imp, skip_errors=True)
    assert summary["created"] == 1
    assert summary["skipped_errors"] == 1


def test_duplicates_must_be_resolved_then_keep_and_skip(people, geo, media):
    officer = people["county"]
    make_child(geo["village_a"], "王小明", dob=date(2015, 3, 8), with_id=False)
    imp = validated(officer, ledger([child_row(1, 身份证号=""), child_row(2, 身份证号="", born=date(2015, 3, 8))]))
    rows = list(imp.rows.filter(outcome="duplicate").order_by("row_number"))
    assert len(rows) == 2
    assert not importer.can_confirm(imp)[0]
    importer.do_resolve(officer, rows[0], "keep")
    importer.do_resolve(officer, rows[1], "skip")
    with pytest.raises(ActionError):  # a file that is not among the row's matches
        importer.do_resolve(officer, rows[1], "merge", target=make_child(geo["village_b"], "李四"))
    summary = importer.do_confirm_import(officer, imp)
    assert summary["created"] == 1
    assert summary["skipped"] == 1


def test_a_failure_while_writing_rolls_everything_back(people, media, monkeypatch):
    officer = people["county"]
    before = (Child.objects.count(), AuditEvent.objects.count())
    imp = validated(officer, ledger([child_row(1), child_row(2, "王小红", sex="女")]))

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Writer, "_link", fail)
    with pytest.raises(RuntimeError):
        importer.do_confirm_import(officer, imp)
    assert (Child.objects.count(), AuditEvent.objects.count()) == before
    imp.refresh_from_db()
    assert imp.status == LedgerImport.Status.VALIDATED
    assert imp.file


def test_cancel_deletes_the_file_and_the_rows(people, media, django_capture_on_commit_callbacks):
    officer = people["county"]
    imp = validated(officer, ledger([child_row(1)]))
    assert any(p.is_file() for p in media.rglob("*"))  # kept while the import is open
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the cancel commits
        importer.do_cancel_import(officer, imp)
    imp.refresh_from_db()
    assert imp.status == LedgerImport.Status.CANCELLED
    assert not ImportRow.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_who_may_import_and_outsiders_get_404(people, media):
    assert access.can_import(people["county"])
    assert access.can_import(people["supervisor"])
    assert not access.can_import(people["cwd_a"])
    assert not access.can_import(people["partner"])
    imp = validated(people["county"], ledger([child_row(1)]))
    assert access.access_import(people["county"], imp.uuid) == imp
    for outsider in ("other_county", "supervisor", "cwd_a", "partner"):
        with pytest.raises(Http404):
            access.access_import(people[outsider], imp.uuid)
    assert list(access.imports_for(people["other_county"])) == []
    with pytest.raises(ActionError):
        importer.do_validate(people["cwd_a"], imp)


def test_an_import_left_open_a_week_is_cancelled_at_night_with_its_rows_and_file(
    people, media, django_capture_on_commit_callbacks
):
    """An upload nobody confirms would keep the ledger's ID numbers in its rows and the file on
    disk for ever: the nightly job cancels it after OPEN_IMPORT_DAYS; a recent one stays."""
    officer = people["county"]
    old = validated(officer, ledger([child_row(1)]))
    recent = validated(officer, ledger([child_row(2)]))
    old_file = old.file.name
    started = timezone.now() - timedelta(days=importer.OPEN_IMPORT_DAYS + 1)
    LedgerImport.objects.filter(pk=old.pk).update(created_at=started)
    with django_capture_on_commit_callbacks(execute=True):
        assert importer.expire_open_imports(timezone.localdate()) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == LedgerImport.Status.CANCELLED
    assert not old.rows.exists()
    assert recent.status == LedgerImport.Status.VALIDATED
    assert recent.rows.count() == 1
    assert old.file.name == ""
    on_disk = sorted(p.name for p in media.rglob("*") if p.is_file())
    assert on_disk == [Path(recent.file.name).name]
    assert Path(old_file).name not in on_disk
    assert importer.expire_open_imports(timezone.localdate()) == 0  # a second night: nothing more
