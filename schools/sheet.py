"""Reading a school's absence sheet (.xlsx or .csv, Chinese or English headers) into rows.

The whole sheet is checked before anything is written: a sheet with any bad row is refused
with every problem listed by its row number, so that the school fixes it and sends it again
rather than wondering which half was saved.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from children.identity import IdNumberError, id_birth_date, normalise_id_number, validate_id_number

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Older absences are history, not a signal; and a typo in the year should not count.
MAX_AGE_DAYS = 60

# Column code → accepted headers (compared lower-cased, without spaces).
HEADERS = {
    "name": ("姓名", "学生姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "身份证", "id_number", "idnumber", "id"),
    "date_of_birth": ("出生日期", "出生年月日", "date_of_birth", "dateofbirth", "dob", "birthdate"),
    "class": ("班级", "class"),
    "date": ("缺勤日期", "日期", "date", "absencedate"),
    "excused": ("是否请假", "请假", "excused"),
    "reason": ("原因", "缺勤原因", "reason"),
}
TEMPLATE_HEADERS = {
    "zh": ["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"],
    "en": ["name", "id_number", "date_of_birth", "class", "date", "excused", "reason"],
}
COLUMNS = TEMPLATE_HEADERS["en"]
YES = {"是", "y", "yes", "true", "1", "请假", "已请假"}
NO = {"否", "n", "no", "false", "0", "", "未请假", "旷课"}


class SheetError(ValueError):
    """The file as a whole cannot be read (type, size, headers, too many rows)."""


@dataclass
class AbsenceRow:
    row_number: int
    name: str
    id_number: str
    date_of_birth: date | None
    class_name: str
    date: date
    excused: bool
    reason: str

    def as_data(self) -> dict:
        """The row as the school sent it, for the unmatched list and its download."""
        return {"name": self.name, "id_number": self.id_number,
                "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
                "class": self.class_name, "date": self.date.isoformat(), "excused": self.excused,
                "reason": self.reason}


@dataclass
class ParsedSheet:
    rows: list[AbsenceRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def read_cells(name: str, content: bytes) -> list[list]:
    """Cell values of the first worksheet or of the CSV file."""
    if len(content) > MAX_BYTES:
        raise SheetError(_("The file is larger than %(mb)s MB. Split it into smaller sheets.")
                         % {"mb": MAX_BYTES // (1024 * 1024)})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
            raise SheetError(_("This file could not be read as an Excel workbook.")) from exc
        try:
            return [list(r) for r in book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
        finally:
            book.close()
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030", errors="replace")  # what Excel in Chinese saves as "CSV"
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    raise SheetError(_("Upload an Excel (.xlsx) or CSV file."))


def _key(value) -> str:
    return re.sub(r"[\s_\-()（）*]", "", str(value or "")).lower()


def _columns(header: list) -> dict[str, int]:
    wanted = {_key(h): code for code, names in HEADERS.items() for h in names}
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        code = wanted.get(_key(cell))
        if code and code not in found:
            found[code] = i
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def parse_date(value) -> date | None:
    """A date cell: an Excel date, or text in one of DATE_FORMATS. None when blank; ValueError when bad."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    text = text.split(" ")[0]  # "2026-03-02 00:00:00" from a CSV saved by Excel
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


ID_MESSAGES = {
    "format": gettext_lazy("The ID number must have 18 characters (17 digits and a digit or X)."),
    "checksum": gettext_lazy("The ID number is not valid (its last character does not match): check for a "
                             "typing mistake."),
    "birth_date": gettext_lazy("The ID number contains an impossible date of birth."),
}


def check_id_number(value) -> str:
    """The normalised ID number, or ValueError with a message for the school."""
    if isinstance(value, int | float):
        # Excel shows 18 digits as 5.11324E+17 and keeps only 15 of them.
        raise ValueError(_("The ID number was stored as a number and has lost its last digits: format the "
                           "column as text and type it again."))
    number = normalise_id_number(_text(value))
    try:
        return validate_id_number(number)
    except IdNumberError as exc:
        raise ValueError(str(ID_MESSAGES.get(exc.code, ID_MESSAGES["format"]))) from None


def check_absence_date(day: date, today: date) -> None:
    if day > today:
        raise ValueError(_("The absence date %(date)s is in the future.") % {"date": day.isoformat()})
    if day < today - timedelta(days=MAX_AGE_DAYS):
        raise ValueError(_("The absence date %(date)s is more than %(days)s days ago.")
                         % {"date": day.isoformat(), "days": MAX_AGE_DAYS})


def parse_sheet(cells: list[list], today: date) -> ParsedSheet:
    """Rows and row errors of a sheet whose first non-empty row is the header."""
    start = next((i for i, r in enumerate(cells) if any(_text(c) for c in r)), None)
    if start is None:
        raise SheetError(_("The sheet is empty."))
    cols = _columns(cells[start])
    missing = [code for code in ("name", "date") if code not in cols]
    if "id_number" not in cols and "date_of_birth" not in cols:
        missing.append("id_number / date_of_birth")
    if missing:
        raise SheetError(_("The sheet has no column for: %(columns)s. Use the template's column names.")
                         % {"columns": ", ".join(missing)})
    body = cells[start + 1:]
    if len(body) > MAX_ROWS:
        raise SheetError(_("The sheet has more than %(max)s rows. Split it into smaller sheets.") % {"max": MAX_ROWS})
    result = ParsedSheet()
    for offset, raw in enumerate(body):
        number = start + offset + 2  # the row number the school sees in Excel
        if not any(_text(c) for c in raw):
            continue

        def cell(code, raw=raw):
            i = cols.get(code)
            return raw[i] if i is not None and i < len(raw) else None

        problems = []
        name = _text(cell("name"))
        if not name:
            problems.append(_("The name is missing."))
        id_number, born, day = "", None, None
        if _text(cell("id_number")):
            try:
                id_number = check_id_number(cell("id_number"))
            except ValueError as exc:
                problems.append(str(exc))
        try:
            born = parse_date(cell("date_of_birth"))
        except ValueError:
            problems.append(_("The date of birth is not a date (use 2015-03-08)."))
        else:
            if born and born > today:
                problems.append(_("The date of birth is in the future."))
            elif born and id_number and id_birth_date(id_number) != born:
                problems.append(_("The date of birth does not agree with the ID number."))
        if not _text(cell("id_number")) and not _text(cell("date_of_birth")):
            problems.append(_("Give the ID number or the date of birth."))
        try:
            day = parse_date(cell("date"))
            if day is None:
                problems.append(_("The absence date is missing."))
            else:
                check_absence_date(day, today)
        except ValueError as exc:
            problems.append(str(exc) if day else _("The absence date is not a date (use 2026-03-02)."))
        excused_text = _key(cell("excused"))
        if excused_text not in YES | NO:
            problems.append(_("Excused must be 是 or 否 (yes or no)."))
        if problems:
            result.errors.extend((number, p) for p in problems)
            continue
        result.rows.append(AbsenceRow(
            row_number=number, name=name, id_number=id_number, date_of_birth=born,
            class_name=_text(cell("class"))[:50], date=day, excused=excused_text in YES,
            reason=_text(cell("reason"))[:255],
        ))
    if not result.rows and not result.errors:
        raise SheetError(_("The sheet has a header but no rows."))
    return result
