"""Checking a ledger row before anything is written: every problem of the row, with its column.

A row becomes a dict of catalogue codes to values (JSON: dates as ISO text) and a list of
errors, each ``{"column": the header as the sheet writes it, "code", "params"}``; the words are
chosen at display time (:func:`message`), in the reader's language. Checks:

- each cell by its column (``catalogue.Column.parse``: dates in the forms Chinese offices use and
  Excel serials, ID checksums, the national enumerations of categories and parent conditions),
  or by the officer's value mapping for words the catalogue does not know;
- the village, among the importer's villages (``ledger.places``);
- the row as a whole: a name; a date of birth or an ID number to take it from; a sex or an ID
  number to take it from; the ID number agreeing with the date of birth and the sex; no birth
  date in the future, nor a child of 18 or more; a closed file with its date and reason.

Cells of columns whose values repeat (choices, dates, villages) are parsed once per distinct
value: a 100,000-row ledger has a few thousand distinct dates and a dozen of each choice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from operator import mul
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from children.choices import Status
from children.identity import id_birth_date, id_sex
from core.sheets import CellError, cell_text

from . import catalogue
from .places import Villages

CACHED_KINDS = {"choice", "multi", "bool", "date", "year", "int"}
MAX_AGE = 18
MAX_CACHE = 20_000  # distinct values remembered per column


@dataclass
class Checked:
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def error(self, column: str, code: str, **params: Any) -> None:
        self.errors.append({"column": column, "code": code, "params": params})


class RowChecker:
    """Checks the rows of one sheet: ``columns`` is [(index, code, header text)]."""

    def __init__(
        self,
        columns: list[tuple[int, str, str]],
        villages: Villages | None,
        values: dict[str, dict[str, Any]] | None = None,
        *,
        today: date,
        role: str = "child",
    ):
        self.columns = [
            (i, catalogue.BY_CODE[code], header) for i, code, header in columns if code in catalogue.BY_CODE
        ]
        self.headers = {code: header for _i, code, header in columns}
        self.villages = villages
        self.values = values or {}
        self.today = today
        self.role = role
        self.caches: dict[str, dict[Any, Any]] = {col.code: {} for _i, col, _h in self.columns}
        self.township = next((i for i, col, _h in self.columns if col.code == "child.township"), None)
        self.parsers = [(i, col, header, self._parser(col)) for i, col, header in self.columns]
        # The codes whose values may be dates once the row is checked (written as ISO text).
        self.date_codes = [col.code for _i, col, _h in self.columns if col.kind == "date"]
        if "child.date_of_birth" not in self.date_codes:
            self.date_codes.append("child.date_of_birth")  # taken from the ID number

    def header(self, code: str) -> str:
        return self.headers.get(code) or str(catalogue.BY_CODE[code].label)

    def check(self, row: list[Any]) -> Checked:
        out = Checked()
        data = out.data
        width = len(row)
        for i, col, header, parse in self.parsers:
            raw = row[i] if i < width else None
            if raw is None or raw == "":
                continue
            code = col.code
            if parse is None:
                township = row[self.township] if self.township is not None and self.township < width else ""
                data[code] = cell_text(raw)
                if self.villages is not None:
                    place = self.villages.resolve(raw, township)
                    if place.error:
                        params = {"value": cell_text(raw)[:40]}
                        if place.choices:
                            params["townships"] = "、".join(place.choices)
                        out.error(header, f"village_{place.error}", **params)
                    else:
                        data["_village"] = place.code
                continue
            try:
                value = parse(raw)
            except CellError as exc:
                out.error(header, exc.code, **{k: str(v)[:40] for k, v in exc.params.items()})
                continue
            if value is None or value == "" or value == []:
                continue
            data[code] = value
        self._check_row(out)
        for code in self.date_codes:
            value = data.get(code)
            if value is not None and isinstance(value, date):
                data[code] = value.isoformat()
        return out

    def _parser(self, col: catalogue.Column):
        """The function that reads this column's cells (None for the village, read apart):
        values the officer mapped first, then the column's own reading, cached by raw value
        for the columns whose values repeat."""
        if col.kind == "village":
            return None
        code = col.code
        if code == "child.uuid":
            parse = _file_number
        elif col.kind == "id_number":
            parse = _id_reader(col)
        elif col.kind == "text":
            parse = _text_reader(col)
        elif col.kind == "phone":
            parse = _phone_reader(col)
        elif col.kind in CACHED_KINDS:
            parse = _cached(col.parse, self.caches[code])
        else:
            parse = col.parse
        mapped = self.values.get(code)
        if mapped:
            inner = parse

            def parse(raw, inner=inner, mapped=mapped):
                text = cell_text(raw)
                return mapped[text] if text in mapped else inner(raw)

        return parse

    def _check_row(self, out: Checked) -> None:
        data = out.data
        if self.role == "member":
            if not data.get("member.name"):
                out.error(self.header("member.name"), "required")
            return
        if self.role != "child":
            return
        if not data.get("child.name") and not _has_error(out, "child.name", self):
            out.error(self.header("child.name"), "required")
        number = data.get("child.id_number") or ""
        born = data.get("child.date_of_birth")
        sex = data.get("child.sex")
        if number:
            id_born, id_is = id_birth_date(number), id_sex(number)
            if born is None and not _has_error(out, "child.date_of_birth", self):
                data["child.date_of_birth"] = born = id_born
            elif born is not None and born != id_born:
                out.error(self.header("child.id_number"), "id_dob", born=born.isoformat(), id_born=id_born.isoformat())
            if not sex and not _has_error(out, "child.sex", self):
                data["child.sex"] = sex = id_is
            elif sex and sex != id_is:
                out.error(self.header("child.id_number"), "id_sex")
        else:
            if born is None and not _has_error(out, "child.date_of_birth", self):
                out.error(self.header("child.date_of_birth"), "required")
            if not sex and not _has_error(out, "child.sex", self):
                out.error(self.header("child.sex"), "required")
        if isinstance(born, date):
            if born > self.today:
                out.error(self.header("child.date_of_birth"), "future_birth", value=born.isoformat())
            elif _age(born, self.today) >= MAX_AGE:
                out.error(self.header("child.date_of_birth"), "too_old", value=born.isoformat(), age=MAX_AGE)
        if "child.village" not in data and self.villages is not None and not _has_error(out, "child.village", self):
            out.error(self.header("child.village"), "village_missing")
        if data.get("child.status") == Status.CLOSED:
            missing = [c for c in ("child.closed_on", "child.closure_reason") if not data.get(c)]
            if missing:
                out.error(self.header("child.status"), "closed_incomplete")
        for role in ("father", "mother"):
            grade, kind = data.get(f"{role}.disability_grade"), data.get(f"{role}.disability_type")
            if grade and not kind:
                data.pop(f"{role}.disability_grade")  # a grade means nothing without its type
                out.warnings.append({"column": self.header(f"{role}.disability_grade"), "code": "grade_without_type"})


def _file_number(raw: Any) -> str:
    try:
        return str(uuid.UUID(cell_text(raw)))
    except ValueError:
        raise CellError("bad_file_number", value=cell_text(raw)) from None


def _cached(parse, cache: dict):
    def read(raw):
        try:
            value = cache[raw]
        except KeyError:
            try:
                value = parse(raw)
            except CellError as exc:
                value = exc
            if len(cache) < MAX_CACHE:
                cache[raw] = value
        except TypeError:  # an unhashable value: read every time
            return parse(raw)
        if isinstance(value, CellError):
            raise value
        return value

    return read


def _text_reader(col: catalogue.Column):
    def read(raw):
        if type(raw) is not str:
            return col.parse(raw)
        # Free text as written, stripped (ledger.catalogue.Column.parse: full-width punctuation is text)
        text = raw.strip()
        if col.max_length and len(text) > col.max_length:
            raise CellError("too_long", value=text[:20], max=col.max_length)
        return text

    return read


_PHONE_NOISE = re.compile(r"[\s\-]")


def _phone_reader(col: catalogue.Column):
    """Phone numbers as ``catalogue.Column.parse`` reads them (spaces and dashes dropped), with
    the pattern compiled once rather than looked up per cell."""

    def read(raw):
        text = cell_text(raw)
        if not text:
            return ""
        text = _PHONE_NOISE.sub("", text)
        if col.max_length and len(text) > col.max_length:
            raise CellError("too_long", value=text[:20], max=col.max_length)
        return text

    return read


_ID_FORMAT = re.compile(r"\d{17}[\dX]")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _id_reader(col: catalogue.Column):
    """ID numbers: the checks of ``children.identity.validate_id_number`` on the common path
    (a well-formed number), and the column's own reading (its exact error) for anything else."""

    def read(raw):
        if type(raw) is not str:
            if isinstance(raw, float | int) and not isinstance(raw, bool):
                raise CellError("id_as_number", value=cell_text(raw))
            return col.parse(raw)
        text = raw.strip().upper()
        if _ID_FORMAT.fullmatch(text) and _CHECK[sum(map(mul, map(int, text[:17]), _WEIGHTS)) % 11] == text[17]:
            try:
                date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
                return text
            except ValueError:
                pass
        return col.parse(raw)

    return read


def _has_error(out: Checked, code: str, checker: RowChecker) -> bool:
    header = checker.headers.get(code)
    return header is not None and any(e["column"] == header for e in out.errors)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# ---------------------------------------------------------------- messages

ID_REASONS = {
    "format": gettext_lazy("it must have 18 characters: 17 digits and a digit or X"),
    "checksum": gettext_lazy("its last character does not match the others: check for a typing mistake"),
    "birth_date": gettext_lazy("it contains an impossible date of birth"),
}
MESSAGES = {
    "bad_date": gettext_lazy("%(value)s is not a date (write it as 2015-03-08, 2015.3.8 or 2015年3月8日)."),
    "bad_id": gettext_lazy("The ID number %(value)s is not valid: %(reason)s."),
    "id_as_number": gettext_lazy(
        "The ID number was stored as a number and has lost its last digits: format the column as text "
        "and type it again."
    ),
    "bad_choice": gettext_lazy("%(value)s is not one of the values Shouhu knows for this column."),
    "bad_bool": gettext_lazy("%(value)s is not yes or no (write 是 or 否)."),
    "bad_number": gettext_lazy("%(value)s is not a number or a year."),
    "too_long": gettext_lazy("The text is longer than %(max)s characters."),
    "bad_file_number": gettext_lazy("%(value)s is not a Shouhu file number."),
    "required": gettext_lazy("This column must be filled in."),
    "id_dob": gettext_lazy("The date of birth %(born)s does not match the ID number (which says %(id_born)s)."),
    "id_sex": gettext_lazy("The sex does not match the ID number."),
    "future_birth": gettext_lazy("The date of birth %(value)s is in the future."),
    "too_old": gettext_lazy("Born on %(value)s, the child is already %(age)s or older."),
    "village_missing": gettext_lazy("The row names no village."),
    "village_unknown": gettext_lazy("There is no village %(value)s in this county."),
    "village_ambiguous": gettext_lazy(
        "There is a village %(value)s in several townships (%(townships)s): add a township column."
    ),
    "village_outside": gettext_lazy("The village %(value)s is outside your jurisdiction."),
    "closed_incomplete": gettext_lazy("A closed file needs the date it was closed and the reason."),
    "repeated_id": gettext_lazy("The same ID number is already on row %(row)s of this sheet."),
    "no_household": gettext_lazy("No row of the children's sheet has the household key %(value)s."),
    "grade_without_type": gettext_lazy("A disability grade without the type of disability was left out."),
    "hidden": gettext_lazy("This row is hidden in the workbook; it is imported like the others."),
}


def message(entry: dict[str, Any]) -> str:
    """An error or warning of a row in the reader's language, with the column it concerns."""
    params = dict(entry.get("params") or {})
    if entry.get("code") == "bad_id" and params.get("reason") in ID_REASONS:
        params["reason"] = str(ID_REASONS[params["reason"]])
    template = MESSAGES.get(entry.get("code", ""))
    try:
        text = str(template) % params if template is not None else entry.get("code", "")
    except (KeyError, TypeError, ValueError):
        text = str(template)
    column = entry.get("column")
    return _("%(column)s: %(message)s") % {"column": column, "message": text} if column else text
