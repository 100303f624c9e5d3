"""Reading a school's absence sheet (.xlsx or .csv, Chinese or English headers) into rows.

The whole sheet is checked before anything is written: a sheet with any bad row is refused
with every problem listed by its row number, so that the school fixes it and sends it again
rather than wondering which half was saved.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from children.identity import IdNumberError, id_birth_date, normalise_id_number, validate_id_number
from core import sheets
from core.sheet_errors import file_message
from core.sheets import cell_text as _text
from core.sheets import parse_date

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Older absences are history, not a signal; and a typo in the year should not count.
MAX_AGE_DAYS = 60

# Column code → accepted headers (compared by core.sheets.header_keys: case, spaces, _-*: ignored).
HEADERS = {
    "name": ("姓名", "学生姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "身份证", "id_number", "idnumber", "id"),
    "date_of_birth": ("出生日期", "出生年月日", "date_of_birth", "dateofbirth", "dob", "birthdate"),
    "class": ("班级", "class"),
    "date": ("缺勤日期", "日期", "date", "absencedate"),
    "excused": ("是否请假", "请假", "excused"),
    "reason": ("原因", "缺勤原因", "reason"),
}
REQUIRED = ("name", "date", ("id_number", "date_of_birth"))
TEMPLATE_HEADERS = {
    "zh": ["姓名", "身份证号", "出生日期", "班级", "缺勤日期", "是否请假", "原因"],
    "en": ["name", "id_number", "date_of_birth", "class", "date", "excused", "reason"],
}
COLUMNS = TEMPLATE_HEADERS["en"]
YES = {"是", "y", "yes", "true", "1", "请假", "已请假"}
NO = {"否", "n", "no", "false", "0", "", "未请假", "旷课"}
SUFFIXES = (".xlsx", ".csv")


class SheetError(ValueError):
    """The file as a whole cannot be read (type, size, headers, too many rows)."""


def _message(error: sheets.SheetError) -> str:
    """The school's wording of a core.sheets error code."""
    if message := file_message(error):
        return message
    if error.code == "no_header":
        return _("The sheet has no column for: %(columns)s. Use the template's column names.") % {
            "columns": error.params["columns"]
        }
    return _("The sheet is empty.")


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
        return {
            "name": self.name,
            "id_number": self.id_number,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "class": self.class_name,
            "date": self.date.isoformat(),
            "excused": self.excused,
            "reason": self.reason,
        }


@dataclass
class ParsedSheet:
    rows: list[AbsenceRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def read_cells(name: str, content: bytes) -> list[list]:
    """Cell values of the first worksheet or of the CSV file (only as many rows as the cap needs)."""
    if not name.lower().endswith(SUFFIXES):
        raise SheetError(_("Upload an Excel (.xlsx) or CSV file."))
    try:
        return sheets.read_rows(content, name, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except sheets.SheetError as exc:
        raise SheetError(_message(exc)) from exc


def _key(value) -> str:
    """A yes/no cell compared without case, spaces or punctuation."""
    return re.sub(r"[\s_\-()（）*]", "", _text(value)).lower()


ID_MESSAGES = {
    "format": gettext_lazy("The ID number must have 18 characters (17 digits and a digit or X)."),
    "checksum": gettext_lazy(
        "The ID number is not valid (its last character does not match): check for a typing mistake."
    ),
    "birth_date": gettext_lazy("The ID number contains an impossible date of birth."),
}


def check_id_number(value) -> str:
    """The normalised ID number, or ValueError with a message for the school."""
    if isinstance(value, int | float):
        # Excel shows 18 digits as 5.11324E+17 and keeps only 15 of them.
        raise ValueError(
            _(
                "The ID number was stored as a number and has lost its last digits: format the "
                "column as text and type it again."
            )
        )
    number = normalise_id_number(_text(value))
    try:
        return validate_id_number(number)
    except IdNumberError as exc:
        raise ValueError(str(ID_MESSAGES.get(exc.code, ID_MESSAGES["format"]))) from None


def check_absence_date(day: date, today: date) -> None:
    if day > today:
        raise ValueError(_("The absence date %(date)s is in the future.") % {"date": day.isoformat()})
    if day < today - timedelta(days=MAX_AGE_DAYS):
        raise ValueError(
            _("The absence date %(date)s is more than %(days)s days ago.")
            % {"date": day.isoformat(), "days": MAX_AGE_DAYS}
        )


def parse_sheet(cells: list[list], today: date) -> ParsedSheet:
    """Rows and row errors of a sheet; its header is the first row naming the required columns
    (title lines may sit above it)."""
    try:
        table = sheets.Table.from_rows(cells, HEADERS, REQUIRED, max_rows=MAX_ROWS)
    except sheets.SheetError as exc:
        raise SheetError(_message(exc)) from exc
    result = ParsedSheet()
    for number, raw in table.records():  # number: the row number the school sees in Excel

        def cell(code, raw=raw):
            return table.cell(raw, code)

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
        result.rows.append(
            AbsenceRow(
                row_number=number,
                name=name,
                id_number=id_number,
                date_of_birth=born,
                class_name=_text(cell("class"))[:50],
                date=day,
                excused=excused_text in YES,
                reason=_text(cell("reason"))[:255],
            )
        )
    if not result.rows and not result.errors:
        raise SheetError(_("The sheet has a header but no rows."))
    return result
