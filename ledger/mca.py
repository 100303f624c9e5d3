"""The MCA exchange file: Shouhu's fields as the national ledger fields of DOMAIN.md §3.

The national 全国农村留守儿童和困境儿童信息管理系统 has its own import template, which Shouhu does
not control and whose exact columns we do not know. The column names below follow DOMAIN.md §3
(the fields of the 2016 national sweep and of a provincial system's forms); docs/mca-exchange.md
lists them field by field and says what each side has that the other lacks. A county checks them
against the province's current template before its first upload.

One row per child file that changed since the division's last delivered file (ledger.exchange_models):
the first column says how (新增 / 变更 / 退出). Values are written as the Chinese words of the
national forms (男/女, 农业/非农业 …), dates as dates, ID numbers in full (the national system
needs them; only users who may export full ID numbers get this file, and the audit says so).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from children import choices as c
from core.crypto import blind_index
from core.sheets import safe_cell

from .exchange_models import Change
from .export_records import Record, categories_text, difficulty_text, label, left_behind_type

CHANGE_WORDS = {Change.NEW: "新增", Change.CHANGED: "变更", Change.CLOSED: "退出"}
# A file that left the division (transferred to a village outside it) is an exit here.
MOVED_OUT = "迁出本辖区"
SHEET_NAME = "留守困境儿童信息"


@dataclass(frozen=True)
class McaColumn:
    header: str  # the national field's name (DOMAIN.md §3)
    source: str  # Shouhu's field, for the documentation
    value: Callable[[Record], Any]


def _parent(role: str, attr: str, kind: str = "") -> Callable[[Record], Any]:
    def get(r: Record) -> Any:
        p = r.father if role == "father" else r.mother
        if p is None:
            return ""
        value = getattr(p, attr)
        return label(p, attr) if kind == "choice" else value

    return get


def _hh(attr: str, kind: str = "") -> Callable[[Record], Any]:
    def get(r: Record) -> Any:
        value = getattr(r.household, attr)
        if kind == "choice":
            return label(r.household, attr)
        if kind == "bool":
            return "是" if value else "否"
        return value

    return get


def _child(attr: str, kind: str = "") -> Callable[[Record], Any]:
    def get(r: Record) -> Any:
        value = getattr(r.child, attr)
        if kind == "choice":
            return label(r.child, attr)
        if kind == "bool":
            return "是" if value else "否"
        return value

    return get


def _parent_columns(role: str, who: str) -> list[McaColumn]:
    return [
        McaColumn(f"{who}姓名", f"{role}.name", _parent(role, "name")),
        McaColumn(f"{who}证件号码", f"{role}.id_number", _parent(role, "id_number")),
        McaColumn(f"{who}联系电话", f"{role}.phone", _parent(role, "phone")),
        McaColumn(f"{who}存殁状况", f"{role}.vital_status", _parent(role, "vital_status", "choice")),
        McaColumn(f"{who}特殊情况", f"{role}.condition", _parent(role, "condition", "choice")),
        McaColumn(f"{who}特殊情况起始日期", f"{role}.condition_start", _parent(role, "condition_start")),
        McaColumn(f"{who}残疾类别", f"{role}.disability_type", _parent(role, "disability_type", "choice")),
        McaColumn(f"{who}残疾等级", f"{role}.disability_grade", _parent(role, "disability_grade", "choice")),
        McaColumn(f"{who}外出务工情况", f"{role}.migration_status", _parent(role, "migration_status", "choice")),
        McaColumn(f"{who}务工地点", f"{role}.work_city", _parent(role, "work_city")),
        McaColumn(f"{who}最近联系日期", f"{role}.last_contact", _parent(role, "last_contact")),
    ]


def _relation(r: Record) -> Any:
    h = r.household
    if h.caregiver_relation == c.CaregiverRelation.OTHER and h.caregiver_relation_other:
        return h.caregiver_relation_other
    return label(h, "caregiver_relation")


def _disability_grade(r: Record) -> Any:
    return label(r.child, "disability_grade")


COLUMNS: list[McaColumn] = [
    McaColumn("儿童编号", "child.uuid", lambda r: str(r.child.uuid)),
    McaColumn("姓名", "child.name", _child("name")),
    McaColumn("性别", "child.sex", _child("sex", "choice")),
    McaColumn("民族", "child.ethnicity", _child("ethnicity", "choice")),
    McaColumn("出生日期", "child.date_of_birth", _child("date_of_birth")),
    McaColumn("证件类型", "(child.id_number present)", lambda r: "居民身份证" if r.child.id_number else ""),
    McaColumn("证件号码", "child.id_number", _child("id_number")),
    McaColumn("户口性质", "child.hukou_type", _child("hukou_type", "choice")),
    McaColumn("省", "child.village → province", lambda r: r.place(1)),
    McaColumn("市", "child.village → prefecture", lambda r: r.place(2)),
    McaColumn("县（市、区）", "child.village → county", lambda r: r.place(3)),
    McaColumn("乡镇（街道）", "child.village → township", lambda r: r.place(4)),
    McaColumn("村（居）委会", "child.village", lambda r: r.child.village.name),
    McaColumn("行政区划代码", "child.village (code)", lambda r: r.child.village_id),
    McaColumn("现居住地址", "child.address", _child("address")),
    McaColumn("户籍地址", "household.address", _hh("address")),
    McaColumn("儿童类别", "child.categories", lambda r: categories_text(r.child)),
    McaColumn("留守类型", "(derived from the parents)", left_behind_type),
    McaColumn("困境类型", "child.categories (困境)", difficulty_text),
    McaColumn("孤儿认定情形", "child.orphan_basis", _child("orphan_basis", "choice")),
    McaColumn("孤儿养育方式", "child.orphan_care", _child("orphan_care", "choice")),
    McaColumn("其他类别说明", "child.other_category_note", _child("other_category_note")),
    McaColumn("就学状况", "child.schooling_status", _child("schooling_status", "choice")),
    McaColumn("就读学校", "child.school", _child("school")),
    McaColumn("年级", "child.grade", _child("grade")),
    McaColumn("是否寄宿", "child.boarding", _child("boarding", "bool")),
    McaColumn("身体状况", "child.health_status", _child("health_status", "choice")),
    McaColumn("残疾类别", "child.disability_type", _child("disability_type", "choice")),
    McaColumn("残疾等级", "child.disability_grade", _disability_grade),
    *_parent_columns("father", "父亲"),
    *_parent_columns("mother", "母亲"),
    McaColumn("家庭主要经济来源", "household.income_source", _hh("income_source", "choice")),
    McaColumn("享受救助情况", "household.assistance_status", _hh("assistance_status", "choice")),
    McaColumn("有无委托照料人", "household.has_caregiver", _hh("has_caregiver", "bool")),
    McaColumn("委托照料人姓名", "household.caregiver_name", _hh("caregiver_name")),
    McaColumn("委托照料人与儿童关系", "household.caregiver_relation", _relation),
    McaColumn("委托照料人出生年份", "household.caregiver_birth_year", _hh("caregiver_birth_year")),
    McaColumn("委托照料人联系电话", "household.caregiver_phone", _hh("caregiver_phone")),
    McaColumn("委托照料人身体状况", "household.caregiver_health", _hh("caregiver_health", "choice")),
    McaColumn("委托照料原因", "household.caregiver_reason", _hh("caregiver_reason")),
    McaColumn("书面告知学校和村委会日期", "household.caregiver_notice_date", _hh("caregiver_notice_date")),
    McaColumn("在册状态", "child.status", lambda r: "退出" if r.child.is_closed else "在册"),
    McaColumn("退出日期", "child.closed_on", _child("closed_on")),
    McaColumn("退出原因", "child.closure_reason", _child("closure_reason", "choice")),
]
HEADERS = ["变动类型", *(col.header for col in COLUMNS)]


def row_values(record: Record) -> list[Any]:
    """The child's row without the change type, as written (and as digested)."""
    return [col.value(record) for col in COLUMNS]


def digest(values: Iterable[Any]) -> str:
    """A keyed digest of a row (an HMAC, like the ID number's blind index: the table of digests
    reveals nothing of the row). After a key rotation every row reads as changed once."""
    text = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], ensure_ascii=False, default=str)
    return blind_index(text)


def exit_row(record: Record, values: list[Any], *, moved_out: bool) -> list[Any]:
    """An exit for a file that left the division without being closed: its reason says so."""
    if moved_out and not record.child.is_closed:
        values = list(values)
        values[HEADERS.index("在册状态") - 1] = "退出"
        values[HEADERS.index("退出日期") - 1] = timezone.localdate()
        values[HEADERS.index("退出原因") - 1] = MOVED_OUT
    return values


def sheet_row(change: str, values: list[Any]) -> list[Any]:
    return [CHANGE_WORDS[change], *(safe_cell(v) for v in values)]
