"""The ledger's exports, written as .xlsx in openpyxl's write-only mode (rows go to disk as they
are made, so a county of 200,000 children needs no more memory than a chunk of them):

- the 两表一册 (DOMAIN.md §2 W2): 《农村留守儿童信息登记表》 and 《困境儿童信息登记表》, one printable
  form per child (a worksheet each; one workbook per village, zipped for a township or county),
  and 《农村留守儿童和困境儿童信息花名册》, one row per child (one sheet per township, or one sheet
  for a village or township), laid out and set up to print on A4 as the paper forms are;
- the full export: every column of the ledger catalogue, in the linked-sheet layout that
  ledger.importer reads back (儿童 / 家庭 / 家庭成员, keyed by file number and household key);
- the MCA exchange file (ledger.mca), the changes since the division's last delivered file.

Every writer takes the user's scoped children (children.access via export_records), writes each
text cell through core.sheets.safe_cell, and returns the ids of the children it wrote, for the
audit (ledger.export_actions). Files are written to a temporary file that the background job
(ledger.export_jobs) stores encrypted (core.generated) and removes.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from children import access
from children import choices as c
from children.identity import mask_id_number
from children.models import Child, Household, HouseholdMember, Parent
from core.scope import code_range
from core.sheets import safe_cell
from geo.models import Division

from . import catalogue, mca
from .exchange_models import Change, McaExport, McaSent
from .export_records import (
    DIFFICULTY,
    Reasons,
    Record,
    category_label,
    children_in,
    health_text,
    label,
    left_behind_type,
    ordered,
    parent_status,
    place_names,
    records,
    relation_text,
    schooling_text,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
# Forms are one worksheet per child: a township's or county's set is bounded so that a request
# stays within minutes and the download within tens of megabytes. A larger area is exported
# township by township.
FORMS_MAX = getattr(settings, "LEDGER_FORMS_MAX", 3000)

LBC_FORMS = "lbc_forms"
DIFFICULTY_FORMS = "difficulty_forms"
ROSTER = "roster"
FULL = "full"
MCA = "mca"
PRODUCTS = (LBC_FORMS, DIFFICULTY_FORMS, ROSTER, FULL, MCA)

LBC_TITLE = "农村留守儿童信息登记表"
DIFFICULTY_TITLE = "困境儿童信息登记表"
ROSTER_TITLE = "农村留守儿童和困境儿童信息花名册"


class ExportRefused(Exception):
    """The export cannot be made as asked (too many forms, nothing to export); `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ExportFile:
    path: str
    filename: str
    content_type: str
    child_ids: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def discard(self) -> None:
        if os.path.exists(self.path):
            os.unlink(self.path)


def _workbook() -> Workbook:
    """A write-only workbook; the style cache (keyed by workbook) starts afresh with it."""
    _STYLES.clear()
    return Workbook(write_only=True)


def _tempfile(suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix="shouhu-ledger-", suffix=suffix)
    os.close(handle)
    return path


def _save(wb: Workbook, path: str) -> None:
    """Save the workbook; on failure (a full disk) drop its sheets' temporary files and the file."""
    try:
        wb.save(path)
    except BaseException:
        _abandon(wb)
        if os.path.exists(path):
            os.unlink(path)
        raise


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _today_words(day: date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


def _id(number: str, full_ids: bool) -> str:
    return number if full_ids else mask_id_number(number)


def _file_name(text: str) -> str:
    """A name safe in a download header and in a zip on every system."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text)


# ------------------------------------------------------------------ styles

_thin = Side(style="thin", color="000000")
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
FONT = Font(name="宋体", size=10.5)
BOLD = Font(name="宋体", size=10.5, bold=True)
TITLE = Font(name="黑体", size=18, bold=True)
SMALL = Font(name="宋体", size=10)
SECTION_FILL = PatternFill("solid", fgColor="E7E6E6")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _cell(ws, value: Any, *, font=FONT, align=LEFT, border=None, fill=None, number_format: str | None = None):
    if not number_format and isinstance(value, date):
        number_format = "yyyy-mm-dd"
    cell = WriteOnlyCell(ws, value=safe_cell(value))
    # Setting a style looks it up in the workbook's style tables (hashing every attribute): for a
    # county's 200,000 rows of 19 cells that is most of the time. Each combination is looked up
    # once per workbook and its indexes copied.
    key = (id(ws.parent), id(font), id(align), id(border), id(fill), number_format)
    style = _STYLES.get(key)
    if style is None:
        if font is not None:
            cell.font = font
        if align is not None:
            cell.alignment = align
        if border is not None:
            cell.border = border
        if fill is not None:
            cell.fill = fill
        if number_format:
            cell.number_format = number_format
        _STYLES[key] = style = copy(cell._style)
    else:
        cell._style = copy(style)
    return cell


_STYLES: dict[tuple, Any] = {}


def _print_setup(ws, *, landscape: bool, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if title_rows:
        ws.print_title_rows = title_rows


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


# ------------------------------------------------------------------ 登记表 (one form per child)

FORM_COLUMNS = 8
FORM_WIDTHS = (13, 12, 11, 13, 11, 12, 11, 13)


class FormSheet:
    """A paper form on an 8-column grid: rows of (text, span) segments, labels shaded, every cell
    boxed, spans merged."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 0
        for i, width in enumerate(FORM_WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def _append(self, cells: list, height: float | None = None) -> None:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)

    def title(self, text: str) -> None:
        self.ws.merged_cells.add(f"A1:{get_column_letter(FORM_COLUMNS)}1")
        self._append([_cell(self.ws, text, font=TITLE, align=CENTER)], height=36)

    def line(self, text: str, *, height: float = 20, font=SMALL) -> None:
        """A line of text across the form, without a box (the place line, signatures)."""
        self.ws.merged_cells.add(f"A{self.row + 1}:{get_column_letter(FORM_COLUMNS)}{self.row + 1}")
        self._append([_cell(self.ws, text, font=font)], height=height)

    def section(self, text: str) -> None:
        self.fields([(text, FORM_COLUMNS, "section")])

    def fields(self, segments: Iterable[tuple[Any, int, str]], height: float = 24) -> None:
        """`segments`: (value, columns spanned, kind) with kind "label", "value" or "section"."""
        cells, col = [], 1
        for value, span, kind in segments:
            if kind == "label":
                style = {"font": BOLD, "align": CENTER, "fill": LABEL_FILL}
            elif kind == "section":
                style = {"font": BOLD, "align": LEFT, "fill": SECTION_FILL}
            elif kind == "head":
                style = {"font": BOLD, "align": CENTER}
            else:
                style = {"font": FONT, "align": CENTER if span == 1 else LEFT}
            cells.append(_cell(self.ws, value, border=BOX, **style))
            cells.extend(_cell(self.ws, None, border=BOX) for _ in range(span - 1))
            if span > 1:
                row = self.row + 1
                self.ws.merged_cells.add(f"{get_column_letter(col)}{row}:{get_column_letter(col + span - 1)}{row}")
            col += span
        self._append(cells, height=height)

    def pairs(self, *pairs: tuple[str, Any, int]) -> None:
        """Label/value pairs: (label, value, columns the value spans)."""
        segments = []
        for text, value, span in pairs:
            segments += [(text, 1, "label"), (value, span, "value")]
        self.fields(segments)


def _write_form(ws, record: Record, *, kind: str, full_ids: bool, reasons: Reasons) -> None:
    child, household = record.child, record.household
    form = FormSheet(ws)
    _print_setup(ws, landscape=False)
    form.title(LBC_TITLE if kind == LBC_FORMS else DIFFICULTY_TITLE)
    form.line(
        f"县（市、区）：{record.place(3)}　　乡镇（街道）：{record.place(4)}　　村（居）：{child.village.name}"
        f"　　档案编号：{child.uuid}"
    )
    form.section("一、儿童基本情况")
    form.pairs(
        ("姓名", child.name, 1),
        ("性别", label(child, "sex"), 1),
        ("民族", label(child, "ethnicity"), 1),
        ("出生日期", child.date_of_birth, 1),
    )
    form.pairs(("身份证号", _id(child.id_number, full_ids), 3), ("户口性质", label(child, "hukou_type"), 3))
    form.pairs(("现居住地址", child.address, 7))
    form.pairs(
        ("就学情况", label(child, "schooling_status"), 1), ("就读学校", child.school, 3), ("年级", child.grade, 1)
    )
    form.pairs(
        ("是否寄宿", "是" if child.boarding else "否", 1),
        ("身体状况", label(child, "health_status"), 1),
        ("残疾类别", label(child, "disability_type"), 1),
        ("残疾等级", label(child, "disability_grade"), 1),
    )
    form.pairs(("疾病情况", child.health_note, 7))
    if kind == LBC_FORMS:
        form.section("二、留守情况")
        form.pairs(("留守类型", left_behind_type(record), 3), ("儿童类别", _categories(child), 3))
    else:
        form.section("二、困境情况")
        form.pairs(("困境类别", "、".join(str(label_of(cat)) for cat in child.categories if cat in DIFFICULTY), 7))
        form.pairs(("孤儿认定情形", label(child, "orphan_basis"), 3), ("孤儿养育方式", label(child, "orphan_care"), 3))
        form.pairs(("其他类别说明", child.other_category_note, 7))
    found = reasons(child)
    form.fields(
        [("认定依据", 1, "label"), ("\n".join(found), FORM_COLUMNS - 1, "value")], height=max(36, 16 * len(found) + 8)
    )
    form.section("三、父母情况")
    form.fields(
        [
            ("称谓", 1, "head"),
            ("姓名", 1, "head"),
            ("身份证号", 2, "head"),
            ("联系电话", 1, "head"),
            ("存殁及特殊情况", 1, "head"),
            ("外出务工情况", 1, "head"),
            ("务工地点", 1, "head"),
        ]
    )
    for who, parent in (("父亲", record.father), ("母亲", record.mother)):
        p = parent
        form.fields(
            [
                (who, 1, "label"),
                (p.name if p else "", 1, "value"),
                (_id(p.id_number, full_ids) if p else "", 2, "value"),
                (p.phone if p else "", 1, "value"),
                (_vital_and_condition(p), 1, "value"),
                (label(p, "migration_status") if p else "", 1, "value"),
                (p.work_city if p else "", 1, "value"),
            ],
            height=30,
        )
    form.section("四、委托照护情况")
    form.pairs(
        ("有无委托照护人", "有" if household.has_caregiver else "无", 1),
        ("姓名", household.caregiver_name, 1),
        ("与儿童关系", relation_text(household), 1),
        ("出生年份", household.caregiver_birth_year or "", 1),
    )
    form.pairs(
        ("联系电话", household.caregiver_phone, 1),
        ("身体状况", label(household, "caregiver_health"), 1),
        ("书面告知日期", household.caregiver_notice_date or "", 3),
    )
    form.pairs(("委托原因", household.caregiver_reason, 7))
    form.section("五、家庭情况")
    form.pairs(("户籍地址", household.address, 7))
    form.pairs(
        ("家庭主要经济来源", label(household, "income_source"), 3),
        ("享受救助情况", label(household, "assistance_status"), 3),
    )
    form.fields([("家庭成员姓名", 2, "head"), ("与儿童关系", 2, "head"), ("出生年份", 1, "head"), ("备注", 3, "head")])
    members = record.members
    for member in members:
        form.fields(
            [
                (member.name, 2, "value"),
                (member.relation, 2, "value"),
                (member.birth_year or "", 1, "value"),
                (member.note, 3, "value"),
            ]
        )
    for _ in range(max(0, 2 - len(members))):  # room to write by hand
        form.fields([("", 2, "value"), ("", 2, "value"), ("", 1, "value"), ("", 3, "value")])
    form.line("")
    form.line("填表人（签字）：＿＿＿＿＿＿＿＿　　　　填表日期：　　　　年　　月　　日", height=26, font=FONT)
    form.line("审核人（签字）：＿＿＿＿＿＿＿＿　　　　审核日期：　　　　年　　月　　日", height=26, font=FONT)
    form.line("村（居）民委员会（盖章）　　　　　　　　乡镇人民政府（街道办事处）（盖章）", height=26, font=FONT)
    form.line(
        f"本表由守护系统导出：{_today_words()}；身份证号{'为完整号码' if full_ids else '已部分隐藏'}。", font=SMALL
    )


def _export_note(full_ids: bool) -> str:
    hidden = "为完整号码" if full_ids else "已部分隐藏"
    return f"本表由守护系统导出：{_today_words()}；身份证号{hidden}。"


def label_of(category: c.Category) -> str:
    return category_label(category)  # the forms are Chinese whatever the user's language


def _categories(child) -> str:
    return "、".join(label_of(cat) for cat in child.categories)


def _vital_and_condition(parent) -> str:
    """死亡 / 服刑（2024-05-01起） / 健在: the form has its own column for working away."""
    if parent is None:
        return ""
    if parent.vital_status != c.VitalStatus.ALIVE:
        return label(parent, "vital_status")
    if parent.condition:
        since = f"（{parent.condition_start:%Y-%m-%d}起）" if parent.condition_start else ""
        return label(parent, "condition") + since
    return "健在"


def _forms_queryset(user, division: Division, kind: str):
    qs = children_in(user, division, open_only=True)
    if kind == LBC_FORMS:
        return qs.filter(cat_rural_left_behind=True)
    wanted = Q()
    for cat in DIFFICULTY:
        wanted |= Q(**{f"cat_{cat.value}": True})
    return qs.filter(wanted)


def check_forms(user, division: Division, kind: str) -> int:
    """The number of forms the area holds; ExportRefused when none, or more than FORMS_MAX (the
    export page checks this before it queues the job, so the officer hears it at once)."""
    count = _forms_queryset(user, division, kind).count()
    if count == 0:
        raise ExportRefused("none")
    if count > FORMS_MAX:
        raise ExportRefused("too_many_forms")
    return count


def write_forms(user, division: Division, kind: str, *, full_ids: bool) -> ExportFile:
    """One form per child: a workbook of worksheets for a village; for a larger area, a zip of one
    workbook per village. Refused beyond FORMS_MAX children (export township by township)."""
    qs = _forms_queryset(user, division, kind)
    check_forms(user, division, kind)
    title = LBC_TITLE if kind == LBC_FORMS else DIFFICULTY_TITLE
    places = place_names(division)
    reasons = Reasons(timezone.localdate())
    ids: list[int] = []
    stamp = _stamp()
    # A village's forms go in one workbook: the records of one village are written together.
    current, workbooks = None, []
    wb, used, serial = None, set(), 0

    def finish():
        if wb is not None:
            path = _tempfile(".xlsx")
            _save(wb, path)
            workbooks.append((current, path))

    for record in records(ordered(qs), places):
        village = record.child.village
        if current is None or village.code != current.code:
            finish()
            current, wb, used, serial = village, _workbook(), set(), 0
        serial += 1
        ws = wb.create_sheet(_sheet_title(f"{serial:03d} {record.child.name}", used))
        _write_form(ws, record, kind=kind, full_ids=full_ids, reasons=reasons)
        ws.close()  # its rows are on disk; the next sheet starts
        ids.append(record.child.pk)
    finish()
    if division.level == Division.Level.VILLAGE and len(workbooks) == 1:
        return ExportFile(workbooks[0][1], _file_name(f"{title}-{division.name}-{stamp}.xlsx"), XLSX, ids)
    path = _tempfile(".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for village, book in workbooks:
            township = places.get(village.code[:9], "")
            zf.write(book, _file_name(f"{title}-{township}{village.name}-{village.code}.xlsx"))
            os.unlink(book)
    return ExportFile(path, _file_name(f"{title}-{division.name}-{stamp}.zip"), ZIP, ids)


# ------------------------------------------------------------------ 花名册 (one row per child)

ROSTER_HEAD = [
    # (heading, sub-headings or None, width)
    ("序号", None, 6),
    ("姓名", None, 9),
    ("性别", None, 5),
    ("身份证号", None, 20),
    ("出生日期", None, 11),
    ("儿童类别", None, 16),
    ("所在村（社区）", None, 11),
    ("父亲", (("姓名", 8), ("状况", 14), ("务工地点", 10)), None),
    ("母亲", (("姓名", 8), ("状况", 14), ("务工地点", 10)), None),
    ("委托照护人", (("姓名", 8), ("与儿童关系", 9), ("联系电话", 13)), None),
    ("就学情况", None, 20),
    ("身体状况", None, 11),
    ("备注", None, 10),
]
ROSTER_COLUMNS = sum(len(sub) if sub else 1 for _h, sub, _w in ROSTER_HEAD)


def _roster_head(ws) -> None:
    top, bottom, col = [], [], 1
    for heading, sub, width in ROSTER_HEAD:
        if sub:
            ws.merged_cells.add(f"{get_column_letter(col)}3:{get_column_letter(col + len(sub) - 1)}3")
            top.append(_cell(ws, heading, font=BOLD, align=CENTER, border=BOX, fill=LABEL_FILL))
            top.extend(_cell(ws, None, border=BOX, fill=LABEL_FILL) for _ in sub[1:])
            for name, w in sub:
                ws.column_dimensions[get_column_letter(col)].width = w
                bottom.append(_cell(ws, name, font=BOLD, align=CENTER, border=BOX, fill=LABEL_FILL))
                col += 1
        else:
            ws.merged_cells.add(f"{get_column_letter(col)}3:{get_column_letter(col)}4")
            ws.column_dimensions[get_column_letter(col)].width = width
            top.append(_cell(ws, heading, font=BOLD, align=CENTER, border=BOX, fill=LABEL_FILL))
            bottom.append(_cell(ws, None, border=BOX, fill=LABEL_FILL))
            col += 1
    ws.row_dimensions[3].height = ws.row_dimensions[4].height = 20
    ws.append(top)
    ws.append(bottom)


def _roster_row(ws, serial: int, record: Record, full_ids: bool) -> list:
    child, household = record.child, record.household
    father, mother = record.father, record.mother
    values = [
        serial,
        child.name,
        label(child, "sex"),
        _id(child.id_number, full_ids),
        child.date_of_birth,
        _categories(child),
        child.village.name,
        father.name if father else "",
        parent_status(father),
        father.work_city if father else "",
        mother.name if mother else "",
        parent_status(mother),
        mother.work_city if mother else "",
        household.caregiver_name,
        relation_text(household),
        household.caregiver_phone,
        schooling_text(child),
        health_text(child),
        "" if child.status == c.Status.ACTIVE else label(child, "status"),
    ]
    return [_cell(ws, v, border=BOX, align=CENTER if i in (0, 2, 4) else LEFT) for i, v in enumerate(values)]


def _roster_sheet(wb, title: str, unit: str, count: int, used: set[str]):
    ws = wb.create_sheet(_sheet_title(title, used))
    _print_setup(ws, landscape=True, title_rows="3:4")
    ws.freeze_panes = "C5"
    last = get_column_letter(ROSTER_COLUMNS)
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    ws.row_dimensions[1].height = 34
    ws.append([_cell(ws, ROSTER_TITLE, font=TITLE, align=CENTER)])
    ws.append([_cell(ws, f"填报单位：{unit}　　　　共 {count} 人　　　　填报日期：{_today_words()}", font=SMALL)])
    _roster_head(ws)
    return ws


def _roster_tail(ws, rows_written: int, full_ids: bool) -> None:
    last = get_column_letter(ROSTER_COLUMNS)
    first = rows_written + 5
    ws.append([])
    for offset, text in enumerate(
        (
            "填表人（签字）：＿＿＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿＿＿"
            "　　审核人（签字）：＿＿＿＿＿＿＿＿　　（盖章）",
            _export_note(full_ids),
        ),
        start=1,
    ):
        ws.merged_cells.add(f"A{first + offset}:{last}{first + offset}")
        ws.append([_cell(ws, text, font=FONT if offset == 1 else SMALL)])


def write_roster(user, division: Division, *, full_ids: bool) -> ExportFile:
    """The 花名册: one sheet for a village or a township; one sheet per township for a county."""
    qs = children_in(user, division, open_only=True)
    if not qs.exists():
        raise ExportRefused("none")
    places = place_names(division)
    wb = _workbook()
    used: set[str] = set()
    ids: list[int] = []
    if division.level >= Division.Level.TOWNSHIP:
        groups = [(division, qs)]
    else:
        townships = Division.objects.within(division).townships().order_by("code")
        groups = [(t, qs.filter(village__code__range=code_range(t.code))) for t in townships]
    for area, group in groups:
        count = group.count()
        if not count:
            continue
        unit = "".join(places.get(area.code[:n], "") for n in (6, 9) if n < len(area.code)) + area.name
        ws = _roster_sheet(wb, area.name, unit, count, used)
        serial = 0
        for record in records(ordered(group), places):
            serial += 1
            ws.append(_roster_row(ws, serial, record, full_ids))
            ids.append(record.child.pk)
        _roster_tail(ws, serial, full_ids)
        ws.close()
    path = _tempfile(".xlsx")
    _save(wb, path)
    return ExportFile(path, _file_name(f"{ROSTER_TITLE}-{division.name}-{_stamp()}.xlsx"), XLSX, ids)


# ------------------------------------------------------------------ full export (linked sheets)

CHILD_SHEET, HOUSEHOLD_SHEET, MEMBER_SHEET = "儿童", "家庭", "家庭成员"


def _child_value(col: catalogue.Column, child) -> Any:
    if col.code == "child.uuid":
        return str(child.uuid)
    if col.code == "child.village":
        return child.village_id  # the 12-digit code: unambiguous when read back
    if col.code == "child.categories":
        return _value(col, [cat.value for cat in child.categories])
    return _value(col, getattr(child, col.field))


def _household_value(col: catalogue.Column, household) -> Any:
    if col.code == "household.key":
        return str(household.uuid)
    return _value(col, getattr(household, col.field))


def _text_cells(ws, values: Iterable[Any]) -> list:
    """A machine-readable row: text as text (formula-safe), dates as dates; no other styling, so a
    county's rows are written at the speed of the XML."""
    row = []
    for value in values:
        if isinstance(value, date):
            row.append(_cell(ws, value, font=None, align=None))
        else:
            row.append(safe_cell(value))
    return row


SPECIAL = {"child.uuid", "child.village", "child.categories"}


def _value(col: catalogue.Column, value: Any) -> Any:
    """``col.export_value(value)``, with the words of choice columns looked up once per value."""
    if col.kind in ("choice", "multi", "bool") and value not in (None, ""):
        return _choice_word(col.code, tuple(value) if isinstance(value, list) else value)
    return col.export_value(value)


@cache
def _choice_word(code: str, value: Any) -> Any:
    return catalogue.BY_CODE[code].export_value(list(value) if isinstance(value, tuple) else value)


def _stored(table: str, model) -> list[catalogue.Column]:
    """The table's catalogue columns that hold a field of the file (a column that only helps the
    import find something, such as the township of a village's name, is not written)."""
    names = {f.name for f in model._meta.concrete_fields}
    return [col for col in catalogue.columns_of(table) if col.code in SPECIAL or col.field in names]


def write_full(user, division: Division) -> ExportFile:
    """Every field of every file of the division (open and closed), on three linked sheets, with
    full ID numbers: what ledger.importer reads back without loss."""
    qs = children_in(user, division, open_only=False)
    if not qs.exists():
        raise ExportRefused("none")
    child_cols = _stored("child", Child)
    key_col = catalogue.BY_CODE["household.key"]
    household_cols = [key_col, *_stored("household", Household)]
    father_cols, mother_cols = _stored("father", Parent), _stored("mother", Parent)
    member_cols = _stored("member", HouseholdMember)
    wb = _workbook()
    children_ws = wb.create_sheet(CHILD_SHEET)
    households_ws = wb.create_sheet(HOUSEHOLD_SHEET)
    members_ws = wb.create_sheet(MEMBER_SHEET)
    children_ws.append([col.header for col in [*child_cols, key_col]])
    households_ws.append([col.header for col in [*household_cols, *father_cols, *mother_cols]])
    members_ws.append([col.header for col in [key_col, *member_cols]])
    for ws in (children_ws, households_ws, members_ws):
        ws.freeze_panes = "A2"
    seen: set[int] = set()
    ids: list[int] = []
    for record in records(ordered(qs), {}):
        child, household = record.child, record.household
        children_ws.append(
            _text_cells(
                children_ws, [*(_child_value(col, child) for col in child_cols), _household_value(key_col, household)]
            )
        )
        ids.append(child.pk)
        if household.pk in seen:
            continue
        seen.add(household.pk)
        values = [_household_value(col, household) for col in household_cols]
        for parent, cols in ((record.father, father_cols), (record.mother, mother_cols)):
            values += [_value(col, getattr(parent, col.field)) if parent else "" for col in cols]
        households_ws.append(_text_cells(households_ws, values))
        key = str(household.uuid)
        for member in record.members:
            members_ws.append(
                _text_cells(members_ws, [key, *(_value(col, getattr(member, col.field)) for col in member_cols)])
            )
    path = _tempfile(".xlsx")
    _save(wb, path)
    return ExportFile(path, _file_name(f"守护完整导出-{division.name}-{_stamp()}.xlsx"), XLSX, ids)


# ------------------------------------------------------------------ MCA exchange file


@dataclass
class McaPlan:
    """What a delivered exchange file changes: (child id, change, digest, open) per row written."""

    rows: list[tuple[int, str, str, bool]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Change.values, 0))

    def add(self, child_id: int, change: str, row_digest: str, is_open: bool) -> None:
        self.rows.append((child_id, change, row_digest, is_open))
        self.counts[change] += 1


def _mca_workbook():
    wb = _workbook()
    ws = wb.create_sheet(mca.SHEET_NAME)
    ws.freeze_panes = "C2"
    ws.append(mca.HEADERS)
    return wb, ws


def _abandon(wb) -> None:
    """Drop a write-only workbook that will not be saved, with the temporary files of its sheets."""
    for ws in wb.worksheets:
        if not ws.closed:
            ws.close()
        if ws._writer is not None and os.path.exists(ws._writer.out):
            os.unlink(ws._writer.out)


def _minimal_exit(uuid) -> list[Any]:
    """The exit row of a file that left the division for a place beyond the exporter's scope: its
    number and the exit only (its data are no longer the exporter's to send)."""
    values: list[Any] = [""] * len(mca.COLUMNS)
    values[0] = str(uuid)
    values[mca.HEADERS.index("在册状态") - 1] = "退出"
    values[mca.HEADERS.index("退出日期") - 1] = timezone.localdate()
    values[mca.HEADERS.index("退出原因") - 1] = mca.MOVED_OUT
    return values


def write_mca_changes(user, division: Division) -> tuple[ExportFile, McaPlan]:
    """The files of the division that changed since its last delivered exchange file (everything
    the first time): new (新增), changed (变更) and closed or moved out (退出). Refused when
    nothing changed. The plan is recorded by ledger.export_actions.do_deliver_mca once the file is made."""
    sent = {
        child_id: (row_digest, is_open)
        for child_id, row_digest, is_open in McaSent.objects.filter(division=division).values_list(
            "child_id", "digest", "open"
        )
    }
    places = place_names(division)
    wb, ws = _mca_workbook()
    plan = McaPlan()
    seen: set[int] = set()
    for record in records(ordered(children_in(user, division, open_only=False)), places):
        child = record.child
        seen.add(child.pk)
        values = mca.row_values(record)
        row_digest = mca.digest(values)
        before = sent.get(child.pk)
        is_open = not child.is_closed
        if before is None or not before[1]:
            change = Change.NEW if is_open else None  # a file closed before it was ever sent: nothing to send
        elif not is_open:
            change = Change.CLOSED
        else:
            change = Change.CHANGED if before[0] != row_digest else None
        if change is None:
            continue
        ws.append(_text_cells(ws, mca.sheet_row(change, values)))
        plan.add(child.pk, change, row_digest, is_open)
    gone = [child_id for child_id, (_d, is_open) in sent.items() if is_open and child_id not in seen]
    _write_gone(user, ws, plan, gone, places)
    if not plan.rows:
        _abandon(wb)
        raise ExportRefused("no_changes")
    path = _tempfile(".xlsx")
    _save(wb, path)
    name = _file_name(f"民政部系统交换文件-{division.name}-{_stamp()}.xlsx")
    return ExportFile(path, name, XLSX, [r[0] for r in plan.rows]), plan


def _write_gone(user, ws, plan: McaPlan, gone: list[int], places: dict[str, str], digests=None) -> None:
    """Exit rows of files that were open when last sent and are no longer in the division."""
    if not gone:
        return
    in_scope = {r.child.pk: r for r in records(access.children_for(user).filter(pk__in=gone), places)}
    uuids = dict(McaSent.objects.filter(child_id__in=gone).values_list("child_id", "child__uuid"))
    for child_id in gone:
        record = in_scope.get(child_id)
        values = (
            mca.exit_row(record, mca.row_values(record), moved_out=True) if record else _minimal_exit(uuids[child_id])
        )
        ws.append(_text_cells(ws, mca.sheet_row(Change.CLOSED, values)))
        plan.add(child_id, Change.CLOSED, "", False)


def write_mca_resend(user, division: Division, last: McaExport) -> tuple[ExportFile, McaPlan]:
    """The last delivered batch again: the same files with the same change types, as they are now."""
    places = place_names(division)
    wb, ws = _mca_workbook()
    plan = McaPlan()
    batch = list(last.rows.values_list("child_id", "change").order_by("pk"))
    ids = [child_id for child_id, _ in batch]
    found = {r.child.pk: r for r in records(access.children_for(user).filter(pk__in=ids), places)}
    inside = set(children_in(user, division, open_only=False).filter(pk__in=ids).values_list("pk", flat=True))
    uuids = dict(last.rows.values_list("child_id", "child__uuid"))
    for child_id, change in batch:
        record = found.get(child_id)
        if record is None:
            values = _minimal_exit(uuids[child_id])
        else:
            values = mca.row_values(record)
            if change == Change.CLOSED:
                values = mca.exit_row(record, values, moved_out=child_id not in inside)
        ws.append(_text_cells(ws, mca.sheet_row(change, values)))
        plan.add(child_id, change, "", change != Change.CLOSED)
    path = _tempfile(".xlsx")
    _save(wb, path)
    name = _file_name(f"民政部系统交换文件-{division.name}-重新导出-{_stamp()}.xlsx")
    return ExportFile(path, name, XLSX, ids), plan
