"""core.sheets: the one reader of uploaded .xlsx/.csv sheets. Nothing here needs Django."""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from core import sheets
from core.sheets import CellError, SheetError, Table, cell_text, parse_date, read_rows, read_table

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
ALIASES = {
    "name": ["姓名", "name"],
    "dob": ["出生日期", "date of birth"],
    "weight": ["体重", "weight"],
    "age_months": ["年龄(月)", "age (months)"],
}
REQUIRED = ("name", ("dob", "age_months"))


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


def table(content: bytes, name: str = "a.csv", **kwargs) -> Table:
    return read_table(
        content,
        name,
        aliases=ALIASES,
        required=REQUIRED,
        max_bytes=kwargs.pop("max_bytes", MB),
        max_rows=kwargs.pop("max_rows", 100),
        **kwargs,
    )


ROWS = [["姓名", "出生日期", "体重"], ["张三", "2021-03-01", "15"], ["李四", "2021/3/5", "12.5"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_csv_encodings(encoding):
    text = csv_text(ROWS)
    if encoding == "utf-16-le":
        content = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "utf-16-be":
        content = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        content = text.encode(encoding)
    assert read_rows(content, "a.csv", max_bytes=MB, max_rows=10) == ROWS


def test_tab_separated_utf16_as_excel_saves_unicode_text():
    content = "\r\n".join("\t".join(r) for r in ROWS).encode("utf-16")  # Python writes the BOM
    assert read_rows(content, "a.txt", max_bytes=MB, max_rows=10) == ROWS


def test_gb18030_with_a_stray_byte_still_reads():
    content = csv_text(ROWS).encode("gb18030") + b"\xff\r\n"
    rows = read_rows(content, "a.csv", max_bytes=MB, max_rows=10)
    assert rows[:3] == ROWS


def test_cell_text_folds_full_width_and_strips():
    assert cell_text("  ７．５ｋｇ ") == "7.5kg"
    assert cell_text("ＡＢＣ１２３") == "ABC123"
    assert cell_text(15.0) == "15"
    assert cell_text(15.5) == "15.5"
    assert cell_text(None) == ""
    assert cell_text("张三") == "张三"


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024/03/05",
        "2024.3.5",
        "20240305",
        20240305,
        "2024年3月5日",
        "2024 年 3 月 5 日",
        "2024年3月5",
        "２０２４－０３－０５",
        "２０２４年３月５日",
        "２０２４／３／５",
        "2024-03-05 00:00:00",
        "2024/3/5 0:00",
        "2024-03-05T08:30:00",
        datetime(2024, 3, 5, 10, 0),
        date(2024, 3, 5),
        45356,  # Excel serial number of 2024-03-05
        45356.5,
    ],
)
def test_one_date_grammar(value):
    assert parse_date(value) == date(2024, 3, 5)


@pytest.mark.parametrize(
    "value", ["2021-02-30", "05/03/2024", "2024-03/05", "3月5日", "yesterday", "2024", 12, 1e9, True, "2024-13-01"]
)
def test_bad_dates(value):
    with pytest.raises(CellError) as exc:
        parse_date(value)
    assert exc.value.code == "bad_date"
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_blank_date_is_none(value):
    assert parse_date(value) is None


def test_header_below_title_lines_and_excel_row_numbers():
    rows = [
        ["某某镇中心幼儿园 2024 年体检表"],
        [],
        ["姓名", "出生日期(年-月-日)", "体重 (kg)"],
        ["张三", "2021-03-01", 15],
        [None, None, None],
        ["李四", "2021-03-05", 12],
    ]
    t = table(xlsx(rows), "a.xlsx", unit_suffixes=("kg",))
    assert t.header == 2
    assert t.columns == {"name": 0, "dob": 1, "weight": 2}
    assert t.header_texts["weight"] == "体重 (kg)"
    assert [(n, t.cell(r, "name")) for n, r in t.records()] == [(4, "张三"), (6, "李四")]
    assert t.cell(["x"], "weight") is None
    assert t.cell(["x"], "age_months") is None


def test_header_aliases_ignore_case_spaces_brackets_and_full_width():
    rows = [["NAME", "Ａｇｅ （months）", "Weight*"], ["Amy", "12", "9"]]
    t = table(csv_text(rows).encode(), unit_suffixes=("kg",))
    assert t.columns == {"name": 0, "age_months": 1, "weight": 2}


def test_a_bracketed_alias_does_not_claim_the_bare_header():
    with pytest.raises(SheetError) as exc:
        table(csv_text([["name", "age"], ["Amy", "3"]]).encode())
    assert exc.value.code == "no_header"
    assert exc.value.params["missing"] == ["dob / age_months"]


def test_no_header_names_what_is_missing():
    with pytest.raises(SheetError) as exc:
        table(csv_text([["学生", "班级"], ["张三", "1"]]).encode())
    assert exc.value.code == "no_header"
    assert exc.value.params["columns"] == "name, dob / age_months"
    assert "no column for" in str(exc.value)


def test_header_must_be_within_the_first_rows():
    rows = [["title"]] * 3 + [["姓名", "出生日期"]]
    with pytest.raises(SheetError):
        table(csv_text(rows).encode(), header_search=3)
    assert table(csv_text(rows).encode(), header_search=4).header == 3


@pytest.mark.parametrize("content", [b"", b"\r\n,,\r\n\r\n"])
def test_empty_sheet(content):
    with pytest.raises(SheetError) as exc:
        table(content)
    assert exc.value.code == "empty"


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_row_cap(name):
    rows = [["title"], ["姓名", "出生日期"]] + [["x", "2021-03-01"]] * 5
    content = xlsx(rows) if name.endswith("xlsx") else csv_text(rows).encode()
    assert len(list(table(content, name, max_rows=5).records())) == 5
    with pytest.raises(SheetError) as exc:
        table(content, name, max_rows=4)
    assert (exc.value.code, exc.value.params) == ("too_many_rows", {"max": 4})
    assert str(exc.value) == "The sheet has more than 4 rows."


def test_rows_beyond_the_cap_are_never_read(monkeypatch):
    read = []

    def counting(*args, **kwargs):
        for row in [["姓名", "出生日期"]] + [["x", "2021-03-01"]] * 1000:
            read.append(row)
            yield row

    monkeypatch.setattr(sheets, "iter_rows", counting)
    with pytest.raises(SheetError):
        read_table(b"", "a.csv", aliases=ALIASES, required=REQUIRED, max_bytes=MB, max_rows=50)
    assert len(read) == 1 + 50 + 1  # the header, the cap, and one row to know it is over
    assert len(read_rows(xlsx([["a"]] * 200), "a.xlsx", max_bytes=MB, max_rows=50, header_search=10)) == 61


def test_size_cap_is_checked_before_parsing(tmp_path):
    with pytest.raises(SheetError) as exc:
        read_rows(b"x" * (2 * MB + 1), "a.xlsx", max_bytes=2 * MB, max_rows=10)
    assert exc.value.code == "too_large"
    assert exc.value.params["mb"] == 2
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\r\n" * 1000)
    with pytest.raises(SheetError):
        read_rows(path=path, max_bytes=1000, max_rows=10)


def test_reads_from_a_path(tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(xlsx(ROWS))
    t = read_table(path=path, aliases=ALIASES, required=REQUIRED, max_bytes=MB, max_rows=10)
    assert [r for _, r in t.records()] == ROWS[1:]


def test_xlsx_keeps_cell_types():
    rows = read_rows(
        xlsx([["a", "b"], [datetime(2024, 3, 5), 15.5], ["=1+1", None]]), "a.xlsx", max_bytes=MB, max_rows=10
    )
    assert rows[1] == [datetime(2024, 3, 5), 15.5]
    assert rows[2][1] is None


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.xlsx", b"not a zip file", "bad_workbook"),
        ("a.xlsx", b"PK\x03\x04" + b"\x00" * 100, "bad_workbook"),
        ("a.csv", b"a,b\r\n\x00\x00\x00\r\n", "bad_csv"),
        ("a.pdf", b"%PDF-1.4", "file_type"),
        ("a", b"a,b", "file_type"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "file_type"),
    ],
)
def test_bad_files(name, content, code):
    with pytest.raises(SheetError) as exc:
        read_rows(content, name, max_bytes=MB, max_rows=10)
    assert exc.value.code == code
    assert str(exc.value) == sheets.MESSAGES[code]


def test_a_csv_named_xlsx_is_refused_as_a_workbook():
    with pytest.raises(SheetError) as exc:
        read_rows(csv_text(ROWS).encode(), "a.xlsx", max_bytes=MB, max_rows=10)
    assert exc.value.code == "bad_workbook"


def test_imports_no_django_and_no_app():
    probe = (
        "import sys, core.sheets\n"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, timeout=60)  # noqa: S603


def test_utf16_without_bom_is_refused_rather_than_read_as_garbage():
    with pytest.raises(SheetError) as exc:
        read_rows(csv_text(ROWS).encode("utf-16-le"), "a.csv", max_bytes=MB, max_rows=10)
    assert exc.value.code == "bad_csv"
