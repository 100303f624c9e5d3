"""Broken and unusual files on the school's upload page: a clear message (400), nothing saved."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_child
from schools.models import Absence, SchoolUpload

from .helpers import ZH, days_ago, pupil_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def sheet_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([ZH, *rows])
    return out.getvalue()


def refused(client, name: str, content: bytes) -> str:
    response = client.post(reverse("school_upload_sheet"), {"sheet": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert not SchoolUpload.objects.exists()
    return str(response.context["sheet_form"].errors["sheet"])


def test_files_that_are_no_sheet_are_refused_with_a_message(teacher, login):
    client = login(teacher)
    assert "could not be read as an Excel workbook" in refused(client, "a.xlsx", b"PK\x03\x04 no zip")
    assert "could not be read as an Excel workbook" in refused(client, "a.xlsx", b"PK\x05\x06" + bytes(18))
    assert "could not be read as a CSV file" in refused(client, "a.csv", xlsx_bytes([]))
    assert "could not be read as a CSV file" in refused(client, "a.csv", b"\xfe\xff\x00")


def test_a_field_longer_than_the_csv_limit_is_refused_with_a_message(geo, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    rows = pupil_rows(child, [1])
    rows[0][-1] = "病" * 140_000  # the reason column, past csv.field_size_limit
    assert "could not be read as a CSV file" in refused(login(teacher), "a.csv", sheet_text(rows).encode())


def test_utf16_sheets_are_read_and_without_their_mark_refused(geo, teacher, login):
    child = make_child(geo["village_a"], "张伟")
    text = sheet_text(pupil_rows(child, [1, 2]))
    client = login(teacher)
    assert "could not be read as a CSV file" in refused(client, "a.csv", text.encode("utf-16-le"))
    for encoding in ("utf-16", "utf-16-be"):
        content = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
        response = client.post(reverse("school_upload_sheet"), {"sheet": SimpleUploadedFile("a.csv", content)})
        assert response.status_code == 302
    assert sorted(Absence.objects.filter(child=child).values_list("date", flat=True)) == [days_ago(2), days_ago(1)]
