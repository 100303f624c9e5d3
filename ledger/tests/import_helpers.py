"""Building small ledgers in memory for the import tests, and walking an import through."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from children.identity import make_id_number
from ledger import importer

HEADERS = [
    "序号", "儿童姓名", "性别", "出生日期", "身份证号", "所在村（社区）", "户口性质", "就学情况", "儿童类别",
    "父亲姓名", "父亲身份证号", "父亲外出务工情况", "母亲姓名", "母亲外出务工情况", "委托照护人姓名", "与儿童关系",
]  # fmt: skip


def child_row(n, name="王小明", *, born=date(2015, 3, 8), sex="男", village="石佛村", id_number=None, **over):
    number = make_id_number("511324", born, n, "M" if sex == "男" else "F") if id_number is None else id_number
    row = {
        "序号": n, "儿童姓名": name, "性别": sex, "出生日期": born.strftime("%Y.%m.%d"), "身份证号": number,
        "所在村（社区）": village, "户口性质": "农业", "就学情况": "小学", "儿童类别": "农村留守儿童",
        "父亲姓名": "王大山", "父亲身份证号": "", "父亲外出务工情况": "省外务工", "母亲姓名": "李小芳",
        "母亲外出务工情况": "省外务工", "委托照护人姓名": "王奶奶", "与儿童关系": "奶奶",
    }  # fmt: skip
    row.update(over)
    return row


def rows_of(dicts, headers=HEADERS):
    return [[d.get(h, "") for h in headers] for d in dicts]


def xlsx(sheets, name="台账.xlsx", *, hidden_rows=(), merges=()):
    """``sheets``: {sheet name: list of rows (the first ones being title and header lines)}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for r in hidden_rows:
            sheet.row_dimensions[r].hidden = True
        for merge in merges:
            sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def ledger(dicts, *, title=True, headers=HEADERS, **kw):
    lines = [["仪陇县农村留守儿童花名册"], ["填报单位：金城镇", "", "填报日期：2026年11月"]] if title else []
    return xlsx({"花名册": [*lines, headers, *rows_of(dicts, headers)]}, **kw)


def csv_file(rows, name="台账.csv", encoding="gb18030"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def start(user, upload, lifecycle="registered"):
    return importer.do_start_import(user, uploaded_file=upload, lifecycle=lifecycle)


def validated(user, upload, lifecycle="registered"):
    imp = start(user, upload, lifecycle)
    if imp.status == "needs_mapping":
        importer.do_save_mapping(user, imp, {})
        imp.refresh_from_db()
    importer.do_validate(user, imp)
    imp.refresh_from_db()
    return imp
