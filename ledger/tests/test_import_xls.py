"""The old Excel format (.xls, Excel 97-2003), which many township offices still save: read like
an .xlsx, title block and all, and refused with a clear message when it is damaged."""

import io
from datetime import date

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ledger import importer
from ledger.imports_models import LedgerImport

from .import_helpers import HEADERS, child_row, rows_of, start, validated

pytestmark = pytest.mark.django_db


def xls(rows, name="台账.xls"):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_an_xls_ledger_with_a_title_block_is_read_like_an_xlsx(people, media):
    rows = [
        ["仪陇县农村留守儿童花名册"],
        ["填报单位：金城镇"],
        HEADERS,
        *rows_of([child_row(1), child_row(2, "李娜", sex="女")]),
    ]
    rows[3][3] = date(2015, 3, 8).strftime("%Y年%m月%d日")  # dates as Chinese offices type them
    imp = validated(people["county"], xls(rows))
    assert imp.counts["new"] == 2, [importer.row_messages(r) for r in imp.rows.all()]
    names = sorted(r.data["child.name"] for r in imp.rows.all())
    assert names == ["李娜", "王小明"]


def test_a_damaged_xls_is_refused_and_nothing_kept(people, media):
    with translation.override("en"), pytest.raises(importer.ImportRefused) as refused:
        start(people["county"], SimpleUploadedFile("台账.xls", b"\xd0\xcf\x11\xe0 not really a workbook"))
    assert "Excel" in refused.value.message
    assert not LedgerImport.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))
