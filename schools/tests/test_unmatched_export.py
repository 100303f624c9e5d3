"""The unmatched rows go back to the school as CSV: a cell it typed as a formula arrives as text."""

import csv
import io

from django.urls import reverse

from schools.models import SchoolUpload, UnmatchedRow


def test_unmatched_rows_csv_writes_formulas_as_text(teacher, login):
    upload = SchoolUpload.objects.create(school=teacher.organisation, uploaded_by=teacher, kind="sheet")
    data = {"name": '=HYPERLINK("http://evil.example")', "id_number": "", "date_of_birth": "", "class": "@SUM(A1)"}
    data |= {"date": "2026-03-02", "excused": False, "reason": "+1+2"}
    UnmatchedRow.objects.create(upload=upload, row_number=2, data=data, problem=UnmatchedRow.Problem.NOT_FOUND)
    response = login(teacher).get(reverse("school_unmatched_csv", args=[upload.uuid]))
    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1]
    assert row[0] == '\'=HYPERLINK("http://evil.example")'
    assert row[3] == "'@SUM(A1)"
    assert row[4] == "2026-03-02"
    assert row[6] == "'+1+2"
