"""Matching a school's pupils to registered children: ID number, name and date of birth,
pinyin, ambiguity, closed files and other counties. The school learns only matched or not."""

from datetime import date

import pytest
from django.urls import reverse

from children import choices as c
from children.identity import make_id_number
from conftest import make_child
from schools.models import Absence, SchoolUpload, UnmatchedRow

from .helpers import csv_file, days_ago, pupil_rows

pytestmark = pytest.mark.django_db


def upload(client, rows) -> SchoolUpload:
    response = client.post(reverse("school_upload_sheet"), {"sheet": csv_file(rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SchoolUpload.objects.latest("id")


def test_match_by_id_number_even_with_another_name(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    record = upload(login(teacher), pupil_rows(child, [1], name="张小伟", dob=False))
    assert (record.matched_rows, record.unmatched_rows) == (1, 0)
    assert Absence.objects.get().child == child


def test_match_by_name_and_date_of_birth_when_no_id(geo, people, teacher, login):
    child = make_child(geo["village_b"], "王磊", with_id=False)  # another village of the school's township
    record = upload(login(teacher), pupil_rows(child, [1, 2], with_id=False))
    assert record.matched_rows == 2
    assert set(Absence.objects.values_list("child_id", flat=True)) == {child.pk}


def test_match_by_pinyin_homophone(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟", with_id=False)
    upload(login(teacher), pupil_rows(child, [1], with_id=False, name="张玮"))
    assert Absence.objects.get().child == child


def test_school_id_number_falls_back_to_name_and_birth_for_a_file_without_one(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟", with_id=False)
    other = make_child(geo["village_a"], "张伟")  # same name, its own ID number: never this one by name
    other.date_of_birth = date(2014, 1, 1)
    other.save()
    school_id = make_id_number("511324", child.date_of_birth, 77, "M")
    upload(login(teacher), [["张伟", school_id, "", "", days_ago(1).isoformat(), "否", ""]])
    assert Absence.objects.get().child == child


def test_several_children_with_the_same_name_and_birth_are_not_matched(geo, people, teacher, login):
    twin = make_child(geo["village_a"], "刘洋", with_id=False)
    make_child(geo["village_b"], "刘洋", with_id=False)
    record = upload(login(teacher), pupil_rows(twin, [1], with_id=False))
    assert (record.matched_rows, record.unmatched_rows) == (0, 1)
    # Kept for the CWD side; the school learns "not matched" (test_the_school_reads_only_not_matched…).
    assert UnmatchedRow.objects.get().problem == "ambiguous"
    assert not Absence.objects.exists()


def test_closed_file_is_not_matched(geo, people, teacher, login):
    child = make_child(
        geo["village_a"],
        "陈静",
        status=c.Status.CLOSED,
        closed_on=date(2025, 1, 1),
        closure_reason=c.ClosureReason.MOVED,
    )
    record = upload(login(teacher), pupil_rows(child, [1]))
    assert record.unmatched_rows == 1
    assert UnmatchedRow.objects.get().problem == "not_found"  # not that the file is closed
    assert not Absence.objects.exists()


def test_child_of_another_county_is_not_found(geo, people, teacher, login):
    outsider = make_child(geo["village_d"], "赵敏")
    for with_id in (True, False):
        upload(login(teacher), pupil_rows(outsider, [1], with_id=with_id))
    assert list(UnmatchedRow.objects.values_list("problem", flat=True)) == ["not_found", "not_found"]
    assert not Absence.objects.exists()


def test_a_child_outside_the_schools_township_is_not_matched_unless_the_county_says_so(
    geo, people, school, teacher, login
):
    child = make_child(geo["village_c"], "王磊")  # township 2; the school serves township 1
    record = upload(login(teacher), pupil_rows(child, [1]))
    assert (record.matched_rows, record.unmatched_rows) == (0, 1)
    assert not Absence.objects.exists()
    school.division = geo["county"]  # the county widens the school's area in the directory
    school.save()
    record = upload(login(teacher), pupil_rows(child, [1]))
    assert record.matched_rows == 1
    assert Absence.objects.get().child == child


def test_the_school_reads_only_not_matched_whatever_the_reason(geo, people, teacher, login):
    closed = make_child(geo["village_a"], "陈静", status=c.Status.CLOSED, closed_on=date(2025, 1, 1),
                        closure_reason=c.ClosureReason.MOVED)  # fmt: skip
    record = upload(login(teacher), pupil_rows(closed, [1]))
    UnmatchedRow.objects.create(upload=record, row_number=9, problem="ambiguous", data={})  # an older row
    page = login(teacher).get(reverse("school_upload", args=[record.uuid])).content.decode()
    assert "file is closed" not in page
    assert "Several registered children" not in page
    assert page.count("No registered child found") == 2


def test_unmatched_rows_keep_the_school_data_and_row_number(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    rows = [*pupil_rows(child, [1]), ["不存在", "", "2014-05-05", "四年级1班", days_ago(2).isoformat(), "否", "生病"]]
    record = upload(login(teacher), rows)
    row = UnmatchedRow.objects.get(upload=record)
    assert row.row_number == 3  # the header is row 1 in Excel
    assert row.data == {
        "name": "不存在",
        "id_number": "",
        "date_of_birth": "2014-05-05",
        "class": "四年级1班",
        "date": days_ago(2).isoformat(),
        "excused": False,
        "reason": "生病",
    }
