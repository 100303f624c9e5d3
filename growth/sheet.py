"""Score a CSV or Excel sheet of measurements as a school or clinic keeps it.

The sheet is written back unchanged with z-score, flag, finding and problem
columns added. A row that cannot be read is reported (row number and reason in
the chosen language) and left unscored; the rest of the file is still scored.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from growth.classify import describe, row_findings
from growth.engine import DAYS_PER_MONTH, INDICATORS, score_batch
from growth.i18n import (
    FINDING_SEPARATOR,
    LANGS,
    NO_FINDINGS,
    SHEET_COLUMNS,
    SHEET_ERRORS,
    normalise_lang,
    tr,
)

MAX_AGE_MONTHS = 228  # end of the WHO 2007 reference (19 years)
HEADER_SEARCH_ROWS = 10  # title lines often sit above the header row
MUAC_CM_BELOW = 50  # no child's MUAC is under 50 mm or over 50 cm

# Header aliases, compared after _header_keys; the first matching column wins.
_ALIASES = {
    "name": ["姓名", "名字", "儿童姓名", "name", "child", "氏名", "名前"],
    "sex": ["性别", "sex", "gender", "性別"],
    "dob": [
        "出生日期",
        "出生年月日",
        "生日",
        "dob",
        "date of birth",
        "birth date",
        "birthdate",
        "birthday",
        "生年月日",
    ],
    "date": [
        "测量日期",
        "检查日期",
        "体检日期",
        "日期",
        "measurement date",
        "date measured",
        "visit date",
        "date",
        "測定日",
        "計測日",
    ],
    "age_months": ["月龄", "年龄(月)", "age (months)", "age in months", "agemons", "月齢", "年齢(月)"],
    "age_days": ["日龄", "年龄(天)", "age (days)", "age in days", "日齢"],
    "weight": ["体重", "weight", "weight kg"],
    "length": ["身高", "身长", "身长/身高", "身高/身长", "length", "height", "length/height", "height/length", "身長"],
    "position": [
        "测量方式",
        "测量体位",
        "体位",
        "卧/立",
        "卧位/立位",
        "position",
        "lying/standing",
        "measure",
        "measured",
        "測定姿勢",
        "測定方法",
    ],
    "muac": ["上臂围", "中上臂围", "臂围", "muac", "arm circumference", "上腕周囲長", "上腕周囲"],
    "oedema": ["水肿", "浮肿", "oedema", "edema", "浮腫", "むくみ"],
}
_MEASUREMENTS = ("weight", "length", "muac")

_SEX = {
    1: {"1", "男", "m", "male", "boy", "男孩", "男性", "男児", "男子"},
    2: {"2", "女", "f", "female", "girl", "女孩", "女性", "女児", "女子"},
}
_LYING = {
    1.0: {"卧", "卧位", "卧式", "躺", "平躺", "l", "lying", "length", "recumbent", "臥位", "寝て"},
    0.0: {"立", "立位", "立式", "站", "站立", "h", "standing", "height", "立って"},
}
_YES_NO = {
    True: {"是", "有", "y", "yes", "1", "true", "+", "阳性", "あり", "有り", "はい"},
    False: {"否", "无", "没有", "n", "no", "0", "false", "-", "阴性", "なし", "無し", "いいえ"},
}
_UNIT = re.compile(r"[(（\[【].*?[)）\]】]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_UNIT_SUFFIX = re.compile(r"\s*(kg|cm|mm|公斤|千克|厘米|毫米|公分)$")
_CODES = [ind.code for ind in INDICATORS]
# Added columns (keys of i18n.SHEET_COLUMNS) and their decimals (None: text).
_ADDED = ["age_months", "bmi", *_CODES, "flags", "findings", "problem"]
_DECIMALS = [1, 1, *(2 for _ in _CODES), None, None, None]
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


class SheetError(Exception):
    """The file as a whole cannot be scored (unknown format, no header row)."""


class _RowError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class RowProblem:
    """A row that was not scored: 1-based row number as shown in Excel, and why."""

    row: int
    reason: str


@dataclass
class Report:
    """What :func:`score_sheet` did."""

    lang: str
    rows: int = 0  # non-empty data rows
    scored: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def messages(self) -> list[str]:
        """One line per problem, e.g. '第 5 行：缺少性别'."""
        return [tr(SHEET_ERRORS, "row", self.lang).format(row=p.row, reason=p.reason) for p in self.problems]


def _text(value: Any) -> str:
    """Cell as normalised text: full-width digits and letters folded (NFKC)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_keys(value: Any) -> tuple[str, str]:
    """A header as written ("age months") and without its unit ("weight (kg)" -> "weight")."""
    text = _text(value).lower()

    def clean(t: str) -> str:
        return _UNIT_SUFFIX.sub("", re.sub(r"\s+", " ", t).strip(" :：")).strip()

    return clean(re.sub(r"[(（\[【)）\]】]", " ", text)), clean(_UNIT.sub("", text))


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    lookup = {_header_keys(a)[0]: name for name, aliases in _ALIASES.items() for a in aliases}
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            full, bare = _header_keys(cell)
            name = lookup.get(full) or lookup.get(bare)
            if name and name not in cols:
                cols[name] = c
        if "sex" in cols and any(m in cols for m in _MEASUREMENTS):
            return r, cols
    raise SheetError("no_header")


def _choice(value: Any, options: dict, col: str) -> Any:
    text = _text(value).lower()
    if not text:
        return None
    for result, words in options.items():
        if text in words:
            return result
    raise _RowError("bad_choice", col=col, value=_text(value))


def _number(value: Any, col: str) -> float | None:
    if isinstance(value, bool):
        raise _RowError("bad_number", col=col, value=value)
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    text = _UNIT_SUFFIX.sub("", _text(value).lower())
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        raise _RowError("bad_number", col=col, value=_text(value))
    return float(text)


def _date(value: Any, col: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    # Only year-first dates: day/month order is ambiguous, and zh/ja write Y-M-D.
    m = _DATE.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise _RowError("bad_date", col=col, value=text)


class _Reader:
    """Reads one data row into engine inputs, given the header's column map."""

    def __init__(self, header: list[Any], cols: dict[str, int]) -> None:
        self.cols = cols
        self.names = {name: _text(header[c]) for name, c in cols.items()}
        muac_header = self.names.get("muac", "").lower()
        self.muac_scale = 10.0 if ("cm" in muac_header or "厘米" in muac_header) else None
        if "mm" in muac_header or "毫米" in muac_header:
            self.muac_scale = 1.0

    def cell(self, row: list[Any], name: str) -> Any:
        c = self.cols.get(name)
        return row[c] if c is not None and c < len(row) else None

    def read(self, row: list[Any]) -> tuple[float, ...]:
        name = self.names.get
        sex = _choice(self.cell(row, "sex"), _SEX, name("sex", ""))
        if sex is None:
            raise _RowError("no_sex")
        born = _date(self.cell(row, "dob"), name("dob", ""))
        seen = _date(self.cell(row, "date"), name("date", ""))
        if born and seen:
            age = float((seen - born).days)
        elif (days := _number(self.cell(row, "age_days"), name("age_days", ""))) is not None:
            age = days
        elif (months := _number(self.cell(row, "age_months"), name("age_months", ""))) is not None:
            age = months * DAYS_PER_MONTH
        else:
            raise _RowError("no_age")
        if age < 0:
            raise _RowError("before_birth")
        if age / DAYS_PER_MONTH > MAX_AGE_MONTHS:
            raise _RowError("too_old")
        weight = _number(self.cell(row, "weight"), name("weight", ""))
        length = _number(self.cell(row, "length"), name("length", ""))
        muac = _number(self.cell(row, "muac"), name("muac", ""))
        if weight is None and length is None and muac is None:
            raise _RowError("no_measurement")
        if muac is not None:
            muac *= self.muac_scale or (10.0 if muac < MUAC_CM_BELOW else 1.0)
        lying = _choice(self.cell(row, "position"), _LYING, name("position", ""))
        oedema = _choice(self.cell(row, "oedema"), _YES_NO, name("oedema", "")) or False
        nan = math.nan
        return (
            float(sex),
            age,
            nan if weight is None else weight,
            nan if length is None else length,
            nan if lying is None else lying,
            nan if muac is None else muac,
            float(oedema),
        )


def _load(path: Path) -> tuple[list[list[Any]], Any]:
    """Cell values of the first sheet, and a handle for writing back."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl  # imported here so CSV-only users need not install it

        values = openpyxl.load_workbook(path, data_only=True, read_only=True)
        rows = [list(r) for r in values.worksheets[0].iter_rows(values_only=True)]
        values.close()
        return rows, openpyxl.load_workbook(path)  # kept with formulas for saving
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")  # what Excel in Chinese saves as "CSV"
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)], dialect
    raise SheetError(f"unsupported file type: {path.suffix}")


def _save(
    path: Path, out_path: Path, rows: list[list[Any]], added: list[list[Any]], header_row: int, handle: Any
) -> None:
    """Write ``rows`` back with ``added`` cells appended from the header row on."""
    width = max(len(r) for r in rows[: header_row + 1]) if rows else 0
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        ws = handle.worksheets[0]
        width = max(width, ws.max_column)
        for r, values in enumerate(added):
            for c, v in enumerate(values):
                if v is not None:
                    cell = ws.cell(row=header_row + 1 + r, column=width + 1 + c, value=v)
                    if r and _DECIMALS[c] is not None:
                        cell.number_format = "0." + "0" * _DECIMALS[c]
        handle.save(out_path)
        return
    out = io.StringIO()
    writer = csv.writer(out, handle, lineterminator="\r\n")
    for r, row in enumerate(rows):
        extra = added[r - header_row] if r >= header_row else []
        if any(v is not None for v in extra):
            row = (
                row
                + [""] * (width - len(row))
                + [
                    "" if v is None else f"{v:.{d}f}" if d is not None and r > header_row else v
                    for v, d in zip(extra, _DECIMALS, strict=True)
                ]
            )
        writer.writerow(row)
    # utf-8 with BOM so that Excel opens Chinese text correctly.
    out_path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def score_sheet(in_path: str | Path, out_path: str | Path, lang: str = "zh-hans") -> Report:
    """Score every row of ``in_path`` (.csv or .xlsx) and write ``out_path``.

    Raises :class:`SheetError` only when the file as a whole cannot be used.
    """
    lang = normalise_lang(lang)
    in_path, out_path = Path(in_path), Path(out_path)
    rows, handle = _load(in_path)
    try:
        header_row, cols = _find_header(rows)
    except SheetError as exc:
        raise SheetError(tr(SHEET_ERRORS, "no_header", lang)) from exc
    reader = _Reader(rows[header_row], cols)
    report = Report(lang=lang)
    inputs: list[tuple[float, ...]] = []
    where: list[int] = []  # index into data rows of each scored input
    problems: dict[int, str] = {}
    data = rows[header_row + 1 :]
    for i, row in enumerate(data):
        if not any(_text(v) for v in row):
            continue
        report.rows += 1
        try:
            inputs.append(reader.read(row))
            where.append(i)
        except _RowError as err:
            reason = tr(SHEET_ERRORS, err.key, lang).format(**err.params)
            problems[i] = reason
            report.problems.append(RowProblem(row=header_row + 2 + i, reason=reason))

    added: list[list[Any]] = [[tr(SHEET_COLUMNS, key, lang) for key in _ADDED]]
    added += [[None] * len(_ADDED) for _ in data]
    for i, reason in problems.items():
        added[1 + i][-1] = reason
    if inputs:
        no_findings = NO_FINDINGS[LANGS.index(lang)]
        res = score_batch(*np.array(inputs, dtype=float).T)
        findings = row_findings(res)
        for j, i in enumerate(where):
            numbers = [res.age_days[j] / DAYS_PER_MONTH, res.bmi[j], *(res.z[c][j] for c in _CODES)]
            flagged = [tr(SHEET_COLUMNS, c, lang) for c in _CODES if res.flagged[c][j]]
            added[1 + i][:-1] = [
                *(None if np.isnan(v) else round(float(v), d) for v, d in zip(numbers, _DECIMALS, strict=False)),
                ", ".join(flagged) or None,
                FINDING_SEPARATOR[lang].join(describe(findings[j], lang)) or no_findings,
            ]
        report.scored = len(where)
    _save(in_path, out_path, rows, added, header_row, handle)
    return report
