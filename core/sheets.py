"""Reading uploaded sheets (.xlsx or .csv) into rows of cell values, for every import in Shouhu.

Django-free on purpose: ``core`` is the platform layer and this module imports no app and no
Django, so that it can be tested and reused on its own. Errors therefore carry a *code* and
*params* (see :data:`MESSAGES`) and each Django-side caller turns them into its own gettext
message; ``str(error)`` gives an English fallback for scripts.

What it does, once for all callers:

- file type by suffix; a size cap checked before parsing and a row cap checked while reading:
  at most ``max_rows + 1`` data rows are ever read (openpyxl read-only mode streams the sheet;
  a CSV is decoded whole, which the size cap bounds);
- zip bombs: a workbook's archive is checked before openpyxl opens it (:func:`check_archive`:
  declared unpacked sizes, compression ratio, number of parts), rows are cut at
  :data:`MAX_COLUMNS` and a cell may hold at most :data:`MAX_CELL_CHARS` characters;
- writing: :func:`safe_cell` neutralises formula injection in every sheet Shouhu gives out;
- CSV encodings: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise UTF-8, then GB18030, which is
  what Excel in Chinese saves as "CSV"; the delimiter (comma, tab, semicolon) is sniffed;
- cell text: NFKC-normalised (full-width digits and letters folded) and stripped;
- one date grammar (:func:`parse_date`): Excel date cells, Excel serial numbers in numeric
  cells, and year-first text: 2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日 (also
  in full-width characters, and with a time after it as Excel writes into CSV);
- header-row detection with the caller's alias table; title lines may sit above the header;
- row numbers as the user sees them in Excel (1-based, counting the title and header lines).

Why not tablib: it reads .xlsx through the same openpyxl read-only call, but loads every row
into a ``Dataset`` (no row cap, so no bounded memory), takes the header from a fixed line (no
title lines above it), requires rows of equal width (real CSVs are ragged), reads the active
sheet rather than the first, and leaves CSV decoding to the caller, which is the hard part
here. It would add a dependency without doing any of the work this module exists for.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
HEADER_SEARCH_ROWS = 10  # title lines often sit above the header row

# Zip-bomb limits, checked on the archive's directory before anything is unpacked. zipfile
# never inflates a member past its declared size (it stops there and fails the CRC check), so
# the declared sizes bound what openpyxl can be made to read. A real sheet of 20,000 rows
# unpacks to about 10 MB and compresses 5-15:1.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all members together
MAX_MEMBERS = 1000  # a workbook has a dozen parts; thousands of tiny ones only cost memory
MAX_RATIO = 100  # for a member unpacking to more than RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_COLUMNS = 200  # cells further right are not read; bounds a row list (rows x 200 x 8 bytes)
MAX_CELL_CHARS = 32767  # Excel's own limit; a CSV field or workbook cell beyond it is refused
# English fallbacks; callers translate by code. Params are filled with %-formatting.
MESSAGES = {
    "too_large": "The file is larger than %(mb)s MB.",
    "file_type": "Upload an Excel (.xlsx) or CSV file.",
    "bad_workbook": "This file could not be read as an Excel workbook.",
    "bad_csv": "This file could not be read as a CSV file.",
    "empty": "The sheet is empty.",
    "no_header": "The sheet has no column for: %(columns)s.",
    "too_many_rows": "The sheet has more than %(max)s rows.",
    "bad_date": "%(value)s is not a date.",
    "unpacked_too_large": "The workbook unpacks to more than %(mb)s MB or is not an ordinary Excel file.",
    "cell_too_large": "A cell in row %(row)s holds more than %(max)s characters.",
}


class SheetError(ValueError):
    """The file as a whole cannot be used; ``code`` is a key of :data:`MESSAGES`."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES.get(code, code) % params if params else MESSAGES.get(code, code))


class CellError(ValueError):
    """One cell cannot be read (e.g. code ``bad_date`` with the ``value`` as text)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES.get(code, code) % params if params else code)


@dataclass(frozen=True)
class RowError:
    """A problem with one row: its number as Excel shows it, a code and the code's params."""

    row: int
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- cells


def cell_text(value: Any) -> str:
    """A cell as normalised text: NFKC (full-width digits and letters folded), stripped.

    A whole float (15.0, as Excel stores every number) is written without its ".0".
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


# OWASP "CSV injection": spreadsheet programs run a cell starting with these as a formula
# (=HYPERLINK(...) leaks data, =cmd|... ran programs), tab and CR included.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a sheet Shouhu gives out: text that a spreadsheet would run as a
    formula gets a leading ``'`` (shown as text, not run). Numbers, dates and numeric text such as
    "-3.20" are left as they are."""
    if (
        isinstance(value, str)
        and len(value) > 1  # "+" and "-" alone are answers (oedema), not formulas
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def is_blank(row: Iterable[Any]) -> bool:
    return not any(cell_text(c) for c in row)


# Year first only: day/month order is ambiguous in "05/03/2024", and zh/ja write Y-M-D.
_DATE = re.compile(
    r"(?P<y>\d{4})(?:"
    r"(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"|\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?"
    r"|(?P<m3>\d{2})(?P<d3>\d{2})"
    r")(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # "2026-03-02 00:00:00" from a CSV saved by Excel
)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's 1900 leap-year bug is allowed for
# Serials outside 1950..2099 are more likely a number typed into the wrong column than a date.
_SERIAL_MIN, _SERIAL_MAX = (date(1950, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 1, 1) - _EXCEL_EPOCH).days


def parse_date(value: Any) -> date | None:
    """A date cell as a date; None when blank; :class:`CellError` ``bad_date`` when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and _SERIAL_MIN <= value < _SERIAL_MAX:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    # Any other number (20240305 typed as a number) is read as text below.
    text = cell_text(value)
    if not text:
        return None
    m = _DATE.fullmatch(text)
    if m:
        month, day = (m["m"] or m["m2"] or m["m3"]), (m["d"] or m["d2"] or m["d3"])
        try:
            return date(int(m["y"]), int(month), int(day))
        except ValueError:
            pass
    raise CellError("bad_date", value=text)


# ---------------------------------------------------------------- files


def decode_text(content: bytes) -> str:
    """Text of a CSV file: by its BOM if it has one, else UTF-8, else GB18030."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16 LE's
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SheetError("bad_csv") from exc
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # GB18030 maps almost every byte sequence; a stray bad byte shows as U+FFFD in that cell
        # (and is reported there) rather than refusing the whole file.
        return content.decode("gb18030", errors="replace")


def csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of ``text``, for reading it and for writing it back the same way."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        return csv.excel


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    text = decode_text(content)
    if "\x00" in text:  # a binary file named .csv, or UTF-16 without its BOM: no text has NULs
        raise SheetError("bad_csv")
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), csv_dialect(text)), start=1):
            _check_cells(row, number)
            yield row
    except csv.Error as exc:  # a field over csv.field_size_limit, an unclosed quote in strict mode
        raise SheetError("bad_csv") from exc


def _check_cells(row: Sequence[Any], number: int) -> None:
    if any(isinstance(c, str) and len(c) > MAX_CELL_CHARS for c in row):
        raise SheetError("cell_too_large", row=number, max=MAX_CELL_CHARS)


def check_archive(source: bytes | Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a workbook whose archive would unpack to too much, before any part is unpacked:
    :class:`SheetError` ``unpacked_too_large``, or ``bad_workbook`` when it is no zip at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = archive.infolist()  # the central directory only
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SheetError("bad_workbook") from exc
    refuse = SheetError("unpacked_too_large", mb=max_unpacked // (1024 * 1024))
    if len(members) > MAX_MEMBERS:
        raise refuse
    total = 0
    for member in members:
        total += member.file_size
        if total > max_unpacked:
            raise refuse
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise refuse


def _workbook_rows(source: bytes | Path, max_unpacked: int) -> Iterator[list[Any]]:
    import openpyxl  # only workbook readers pay for importing it

    check_archive(source, max_unpacked)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise SheetError("bad_workbook") from exc
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        # openpyxl pads every row to the sheet's declared width, which a crafted sheet sets to
        # XFD (16,384 columns: 1.3 GB for 5,000 rows). Without it a row is as wide as its last
        # cell (ragged, as CSV rows are), and is cut at MAX_COLUMNS.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet part shows only while streaming it
                raise SheetError("bad_workbook") from exc
            number += 1
            row = list(row[:MAX_COLUMNS])
            _check_cells(row, number)
            yield row
    finally:
        book.close()


def iter_rows(
    content: bytes | None = None,
    filename: str = "",
    *,
    path: str | Path | None = None,
    max_bytes: int,
    max_unpacked: int = MAX_UNPACKED_BYTES,
) -> Iterator[list[Any]]:
    """Rows of cell values of the first worksheet or of the CSV file, read lazily.

    Give either ``content`` (the uploaded bytes) and ``filename``, or ``path``. Type and size
    are checked before anything is parsed, so this raises :class:`SheetError` at once for those;
    a workbook's archive is checked (:func:`check_archive`) on the first row asked for, and a
    damaged file raises it while iterating. Close the iterator if it is not exhausted.
    """
    if path is not None:
        path = Path(path)
        filename = filename or path.name
        size = path.stat().st_size
    elif content is not None:
        size = len(content)
    else:
        raise TypeError("iter_rows needs content or path")
    suffix = Path(filename).suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        raise SheetError("file_type")
    if size > max_bytes:
        raise SheetError("too_large", mb=max_bytes // (1024 * 1024), max_bytes=max_bytes)
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_rows(content if content is not None else path, max_unpacked)
    return _csv_rows(content if content is not None else path.read_bytes())


def read_rows(
    content: bytes | None = None,
    filename: str = "",
    *,
    path: str | Path | None = None,
    max_bytes: int,
    max_rows: int,
    header_search: int = HEADER_SEARCH_ROWS,
    max_unpacked: int = MAX_UNPACKED_BYTES,
) -> list[list[Any]]:
    """At most ``header_search + max_rows + 1`` rows, enough for :meth:`Table.from_rows` to tell
    a sheet with too many rows from one that fits, without reading the rest of it."""
    with closing(iter_rows(content, filename, path=path, max_bytes=max_bytes, max_unpacked=max_unpacked)) as rows:
        return list(islice(rows, header_search + max_rows + 1))


# ---------------------------------------------------------------- headers

_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")
_BRACKETS = re.compile(r"[(（\[【)）\]】]")
_IGNORED = re.compile(r"[\s_\-*:：]")


def header_keys(value: Any, unit_suffixes: Sequence[str] = ()) -> tuple[str, str]:
    """A header as compared with aliases: as written ("Age (months)" -> "agemonths") and without
    its bracketed part ("Weight (kg)" -> "weight"); case, spaces, ``_-*:`` ignored, and a trailing
    unit from ``unit_suffixes`` dropped ("体重kg" -> "体重")."""
    text = cell_text(value).lower()

    def clean(t: str) -> str:
        t = t.strip(" :：*")
        for unit in unit_suffixes:
            if t.endswith(unit) and len(t) > len(unit):
                t = t[: -len(unit)]
                break
        return _IGNORED.sub("", t)

    return clean(_BRACKETS.sub(" ", text)), clean(_BRACKETED.sub("", text))


def _requirement_name(req: str | tuple[str, ...]) -> str:
    return req if isinstance(req, str) else " / ".join(req)


def find_header(
    rows: Sequence[Sequence[Any]],
    aliases: Mapping[str, Iterable[str]],
    required: Sequence[str | tuple[str, ...]] = (),
    *,
    header_search: int = HEADER_SEARCH_ROWS,
    unit_suffixes: Sequence[str] = (),
) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first ``header_search`` rows, and column code -> index.

    ``aliases`` maps each column code to the headers that name it; ``required`` lists codes, or
    tuples of codes of which any one will do. The header is the first row that has every
    required column; the first column matching a code wins. Raises :class:`SheetError`
    ``empty``, or ``no_header`` with ``missing`` (the requirements not met by the best row, as
    names such as "id_number / date_of_birth") and ``columns`` (the same, joined).
    """
    lookup: dict[str, str] = {}
    for code, names in aliases.items():
        for name in names:
            # Only the alias as written: "年龄(月)" must not also claim a bare "年龄" column.
            lookup.setdefault(header_keys(name, unit_suffixes)[0], code)
    best: list[str] | None = None
    for r, row in enumerate(rows[:header_search]):
        if is_blank(row):
            continue
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            full, bare = header_keys(cell, unit_suffixes)
            code = lookup.get(full) or lookup.get(bare)
            if code and code not in cols:
                cols[code] = c
        missing = [
            _requirement_name(req)
            for req in required
            if not any(code in cols for code in ((req,) if isinstance(req, str) else req))
        ]
        if not missing:
            return r, cols
        if best is None or len(missing) < len(best):
            best = missing
    if best is None:
        raise SheetError("empty")
    raise SheetError("no_header", missing=best, columns=", ".join(best))


# ---------------------------------------------------------------- tables


@dataclass
class Table:
    """A sheet's rows with its header found: ``rows`` holds every row read (title lines too, for
    writing the sheet back), ``header`` is the header's index in it."""

    rows: list[list[Any]]
    header: int
    columns: dict[str, int]

    @classmethod
    def from_rows(
        cls,
        rows: list[list[Any]],
        aliases: Mapping[str, Iterable[str]],
        required: Sequence[str | tuple[str, ...]] = (),
        *,
        max_rows: int,
        header_search: int = HEADER_SEARCH_ROWS,
        unit_suffixes: Sequence[str] = (),
    ) -> Table:
        """Find the header and check the row cap (blank rows count: they were read too)."""
        header, columns = find_header(rows, aliases, required, header_search=header_search, unit_suffixes=unit_suffixes)
        if len(rows) - header - 1 > max_rows:
            raise SheetError("too_many_rows", max=max_rows)
        return cls(rows=rows, header=header, columns=columns)

    @property
    def header_texts(self) -> dict[str, str]:
        """Column code -> its header as the sheet writes it, for messages naming the column."""
        row = self.rows[self.header]
        return {code: cell_text(row[c]) for code, c in self.columns.items()}

    def cell(self, row: Sequence[Any], code: str) -> Any:
        """The raw value in ``row`` of column ``code``; None when the sheet has no such column."""
        c = self.columns.get(code)
        return row[c] if c is not None and c < len(row) else None

    def records(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, row) for each non-blank row below the header."""
        for i in range(self.header + 1, len(self.rows)):
            if not is_blank(self.rows[i]):
                yield i + 1, self.rows[i]


def read_table(
    content: bytes | None = None,
    filename: str = "",
    *,
    path: str | Path | None = None,
    aliases: Mapping[str, Iterable[str]],
    required: Sequence[str | tuple[str, ...]] = (),
    max_bytes: int,
    max_rows: int,
    header_search: int = HEADER_SEARCH_ROWS,
    unit_suffixes: Sequence[str] = (),
    max_unpacked: int = MAX_UNPACKED_BYTES,
) -> Table:
    """Read a sheet and find its header, reading at most ``max_rows + 1`` rows below the header."""
    with closing(iter_rows(content, filename, path=path, max_bytes=max_bytes, max_unpacked=max_unpacked)) as stream:
        rows = list(islice(stream, header_search))
        header, _ = find_header(rows, aliases, required, header_search=header_search, unit_suffixes=unit_suffixes)
        rows += islice(stream, max(0, header + 1 + max_rows + 1 - len(rows)))
    return Table.from_rows(
        rows, aliases, required, max_rows=max_rows, header_search=header_search, unit_suffixes=unit_suffixes
    )
