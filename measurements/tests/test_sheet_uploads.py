"""Hostile and broken files on the sheet-scoring page: each gets a clear message, never a 500.

Each file here was a server error when fuzzed: a zip that is no workbook, a workbook whose
drawing, chart or comments part is missing or damaged (openpyxl's full load, used to write the
sheet back, raised KeyError or ParseError), CSV with invalid bytes, UTF-16 with and without its
byte-order mark, and a field longer than csv.field_size_limit (131,072 characters).
"""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

HEADER = ["姓名", "性别", "出生日期", "测量日期", "体重(kg)", "身高(cm)"]
ROW = ["张三", "男", "2021-03-01", "2023-11-26", "15", "100"]
NOT_A_WORKBOOK = "This file could not be read as an Excel workbook."
NOT_A_CSV = "This file could not be read as a CSV file."


def csv_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def workbook_with_extras() -> bytes:
    """A sheet with a comment and a chart: parts only the full load (for writing back) reads."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["A2"].comment = Comment("转学", "校医")
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=5, min_row=1, max_row=2))
    sheet.add_chart(chart, "H2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged(data: bytes, part: str, *, garble: bool = False) -> bytes:
    """The workbook without ``part`` (or with it garbled), as a broken export leaves it."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename == part and not garble:
                continue
            target.writestr(info, b"<broken" if info.filename == part else source.read(info))
    return out.getvalue()


@pytest.fixture
def upload(people, login, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(people["cwd_a"])

    def _upload(name: str, content: bytes):
        return client.post(reverse("score_sheet"), {"sheet": SimpleUploadedFile(name, content)})

    return _upload


def form_errors(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return str(response.context["form"].errors["sheet"])


@pytest.mark.parametrize(
    ("part", "garble"),
    [
        ("xl/drawings/drawing1.xml", False),  # KeyError: no item named ... in the archive
        ("xl/charts/chart1.xml", False),
        ("xl/comments/comment1.xml", False),
        ("xl/drawings/_rels/drawing1.xml.rels", False),  # AttributeError inside openpyxl
        ("xl/comments/comment1.xml", True),  # ParseError
        ("xl/charts/chart1.xml", True),
    ],
)
def test_a_workbook_with_a_damaged_part_is_refused_with_a_message(upload, part, garble):
    response = upload("sheet.xlsx", damaged(workbook_with_extras(), part, garble=garble))
    assert NOT_A_WORKBOOK in form_errors(response)


def test_a_file_that_is_no_workbook_is_refused_with_a_message(upload):
    assert NOT_A_WORKBOOK in form_errors(upload("sheet.xlsx", b"PK\x03\x04 not really a zip"))
    assert NOT_A_WORKBOOK in form_errors(upload("sheet.xlsx", damaged(workbook_with_extras(), "xl/workbook.xml")))


def test_the_intact_workbook_is_scored(upload):
    response = upload("sheet.xlsx", workbook_with_extras())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_csv_with_bytes_that_are_no_text_is_refused_with_a_message(upload):
    # A UTF-16 byte-order mark followed by an odd number of bytes cannot be decoded.
    assert NOT_A_CSV in form_errors(upload("sheet.csv", b"\xff\xfe" + csv_text([HEADER]).encode("utf-16-le") + b"\x00"))
    # A binary file named .csv.
    assert NOT_A_CSV in form_errors(upload("sheet.csv", workbook_with_extras()))


def test_utf16_csv_is_scored_and_without_its_mark_refused_with_a_message(upload):
    text = csv_text([HEADER, ROW])
    response = upload("sheet.csv", text.encode("utf-16"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "张三" in response.getvalue().decode("utf-8-sig")
    assert NOT_A_CSV in form_errors(upload("sheet.csv", text.encode("utf-16-le")))


def test_a_field_longer_than_the_csv_limit_is_refused_with_a_message(upload):
    assert csv.field_size_limit() == 131_072
    rows = csv_text([HEADER]) + '张三,男,2021-03-01,2023-11-26,15,"' + "1" * 140_000 + '"\r\n'
    assert NOT_A_CSV in form_errors(upload("sheet.csv", rows.encode()))
