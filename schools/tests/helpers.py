"""Building absence sheets as schools send them."""

import csv
import io
from datetime import date, timedelta

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

ZH = ["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"]


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def pupil_rows(
    child, days, *, excused: str = "否", reason: str = "", with_id: bool = True, name=None, dob: bool = True
) -> list[list]:
    """One row per day absent, as the school's roster names the child."""
    return [
        [
            name or child.name,
            child.id_number if with_id else "",
            child.date_of_birth.isoformat() if dob else "",
            "三年级2班",
            days_ago(n).isoformat(),
            excused,
            reason,
        ]
        for n in days
    ]


def csv_file(rows: list[list], header=ZH, name: str = "absences.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_bytes(rows: list[list], header=ZH) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
