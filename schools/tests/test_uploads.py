"""Uploading absence sheets: the whole sheet is checked first, re-sending is idempotent,
unmatched rows come back to the school, and the template and forms work."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from conftest import make_child
from schools.models import Absence, SchoolUpload, UnmatchedRow

from .helpers import csv_file, days_ago, pupil_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_invalid_sheet_writes_nothing_and_lists_each_row_problem(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    bad_id = child.id_number[:-1] + ("0" if child.id_number[-1] != "0" else "1")
    rows = [
        *pupil_rows(child, [1]),
        ["", "", "2015-01-01", "", days_ago(1).isoformat(), "否", ""],  # row 3: no name
        ["李四", "", "", "", days_ago(1).isoformat(), "否", ""],  # row 4: neither ID nor birth date
        ["王五", "", "2015-01-01", "", days_ago(-3).isoformat(), "否", ""],  # row 5: future
        ["赵六", "", "2015-01-01", "", days_ago(61).isoformat(), "否", ""],  # row 6: too old
        ["钱七", bad_id, "", "", days_ago(1).isoformat(), "否", ""],  # row 7: checksum
        ["孙八", "", "2015-01-01", "", "昨天", "否", ""],  # row 8: not a date
        ["周九", "", "2015-01-01", "", days_ago(1).isoformat(), "也许", ""],  # row 9: excused?
    ]
    response = login(teacher).post(reverse("school_upload_sheet"), {"sheet": csv_file(rows)})
    assert response.status_code == 400
    errors = [(number, str(message)) for number, message in response.context["row_errors"]]
    assert [n for n, _ in errors] == [3, 4, 5, 6, 7, 8, 9]
    assert "name is missing" in errors[0][1]
    assert "ID number or the date of birth" in errors[1][1]
    assert "future" in errors[2][1]
    assert "more than 60 days ago" in errors[3][1]
    assert "not valid" in errors[4][1]
    assert "not a date" in errors[5][1]
    assert "是 or 否" in errors[6][1]
    assert "data-row-errors" in response.content.decode()
    assert not SchoolUpload.objects.exists()
    assert not Absence.objects.exists()


def test_sheet_without_the_required_columns_is_refused(people, teacher, login):
    rows = [["张伟", "三年级"]]
    response = login(teacher).post(reverse("school_upload_sheet"), {"sheet": csv_file(rows, header=["学生", "班级"])})
    assert response.status_code == 400
    assert "no column for" in str(response.context["sheet_form"].errors["sheet"])
    assert not SchoolUpload.objects.exists()


def test_file_type_and_size_limits(people, teacher, login):
    client = login(teacher)
    response = client.post(
        reverse("school_upload_sheet"), {"sheet": SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")}
    )
    assert "Excel (.xlsx) or CSV" in str(response.context["sheet_form"].errors["sheet"])
    big = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024 + 1), content_type="text/csv")
    response = client.post(reverse("school_upload_sheet"), {"sheet": big})
    assert "larger than 2 MB" in str(response.context["sheet_form"].errors["sheet"])
    assert not SchoolUpload.objects.exists()


def test_english_headers_and_xlsx_dates(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟", with_id=False)
    header = ["Name", "ID number", "Date of birth", "Class", "Date", "Excused", "Reason"]
    rows = [[child.name, None, child.date_of_birth, "3-2", days_ago(1), "no", ""]]
    sheet = SimpleUploadedFile("absences.xlsx", xlsx_bytes(rows, header=header))
    response = login(teacher).post(reverse("school_upload_sheet"), {"sheet": sheet})
    assert response.status_code == 302
    assert Absence.objects.get().child == child


def test_reupload_updates_instead_of_duplicating(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    client.post(reverse("school_upload_sheet"), {"sheet": csv_file(pupil_rows(child, [1, 2, 3]))})
    corrected = pupil_rows(child, [1, 2]) + pupil_rows(child, [3], excused="是", reason="病假")
    client.post(reverse("school_upload_sheet"), {"sheet": csv_file(corrected)})
    assert Absence.objects.count() == 3
    day3 = Absence.objects.get(date=days_ago(3))
    assert (day3.excused, day3.reason) == (True, "病假")
    assert day3.upload == SchoolUpload.objects.latest("id")
    assert SchoolUpload.objects.count() == 2
    # Each upload leaves an audit row on the child's file.
    assert AuditEvent.objects.filter(child=child, details__school="金城镇中心小学").count() == 2


def test_upload_summary_and_unmatched_download(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    rows = [*pupil_rows(child, [1]), ["不存在", "", "2014-05-05", "四年级1班", days_ago(2).isoformat(), "否", ""]]
    client = login(teacher)
    response = client.post(reverse("school_upload_sheet"), {"sheet": csv_file(rows)}, follow=True)
    page = response.content.decode()
    upload = SchoolUpload.objects.get()
    assert (upload.total_rows, upload.matched_rows, upload.unmatched_rows) == (2, 1, 1)
    assert 'data-row="3"' in page
    assert "不存在" in page
    assert child.id_number not in page  # nothing of the registry, only the school's own rows
    home = client.get(reverse("school_home")).content.decode()
    assert "absences.csv" in home
    response = client.get(reverse("school_unmatched_csv", args=[upload.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:7] == ["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"]
    assert lines[1][:7] == ["不存在", "", "2014-05-05", "四年级1班", days_ago(2).isoformat(), "否", ""]
    assert lines[1][7] == "3"
    # The download can be corrected and sent again as it is.
    reupload = SimpleUploadedFile("fixed.csv", response.content, content_type="text/csv")
    assert client.post(reverse("school_upload_sheet"), {"sheet": reupload}).status_code == 302
    assert UnmatchedRow.objects.count() == 2


def test_template_has_the_headers(people, teacher, login):
    client = login(teacher)
    response = client.get(reverse("school_sheet_template"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.active[1]] == ["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"]
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("school_sheet_template")).content))
    assert [c.value for c in book.active[1]] == [
        "name",
        "id_number",
        "date_of_birth",
        "class",
        "date",
        "excused",
        "reason",
    ]


def test_one_absence_form(geo, people, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    client = login(teacher)
    data = {
        "absence-name": "张伟",
        "absence-id_number": child.id_number,
        "absence-date": days_ago(0).isoformat(),
        "absence-reason": "未到校",
    }
    response = client.post(reverse("school_record_absence"), data)
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert (absence.child, absence.excused, absence.reason) == (child, False, "未到校")
    assert SchoolUpload.objects.get().kind == "form"


def test_one_absence_form_keeps_its_state_on_error(people, teacher, login):
    data = {"absence-name": "张伟", "absence-class_name": "三年级2班", "absence-date": days_ago(0).isoformat()}
    response = login(teacher).post(reverse("school_record_absence"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "ID number or the date of birth" in page
    assert 'value="三年级2班"' in page
    assert not SchoolUpload.objects.exists()
