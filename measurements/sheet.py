"""Score a CSV or Excel sheet of measurements as a school or clinic keeps it.

The sheet is written back unchanged with z-score, flag, finding and problem columns added. A
row that cannot be read is reported (row number and reason in the chosen language) and left
unscored; the rest of the file is still scored.

Reading is core.sheets (encodings, caps, NFKC, dates, header detection); scoring is the pure
growth engine (score_batch, row_findings). Column headers and errors are gettext messages in
the "growth sheet" context, rendered in the language asked for rather than the request's,
since the command line picks it too. Finding sentences come from measurements.texts.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import translation
from django.utils.translation import pgettext

from core import sheets
from core.sheet_errors import file_message
from core.sheets import cell_text as _text
from growth.classify import row_findings
from growth.engine import DAYS_PER_MONTH, INDICATORS, score_batch
from growth.survey import (
    AGED_5_19,
    UNDER_5,
    Prevalence,
    ZSummary,
    has_5_19,
    prevalence,
    prevalence_5_19,
    zscore_means,
    zscore_means_5_19,
)
from measurements.forms import LIMITS
from measurements.texts import Z_LABELS, describe

MAX_BYTES = 20 * 1024 * 1024  # the upload form's limit too
MAX_ROWS = 20000  # a county's whole school survey fits; scoring that many takes about a second
MAX_AGE_MONTHS = 228  # end of the WHO 2007 reference (19 years)
MUAC_CM_BELOW = 50  # no child's MUAC is under 50 mm or over 50 cm
CONTEXT = "growth sheet"

# Header aliases, compared by core.sheets.header_keys; the first matching column wins.
ALIASES = {
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
    # Optional (issue 12): each adds its z-score column only when the sheet has it.
    "head": ["头围", "head circumference", "head circ", "head", "hc", "head_cm", "頭囲"],
    "triceps": [
        "肱三头肌皮褶",
        "三头肌皮褶",
        "肱三头肌皮褶厚度",
        "三头肌皮褶厚度",
        "上臂背侧皮褶",
        "triceps",
        "triceps skinfold",
        "tsf",
        "triceps_mm",
        "上腕三頭筋皮下脂肪厚",
        "上腕三頭筋部皮下脂肪厚",
    ],
    "subscapular": [
        "肩胛下皮褶",
        "肩胛下角皮褶",
        "肩胛下皮褶厚度",
        "肩胛下角皮褶厚度",
        "subscapular",
        "subscapular skinfold",
        "ssf",
        "subscapular_mm",
        "肩甲骨下部皮下脂肪厚",
        "肩甲骨下皮下脂肪厚",
    ],
    # Survey design (optional; growth.survey): sampling weight, cluster (sampling unit), stratum.
    "sampling_weight": ["抽样权重", "权重", "sampling weight", "sw", "抽出ウェイト", "重み"],
    "cluster": ["整群", "群", "调查点", "cluster", "psu", "クラスター"],
    "stratum": ["层", "分层", "stratum", "strata", "層"],
}
REQUIRED = ("sex", ("weight", "length", "muac"))
UNITS = ("kg", "cm", "mm", "公斤", "千克", "厘米", "毫米", "公分")

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
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_UNIT_SUFFIX = re.compile(r"\s*(kg|cm|mm|公斤|千克|厘米|毫米|公分)$")
# The z-scores weight, length/height and MUAC give, added to every sheet; and the optional inputs (sheet
# column, score_batch keyword = key of the measurement form's LIMITS, z-score) whose z-score is added only
# when the sheet has that column.
_SHEET_INDICATORS = ("haz", "waz", "whz", "baz", "muacz")
_CODES = [ind.code for ind in INDICATORS if ind.code in _SHEET_INDICATORS]
_OPTIONAL = (("head", "head_cm", "hcz"), ("triceps", "triceps_mm", "tsz"), ("subscapular", "subscapular_mm", "ssz"))


def _added(codes: list[str]) -> tuple[list[str], list[int | None]]:
    """Added columns (keys of _column_names()) for these z-scores, and their decimals (None: text)."""
    return (
        ["age_months", "bmi", *codes, "flags", "findings", "problem"],
        [1, 1, *(2 for _ in codes), None, None, None],
    )


def _column_names() -> dict[str, str]:
    """Headers of the added columns, in the active language."""
    return {
        "age_months": pgettext(CONTEXT, "Age (months)"),
        "bmi": pgettext(CONTEXT, "BMI"),
        "haz": pgettext(CONTEXT, "HAZ"),
        "waz": pgettext(CONTEXT, "WAZ"),
        "whz": pgettext(CONTEXT, "WHZ"),
        "baz": pgettext(CONTEXT, "BAZ"),
        "muacz": pgettext(CONTEXT, "MUAC Z"),
        "hcz": pgettext(CONTEXT, "HCZ"),
        "tsz": pgettext(CONTEXT, "TSZ"),
        "ssz": pgettext(CONTEXT, "SSZ"),
        "flags": pgettext(CONTEXT, "Re-measure"),
        "findings": pgettext(CONTEXT, "Findings"),
        "problem": pgettext(CONTEXT, "Problem"),
    }


def _row_message(code: str, params: dict[str, Any]) -> str:
    """Why a row was not scored, in the active language."""
    texts = {
        "no_sex": pgettext(CONTEXT, "sex is missing"),
        "no_age": pgettext(CONTEXT, "date of birth or measurement date (or age) is missing"),
        "bad_date": pgettext(CONTEXT, '"%(col)s" is not a valid date: "%(value)s"'),
        "bad_number": pgettext(CONTEXT, '"%(col)s" is not a number: "%(value)s"'),
        "bad_choice": pgettext(CONTEXT, 'cannot read "%(value)s" in "%(col)s"'),
        "out_of_range": pgettext(CONTEXT, '"%(col)s" must be from %(low)s to %(high)s: "%(value)s"'),
        "before_birth": pgettext(CONTEXT, "measurement date is before the date of birth"),
        "too_old": pgettext(CONTEXT, "older than 19 years: WHO growth standards do not apply"),
        "no_measurement": pgettext(CONTEXT, "no weight, height or MUAC"),
    }
    return texts[code] % params if params else texts[code]


def _sheet_message(error: sheets.SheetError) -> str:
    """The file-level error, in the active language (worded like every upload page's)."""
    return file_message(error) or pgettext(
        CONTEXT, "no header row found (need at least sex and one measurement)"
    )  # empty, no_header


class SheetError(Exception):
    """The file as a whole cannot be scored (type, size, too many rows, no header row)."""


class _RowError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
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
    # growth.survey: children under 5, then 5-19 years when the sheet has any
    prevalence: list[Prevalence] = field(default_factory=list)
    # the z-score summaries (mean, 95 % CI, SD) of the same tables, in the same order
    means: list[ZSummary] = field(default_factory=list)

    def messages(self) -> list[str]:
        """One line per problem, e.g. '第 5 行：缺少性别'."""
        with translation.override(self.lang):
            line = pgettext(CONTEXT, "Row %(row)s: %(reason)s")
            return [line % {"row": p.row, "reason": p.reason} for p in self.problems]


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


def _date(value: Any, col: str):
    try:
        return sheets.parse_date(value)
    except sheets.CellError as exc:
        raise _RowError("bad_date", col=col, value=exc.params["value"]) from None


class _Reader:
    """Reads one data row into engine inputs, given the sheet's header."""

    def __init__(self, table: sheets.Table) -> None:
        self.table = table
        self.names = table.header_texts
        muac_header = self.names.get("muac", "").lower()
        self.muac_scale = 10.0 if ("cm" in muac_header or "厘米" in muac_header) else None
        if "mm" in muac_header or "毫米" in muac_header:
            self.muac_scale = 1.0
        self.optional = [(column, keyword) for column, keyword, _ in _OPTIONAL if column in table.columns]

    def read(self, row: list[Any]) -> tuple[float, ...]:
        name = self.names.get
        cell = self.table.cell
        sex = _choice(cell(row, "sex"), _SEX, name("sex", ""))
        if sex is None:
            raise _RowError("no_sex")
        born = _date(cell(row, "dob"), name("dob", ""))
        seen = _date(cell(row, "date"), name("date", ""))
        if born and seen:
            age = float((seen - born).days)
        elif (days := _number(cell(row, "age_days"), name("age_days", ""))) is not None:
            age = days
        elif (months := _number(cell(row, "age_months"), name("age_months", ""))) is not None:
            age = months * DAYS_PER_MONTH
        else:
            raise _RowError("no_age")
        if age < 0:
            raise _RowError("before_birth")
        if age / DAYS_PER_MONTH > MAX_AGE_MONTHS:
            raise _RowError("too_old")
        weight = _number(cell(row, "weight"), name("weight", ""))
        length = _number(cell(row, "length"), name("length", ""))
        muac = _number(cell(row, "muac"), name("muac", ""))
        extra = [self._optional(row, column, keyword) for column, keyword in self.optional]
        if weight is None and length is None and muac is None and all(v is None for v in extra):
            raise _RowError("no_measurement")
        if muac is not None:
            muac *= self.muac_scale or (10.0 if muac < MUAC_CM_BELOW else 1.0)
        lying = _choice(cell(row, "position"), _LYING, name("position", ""))
        oedema = _choice(cell(row, "oedema"), _YES_NO, name("oedema", "")) or False
        nan = math.nan
        return (
            float(sex),
            age,
            nan if weight is None else weight,
            nan if length is None else length,
            nan if lying is None else lying,
            nan if muac is None else muac,
            float(oedema),
            *(nan if v is None else v for v in extra),
        )

    def _optional(self, row: list[Any], column: str, keyword: str) -> float | None:
        """Head circumference (cm) or a skinfold (mm); outside the measurement form's limits it is a typo."""
        col = self.names.get(column, "")
        value = _number(self.table.cell(row, column), col)
        low, high = LIMITS[keyword]
        if value is not None and not low <= value <= high:
            raise _RowError("out_of_range", col=col, value=_text(self.table.cell(row, column)), low=low, high=high)
        return value


def _design(reader: _Reader, row: list[Any]) -> tuple[float | None, str | None, str | None]:
    """The row's sampling weight, cluster and stratum (None where the sheet leaves them empty)."""
    name = reader.names.get
    cell = reader.table.cell
    weight = _number(cell(row, "sampling_weight"), name("sampling_weight", ""))
    if weight is not None and weight < 0:
        raise _RowError("bad_number", col=name("sampling_weight", ""), value=_text(cell(row, "sampling_weight")))
    return weight, _text(cell(row, "cluster")) or None, _text(cell(row, "stratum")) or None


def _save(
    path: Path,
    out_path: Path,
    rows: list[list[Any]],
    added: list[list[Any]],
    header_row: int,
    survey: Report,
    decimals: list[int | None],
) -> None:
    """Write ``rows`` back with ``added`` cells appended from the header row on."""
    width = max(len(r) for r in rows[: header_row + 1]) if rows else 0
    if path.suffix.lower() in sheets.WORKBOOK_SUFFIXES:
        import openpyxl  # only for writing a workbook back; reading goes through core.sheets

        try:
            book = openpyxl.load_workbook(path)  # in full, with formulas and styles, to save them unchanged
        except Exception as exc:  # a part the read-only pass skips (drawing, chart, comments) is damaged
            raise SheetError(_sheet_message(sheets.SheetError("bad_workbook"))) from exc
        ws = book.worksheets[0]
        width = max(width, ws.max_column)
        _prevalence_sheet(book.create_sheet(pgettext(CONTEXT, "Prevalence")), survey.prevalence, survey.means)
        for r, values in enumerate(added):
            for c, v in enumerate(values):
                if v is not None:
                    # Only the added cells: the user's own cells, formulas too, go back unchanged.
                    # A problem text may quote a cell ("=1+A1 is not a date"), so it is made safe.
                    cell = ws.cell(row=header_row + 1 + r, column=width + 1 + c, value=sheets.safe_cell(v))
                    if r and decimals[c] is not None:
                        cell.number_format = "0." + "0" * decimals[c]
        book.save(out_path)
        return
    # The same delimiter as the file came with; decoding it again costs less than keeping it around.
    dialect = sheets.csv_dialect(sheets.decode_text(path.read_bytes()))
    out = io.StringIO()
    writer = csv.writer(out, dialect, lineterminator="\r\n")
    for r, row in enumerate(rows):
        extra = added[r - header_row] if r >= header_row else []
        if any(v is not None for v in extra):
            row = (
                row
                + [""] * (width - len(row))
                + [
                    "" if v is None else f"{v:.{d}f}" if d is not None and r > header_row else v
                    for v, d in zip(extra, decimals, strict=True)
                ]
            )
        # A CSV has no formulas of its own: any cell Excel would run as one is made text.
        writer.writerow(sheets.safe_row(row))
    # utf-8 with BOM so that Excel opens Chinese text correctly.
    out_path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def score_sheet(
    in_path: str | Path, out_path: str | Path, lang: str = "zh-hans", *, max_rows: int = MAX_ROWS
) -> Report:
    """Score every row of ``in_path`` (.csv or .xlsx) and write ``out_path``.

    Raises :class:`SheetError` (its message in ``lang``) only when the file as a whole cannot be used.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    with translation.override(lang):
        try:
            table = sheets.read_table(
                path=in_path,
                aliases=ALIASES,
                required=REQUIRED,
                max_bytes=MAX_BYTES,
                max_rows=max_rows,
                unit_suffixes=UNITS,
            )
        except sheets.SheetError as exc:
            raise SheetError(_sheet_message(exc)) from exc
        report = _score(table, lang)
        _save(in_path, out_path, table.rows, report.added, table.header, report.report, report.decimals)
    return report.report


@dataclass
class _Scored:
    report: Report
    added: list[list[Any]]
    decimals: list[int | None]  # of each added column


def _score(table: sheets.Table, lang: str) -> _Scored:
    """The report and the cells to append, one list per row from the header on."""
    reader = _Reader(table)
    report = Report(lang=lang)
    columns = _column_names()
    codes = _CODES + [code for column, _, code in _OPTIONAL if column in table.columns]
    keys, decimals = _added(codes)
    data_rows = len(table.rows) - table.header - 1
    added: list[list[Any]] = [[columns[key] for key in keys]]
    added += [[None] * len(keys) for _ in range(data_rows)]
    inputs: list[tuple[float, ...]] = []
    design: list[tuple[float | None, str | None, str | None]] = []
    where: list[int] = []  # index into ``added`` of each scored input
    for number, row in table.records():
        report.rows += 1
        i = number - table.header - 1  # Excel row number -> index into ``added``
        try:
            values, row_design = reader.read(row), _design(reader, row)
            inputs.append(values)
            design.append(row_design)
            where.append(i)
        except _RowError as err:
            reason = _row_message(err.code, err.params)
            added[i][-1] = reason
            report.problems.append(RowProblem(row=number, reason=reason))
    if inputs:
        no_findings = pgettext(CONTEXT, "No growth problem found")
        separator = pgettext(CONTEXT, "; ")  # full-width "；" in Chinese and Japanese
        arrays = np.array(inputs, dtype=float).T  # the reader's order: score_batch's seven, then reader.optional
        optional = {keyword: a for (_, keyword), a in zip(reader.optional, arrays[7:], strict=True)}
        res = score_batch(*arrays[:7], **optional)
        findings = row_findings(res)
        for j, i in enumerate(where):
            numbers = [res.age_days[j] / DAYS_PER_MONTH, res.bmi[j], *(res.z[c][j] for c in codes)]
            flagged = [columns[c] for c in codes if res.flagged[c][j]]
            added[i][:-1] = [
                *(None if np.isnan(v) else round(float(v), d) for v, d in zip(numbers, decimals, strict=False)),
                ", ".join(flagged) or None,
                separator.join(describe(findings[j])) or no_findings,
            ]
        report.scored = len(where)
        weights, clusters, strata = zip(*design, strict=True)
        survey = {
            "res": res,
            "sex": [values[0] for values in inputs],
            "weight": weights if "sampling_weight" in table.columns else None,
            "cluster": clusters if "cluster" in table.columns else None,
            "strata": strata if "stratum" in table.columns else None,
        }
        report.prevalence = prevalence(**survey)
        report.means = zscore_means(**survey)
        if has_5_19(res):
            report.prevalence += prevalence_5_19(**survey)
            report.means += zscore_means_5_19(**survey)
    return _Scored(report=report, added=added, decimals=decimals)


def prevalence_labels() -> dict[str, str]:
    """Names of the prevalence indicators, groups and bands, in the active language."""
    return {
        "stunting": pgettext(CONTEXT, "Stunting"),
        "stunting_severe": pgettext(CONTEXT, "Severe stunting"),
        "wasting": pgettext(CONTEXT, "Wasting"),
        "wasting_severe": pgettext(CONTEXT, "Severe wasting"),
        "underweight": pgettext(CONTEXT, "Underweight"),
        "underweight_severe": pgettext(CONTEXT, "Severe underweight"),
        "overweight": pgettext(CONTEXT, "Overweight"),
        "thinness": pgettext(CONTEXT, "Thinness"),
        "thinness_severe": pgettext(CONTEXT, "Severe thinness"),
        "obesity": pgettext(CONTEXT, "Obesity"),
        "all": pgettext(CONTEXT, "All children under 5"),
        "all_5_19": pgettext(CONTEXT, "All children 5–19 years"),
        "years": pgettext(CONTEXT, "%(group)s years"),
        AGED_5_19: pgettext(CONTEXT, "5–19 years"),
        "male": pgettext(CONTEXT, "Boys"),
        "female": pgettext(CONTEXT, "Girls"),
        "months": pgettext(CONTEXT, "%(group)s months"),
        "very_low": pgettext(CONTEXT, "very low"),
        "low": pgettext(CONTEXT, "low"),
        "medium": pgettext(CONTEXT, "medium"),
        "high": pgettext(CONTEXT, "high"),
        "very_high": pgettext(CONTEXT, "very high"),
        "line": pgettext(CONTEXT, "%(indicator)s %(percent)s%% (95%% CI %(low)s–%(high)s%%)"),
        "line_no_ci": pgettext(CONTEXT, "%(indicator)s %(percent)s%%"),
        "none": pgettext(CONTEXT, "no child"),
        "age_sex": pgettext(CONTEXT, "%(sex)s, %(age)s"),
        "means": pgettext(CONTEXT, "Average z-scores"),
        "mean_line": pgettext(CONTEXT, "%(indicator)s: average z-score %(mean)s (95%% CI %(low)s to %(high)s)"),
        "mean_line_no_ci": pgettext(CONTEXT, "%(indicator)s: average z-score %(mean)s"),
        "sd": pgettext(CONTEXT, "spread (SD) %(sd)s"),
        **{f"z_{code}": str(Z_LABELS[code]) for code in ("haz", "waz", "whz", "baz")},
    }


def group_label(p: Prevalence | ZSummary, labels: dict[str, str]) -> str:
    """ "All children under 5", "Boys", "6-11 months", "Girls, 12-23 months"; for 5-19: "All
    children 5–19 years", "10-14 years", "7 years", "Boys, 5-9 years"."""
    older = p.survey == AGED_5_19
    age = labels["years" if older else "months"]
    if p.group in ("age", "year"):
        return age % {"group": p.value}
    if p.group == "age_sex":
        sex, group = p.value.split(":", 1)
        return labels["age_sex"] % {"sex": labels[sex], "age": age % {"group": group}}
    return labels["all_5_19"] if older and p.value == "all" else labels[p.value]


def prevalence_blocks(rows: list[Prevalence]) -> dict[str, list[Prevalence]]:
    """The lines per age range (growth.survey.UNDER_5, then AGED_5_19 when there is any)."""
    blocks: dict[str, list[Prevalence]] = {}
    for p in rows:
        blocks.setdefault(p.survey, []).append(p)
    return blocks


def _z(value: float) -> str:
    """A z-score with 2 decimals and a real minus sign: "−1.23", "0.40"."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def mean_text(m: ZSummary, labels: dict[str, str]) -> str:
    """E.g. "身高/年龄：平均 Z 评分 −1.23（95% 置信区间 −1.40 至 −1.06）· 离散程度（标准差）1.10"."""
    name = labels[f"z_{m.indicator}"]
    if m.mean is None:
        return f"{name}: {labels['none']}"
    if m.ci_low is None or m.ci_high is None:
        text = labels["mean_line_no_ci"] % {"indicator": name, "mean": _z(m.mean)}
    else:
        text = labels["mean_line"] % {
            "indicator": name,
            "mean": _z(m.mean),
            "low": _z(m.ci_low),
            "high": _z(m.ci_high),
        }
    return f"{text} · {labels['sd'] % {'sd': f'{m.sd:.2f}'}}" if m.sd is not None else text


def prevalence_text(p: Prevalence, labels: dict[str, str]) -> str:
    """E.g. "生长迟缓 12.3%（95% 置信区间 9.8–15.2%）· 中等"."""
    name = labels[p.indicator]
    if p.percent is None:
        return f"{name}: {labels['none']}"
    if p.ci_low is None or p.ci_high is None:
        text = labels["line_no_ci"] % {"indicator": name, "percent": f"{p.percent:.1f}"}
    else:
        text = labels["line"] % {
            "indicator": name,
            "percent": f"{p.percent:.1f}",
            "low": f"{p.ci_low:.1f}",
            "high": f"{p.ci_high:.1f}",
        }
    return f"{text} · {labels[p.band]}" if p.band else text


def _prevalence_sheet(ws: Any, rows: list[Prevalence], means: list[ZSummary]) -> None:
    """The prevalence table as a worksheet: one line per indicator and group, then, below a
    blank line and its title, the average z-scores (n, mean, 95 % CI, SD) per z-score and group;
    the 5-19-year lines, when there are any, as a second such block below a blank line and its
    title."""
    labels = prevalence_labels()
    header = [
        sheets.safe_cell(h)
        for h in (
            pgettext(CONTEXT, "Indicator"),
            pgettext(CONTEXT, "Group"),
            pgettext(CONTEXT, "Children"),
            pgettext(CONTEXT, "Prevalence %"),
            pgettext(CONTEXT, "95% CI low %"),
            pgettext(CONTEXT, "95% CI high %"),
            pgettext(CONTEXT, "WHO level"),
        )
    ]
    mean_header = [
        sheets.safe_cell(h)
        for h in (
            pgettext(CONTEXT, "Measurement"),
            pgettext(CONTEXT, "Group"),
            pgettext(CONTEXT, "Children"),
            pgettext(CONTEXT, "Average z-score"),
            pgettext(CONTEXT, "95% CI low"),
            pgettext(CONTEXT, "95% CI high"),
            pgettext(CONTEXT, "Spread (SD)"),
        )
    ]
    for survey, block in prevalence_blocks(rows).items():
        if survey != UNDER_5:
            ws.append([])
            ws.append([sheets.safe_cell(labels[survey])])
        ws.append(header)
        _prevalence_lines(ws, block, labels)
        ws.append([])
        ws.append([sheets.safe_cell(labels["means"])])
        ws.append(mean_header)
        for m in means:
            if m.survey == survey:
                ws.append(
                    [
                        sheets.safe_cell(labels[f"z_{m.indicator}"]),
                        sheets.safe_cell(group_label(m, labels)),
                        m.n,
                        *(None if v is None else round(v, 2) for v in (m.mean, m.ci_low, m.ci_high, m.sd)),
                    ]
                )


def _prevalence_lines(ws: Any, rows: list[Prevalence], labels: dict[str, str]) -> None:
    for p in rows:
        ws.append(
            [
                sheets.safe_cell(labels[p.indicator]),
                sheets.safe_cell(group_label(p, labels)),
                p.n,
                None if p.percent is None else round(p.percent, 1),
                None if p.ci_low is None else round(p.ci_low, 1),
                None if p.ci_high is None else round(p.ci_high, 1),
                sheets.safe_cell(labels[p.band]) if p.band else None,
            ]
        )
