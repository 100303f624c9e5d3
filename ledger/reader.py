"""Reading a county's ledger: every sheet of a workbook (.xlsx, .xlsm, .xls) or a CSV file.

Bounds come first, before any parser sees the file: the size (:data:`MAX_BYTES`), for a
workbook its archive (``core.sheets.check_archive``: declared unpacked sizes, ratio, parts) and
its row count, counted from the sheet parts' ``<row>`` tags with a regular expression over the
streamed XML (no parser), so that a 200,000-row ledger is refused in a second and before it is
loaded. A CSV is decoded as ``core.sheets`` decodes every CSV (BOM, UTF-8, then GB18030) and its
rows are counted while reading.

Workbooks are read with python-calamine (Rust): a 100,000-row ledger reads in under 2 s where
openpyxl's read-only mode takes 25 s (docs/performance.md). It also reads the old .xls format.

What ledgers look like, and how each case is read:

- a title block above the header (县农村留守儿童花名册, 填报单位, 日期): the header is the row among
  the first :data:`HEADER_SEARCH` that names the most catalogue columns;
- a two-line header with merged group cells (父亲情况 over 姓名 / 身份证号 / 电话): a header cell
  is read with the group above it ("父亲" + "姓名" → 父亲姓名) when that names a column, and a
  cell merged down over both lines is read from the upper line;
- hidden rows are still rows of the ledger (offices hide closed or checked rows rather than
  delete them): they are read like any other, and their count is reported so that the
  officer knows (``hidden`` in the sheet's summary, a warning on the preview);
- empty sheets and sheets whose columns name nothing Shouhu knows are skipped (role ``ignored``).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from core import sheets
from core.sheets import SheetError, cell_text

from . import catalogue

MAX_BYTES = 60 * 1024 * 1024
MAX_UNPACKED = 300 * 1024 * 1024  # a 100,000-row ledger of 28 columns unpacks to 166 MB
MAX_ROWS = 100_000  # data rows per file, all sheets together
HEADER_SEARCH = 15
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = WORKBOOK_SUFFIXES + TEXT_SUFFIXES
ROLES = ("child", "household", "member", "ignored")


@dataclass
class Sheet:
    """One sheet as read: its first lines (``head``: title and header lines, merged cells spread),
    the header's place, the header text of each column (a two-line header joined), and its
    rows, read again on demand (``source``) rather than kept as Python lists: a 100,000-row
    sheet's cells stay in the reader's compact form."""

    name: str
    head: list[list[Any]]
    source: Any = None  # () -> iterator over every row (head included); None: head is all
    first_row: int = 1  # the Excel row number of the first row
    height: int = 0  # rows in all, blank ones included
    header: int = -1  # index of the (lower) header line; -1 when none was found
    headers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # recognised code per column, "" if none
    hidden: set[int] = field(default_factory=set)  # Excel row numbers of hidden rows

    @property
    def signature(self) -> str:
        return header_signature(self.headers)

    @property
    def role(self) -> str:
        return sheet_role(self.codes)

    def all_rows(self) -> Iterator[list[Any]]:
        if self.source is None:
            yield from self.head
            return
        head = len(self.head)
        for i, row in enumerate(self.source()):
            yield self.head[i] if i < head else row

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, row) of each non-blank row below the header."""
        if self.header < 0:
            return
        skip = self.header + 1
        for i, row in enumerate(self.all_rows()):
            # any(row) is the fast test; the second finds a cell that is more than spaces.
            if i >= skip and any(row) and any(v.strip() if isinstance(v, str) else v is not None for v in row):
                yield self.first_row + i, row

    def count_rows(self) -> int:
        """Rows below the header (blank ones too, for a workbook: counting them costs a pass)."""
        if self.header < 0:
            return 0
        if self.source is None:
            return sum(1 for _ in self.data_rows())
        return max(self.height - self.header - 1, 0)

    def hidden_data_rows(self) -> int:
        first = self.first_row + self.header + 1
        return sum(1 for r in self.hidden if r >= first)

    def samples(self, index: int, n: int = 3) -> list[str]:
        found = []
        for _number, row in islice(self.data_rows(), 200):
            if index < len(row):
                text = cell_text(_plain(row[index]))
                if text and text not in found:
                    found.append(text[:40])
                    if len(found) >= n:
                        break
        return found


def header_signature(headers: list[str]) -> str:
    """The same columns in the same order give the same signature (headers as compared)."""
    keys = "\x1f".join(sheets.header_keys(h)[0] for h in headers)
    return hashlib.sha256(keys.encode()).hexdigest()[:32]


def sheet_role(codes: list[str]) -> str:
    tables = {code.split(".", 1)[0] for code in codes if code}
    if "child" in tables and "child.name" in codes:
        return "child"
    if "member" in tables:
        return "member"
    if tables & {"household", "father", "mother"} and "household.key" in codes:
        return "household"
    if tables & {"child", "household", "father", "mother"}:
        return "child"  # a child sheet whose name column is still to be mapped
    return "ignored"


# ---------------------------------------------------------------- files


def check_file(filename: str, size: int) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetError("file_type")
    if size > MAX_BYTES:
        raise SheetError("too_large", mb=MAX_BYTES // (1024 * 1024), max_bytes=MAX_BYTES)
    return suffix


def read_book(path: str | Path, filename: str = "") -> list[Sheet]:
    """Every sheet of the file, with its header found; SheetError for a file that cannot be used
    (type, size, zip bomb, damaged, more than :data:`MAX_ROWS` data rows)."""
    path = Path(path)
    suffix = check_file(filename or path.name, path.stat().st_size)
    book = [_read_csv(path)] if suffix in TEXT_SUFFIXES else _read_workbook(path, suffix)
    total = 0
    for sheet in book:
        find_header(sheet)
        total += sheet.count_rows()
        if total > MAX_ROWS:
            raise SheetError("too_many_rows", max=MAX_ROWS)
    return book


def _read_csv(path: Path) -> Sheet:
    text = sheets.decode_text(path.read_bytes())
    if "\x00" in text:  # a binary file named .csv, or UTF-16 without its BOM
        raise SheetError("bad_csv")
    rows: list[list[Any]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), sheets.csv_dialect(text)), start=1):
            if any(len(c) > sheets.MAX_CELL_CHARS for c in row):
                raise SheetError("cell_too_large", row=number, max=sheets.MAX_CELL_CHARS)
            rows.append(row[: sheets.MAX_COLUMNS])
            if number > MAX_ROWS + HEADER_SEARCH + 1:
                raise SheetError("too_many_rows", max=MAX_ROWS)
    except csv.Error as exc:
        raise SheetError("bad_csv") from exc
    del text
    return Sheet(name=path.stem[:100] or "CSV", head=rows, height=len(rows))


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(text: bytes) -> dict[str, str]:
    return {k.decode().rsplit(":", 1)[-1]: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(text)}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the archive, from the workbook and its relations (read with
    regular expressions: two small parts, and no XML parser sees the uploaded file)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {a.get("Id"): a.get("Target", "") for a in map(_attrs, _REL_TAG.findall(rels))}
    parts = {}
    for attrs in map(_attrs, _SHEET_TAG.findall(book)):
        target = targets.get(attrs.get("id"), "")
        parts[attrs.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _scan_rows(archive: zipfile.ZipFile, part: str) -> tuple[int, set[int]]:
    """How many non-empty ``<row>`` elements the sheet part has, and which are hidden: a regular
    expression over the streamed XML, so a huge sheet is refused before it is parsed."""
    count, hidden, tail = 0, set(), b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                end = data.rfind(b">") + 1
                for m in _ROW_TAG.finditer(data, 0, end):
                    if m[2]:  # <row .../>: no cells
                        continue
                    count += 1
                    if _HIDDEN.search(m[1]):
                        number = _ROW_NUMBER.search(m[1])
                        if number:
                            hidden.add(int(number[1]))
                tail = data[end:]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SheetError("bad_workbook") from exc
    return count, hidden


def _read_workbook(path: Path, suffix: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook  # a compiled reader: loaded only for workbooks

    hidden_rows: dict[str, set[int]] = {}
    if suffix != ".xls":
        sheets.check_archive(path, MAX_UNPACKED)
        with zipfile.ZipFile(path) as archive:
            total = 0
            for name, part in _sheet_parts(archive).items():
                count, hidden = _scan_rows(archive, part)
                total += count
                if total > MAX_ROWS + HEADER_SEARCH * 4:  # a few title and header lines per sheet
                    raise SheetError("too_many_rows", max=MAX_ROWS)
                hidden_rows[name] = hidden
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own kinds for a damaged or mislabelled file
        raise SheetError("bad_workbook") from exc
    result = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
                continue  # chart sheets, macro sheets
            try:
                sheet = book.get_sheet_by_name(meta.name)
                if suffix == ".xls" and sheet.height > MAX_ROWS + HEADER_SEARCH * 4:
                    raise SheetError("too_many_rows", max=MAX_ROWS)
                head = [row[: sheets.MAX_COLUMNS] for row in islice(sheet.iter_rows(), HEADER_SEARCH)]
                merged = sheet.merged_cell_ranges or []
            except SheetError:
                raise
            except Exception as exc:
                raise SheetError("bad_workbook") from exc
            start_row, start_col = sheet.start or (0, 0)
            # No per-cell length check here: the archive's unpacked size (checked above) already
            # bounds what the cells can hold, and a long cell fails its column's own length check.
            found = Sheet(
                name=meta.name[:100],
                head=[_pad(row, start_col) for row in head],
                source=_rows_of(sheet, start_col),
                first_row=start_row + 1,
                height=sheet.height,
            )
            found.hidden = hidden_rows.get(meta.name, set())
            _spread_merged_headers(found, merged, start_row)
            result.append(found)
    finally:
        book.close()
    return result


def _pad(row: list[Any], start_col: int) -> list[Any]:
    row = row[: sheets.MAX_COLUMNS]
    return [""] * start_col + row if start_col else row


def _rows_of(sheet, start_col: int):
    def rows() -> Iterator[list[Any]]:
        try:
            for row in sheet.iter_rows():
                yield _pad(row, start_col)
        except Exception as exc:  # a damaged sheet shows only while reading it
            raise SheetError("bad_workbook") from exc

    return rows


def _spread_merged_headers(sheet: Sheet, merged, start_row: int) -> None:
    """Copy a merged cell's value into every cell it covers, in the first lines only (titles
    and headers), so that a group label stands over each of its columns."""
    for (r0, c0), (r1, c1) in merged:
        if r0 - start_row >= HEADER_SEARCH:
            continue
        i0 = r0 - start_row
        if i0 < 0 or i0 >= len(sheet.head):
            continue
        value = sheet.head[i0][c0] if c0 < len(sheet.head[i0]) else ""
        for i in range(i0, min(r1 - start_row, HEADER_SEARCH - 1, len(sheet.head) - 1) + 1):
            row = sheet.head[i]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (i, c) != (i0, c0) and cell_text(row[c]) == "":
                    row[c] = _MergedCopy(value)


class _MergedCopy(str):
    """A header cell filled from the merged cell that covers it (not typed there)."""

    __slots__ = ()


# ---------------------------------------------------------------- header


def _plain(value: Any) -> Any:
    if isinstance(value, timedelta | time):
        return str(value)
    return value


def _combined(upper: str, lower: str) -> tuple[str, str]:
    """A two-line header cell: the code and the text it is read as."""
    if lower and upper and upper != lower:
        joined = upper + lower
        code = catalogue.recognise(joined)
        if code:
            return code, joined
        # "父亲情况" over "姓名": the group's name without its last word
        for cut in ("情况", "信息", "基本信息", "基本情况"):
            if upper.endswith(cut) and len(upper) > len(cut):
                code = catalogue.recognise(upper[: -len(cut)] + lower)
                if code:
                    return code, upper[: -len(cut)] + lower
    if lower:
        return catalogue.recognise(lower) or "", lower
    if upper and not isinstance(upper, _MergedCopy):
        return catalogue.recognise(upper) or "", upper
    return "", ""


def find_header(sheet: Sheet) -> None:
    """Find the header line among the first lines: the one naming the most catalogue columns
    (with the line above it, for a two-line header). Sets ``header``, ``headers`` and ``codes``;
    a sheet naming fewer than two columns keeps ``header = -1``."""
    best = (1, -1, [], [])  # (score, index, headers, codes)
    for i, row in enumerate(sheet.head[:HEADER_SEARCH]):
        lower = [cell_text(_plain(v)) for v in row]
        if sum(1 for t in lower if t) < 2:
            continue
        for upper_row in [None, sheet.head[i - 1]] if i > 0 else [None]:
            upper = [_upper_text(v) for v in upper_row] if upper_row is not None else []
            headers, codes = [], []
            for c in range(max(len(lower), len(upper))):
                code, text = _combined(upper[c] if c < len(upper) else "", lower[c] if c < len(lower) else "")
                headers.append(text)
                codes.append(code)
            score = len({c for c in codes if c})
            if score > best[0]:
                best = (score, i, headers, codes)
    score, index, headers, codes = best
    if index < 0:
        sheet.header, sheet.headers, sheet.codes = -1, [], []
        return
    seen: set[str] = set()
    for c, code in enumerate(codes):  # the first column naming a code wins
        if code in seen:
            codes[c] = ""
        seen.add(code)
    while headers and not headers[-1]:
        headers.pop()
        codes.pop()
    sheet.header, sheet.headers, sheet.codes = index, headers, codes


def _upper_text(value: Any) -> str:
    text = cell_text(_plain(value))
    return _MergedCopy(text) if isinstance(value, _MergedCopy) else text


def cell_value(value: Any) -> Any:
    """A cell as the catalogue parses it: dates and numbers as they are, the rest as text."""
    if isinstance(value, datetime | date | int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    return _plain(value)
