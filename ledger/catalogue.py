"""The ledger's columns: what each column of a county's Excel ledger means in Shouhu.

One catalogue for every sheet that goes in or out of the ledger app: the import recognises a
column by its header (``header`` and ``aliases``, compared by ``core.sheets.header_keys``) and
reads its cells with ``parse``; the full export writes ``header`` as the column title and
``export_value`` as the cell, so that a full export reads back through the same import without
loss. The 两表一册 forms and the MCA exchange file have their own layouts, but name Shouhu's
fields through the same column codes.

A column belongs to one *table*: ``child``, ``household`` (with the entrusted caregiver),
``father``, ``mother`` (one ``Parent`` row each) or ``member`` (other household members, on their
own sheet). Its code is ``table.field``, ``field`` being the model field it fills.

Values: a choice column accepts the stored code, the choice's label in Chinese, English and
Japanese, and the everyday words of Chinese ledgers (``extra``: 男/女, 农业/非农业, 在读 …). Dates
accept everything ``core.sheets.parse_date`` reads; yes/no columns 是/否, 有/无, √/×.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from children import choices as c
from children.identity import IdNumberError, normalise_id_number, validate_id_number
from core.sheets import CellError, cell_text, header_keys, parse_date

TABLES = ("child", "household", "father", "mother", "member")
LANGUAGES = ("zh-hans", "en", "ja")
# Several values in one cell: 农村留守儿童、孤儿 / 留守儿童,困境儿童 / a;b
_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
YES = {"是", "有", "√", "✓", "y", "yes", "true", "1", "寄宿", "はい"}
NO = {"否", "无", "没有", "×", "n", "no", "false", "0", "走读", "いいえ"}


def _norm(value: str) -> str:
    """A value as compared with a vocabulary: normalised, lower case, no spaces or brackets."""
    return re.sub(r"[\s()（）【】\[\]]", "", cell_text(value).lower())


@dataclass(frozen=True)
class Column:
    code: str  # "child.name", "father.vital_status", …
    label: Any  # what the officer reads (lazy gettext)
    header: str  # the header Shouhu writes, and the first one it recognises
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text, date, id_number, choice, multi, bool, year, int, phone, village
    choices: Any = None  # a TextChoices/IntegerChoices class, or a list of (value, label)
    extra: Mapping[str, str] = field(default_factory=dict)  # everyday words -> stored value
    max_length: int | None = None

    @property
    def table(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def field(self) -> str:
        return self.code.split(".", 1)[1]

    # ------------------------------------------------------------- reading

    def vocabulary(self) -> dict[str, Any]:
        return _vocabulary(self)

    def parse(self, raw: Any) -> Any:
        """The cell as the field's value; "" or None when blank; raises :class:`CellError`.

        Error codes: ``bad_date``, ``bad_id`` (``reason``), ``bad_choice`` (``value``),
        ``bad_bool``, ``bad_number``, ``too_long`` (``max``).
        """
        if self.kind == "date":
            return parse_date(raw)
        # Free text is kept as written (full-width punctuation ，（） is Chinese text, not noise to
        # fold); codes, numbers and words matched against a vocabulary are NFKC-folded first.
        text = _verbatim(raw) if self.kind == "text" else cell_text(raw)
        if self.kind == "id_number":
            if not text:
                return ""
            number = normalise_id_number(text)
            try:
                return validate_id_number(number)
            except IdNumberError as exc:
                raise CellError("bad_id", value=text, reason=str(exc)) from exc
        if not text:
            return None if self.kind in ("year", "int") else ([] if self.kind == "multi" else "")
        if self.kind in ("year", "int"):
            number = text[:-1] if self.kind == "year" and text.endswith("年") else text
            if not number.isdigit() or (self.kind == "year" and not 1900 <= int(number) <= 2100):
                raise CellError("bad_number", value=text)
            return int(number)
        if self.kind == "bool":
            key = _norm(text)
            if key in YES:
                return True
            if key in NO:
                return False
            raise CellError("bad_bool", value=text)
        if self.kind == "choice":
            found = self.vocabulary().get(_norm(text))
            if found is None:
                raise CellError("bad_choice", value=text)
            return found
        if self.kind == "multi":
            values = []
            for part in filter(None, (p.strip() for p in _SEPARATORS.split(text))):
                found = self.vocabulary().get(_norm(part))
                if found is None:
                    raise CellError("bad_choice", value=part)
                if found not in values:
                    values.append(found)
            return values
        if self.kind == "phone":
            text = re.sub(r"[\s\-]", "", text)
        if self.max_length and len(text) > self.max_length:
            raise CellError("too_long", value=text[:20], max=self.max_length)
        return text

    # ------------------------------------------------------------- writing

    def export_value(self, value: Any) -> Any:
        """The value as the full export writes it: the Chinese label of a choice (what the import
        reads back), 是/否, dates as dates."""
        if value is None or value == "":
            return ""
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind in ("choice", "multi"):
            labels = dict(_choice_list(self))
            with translation.override("zh-hans"):
                if self.kind == "multi":
                    return "、".join(str(labels.get(v, v)) for v in value)
                return str(labels.get(value, value))
        if isinstance(value, date):
            return value
        return value


def _verbatim(value: Any) -> str:
    """A text cell as written, stripped (a whole float, as Excel stores numbers, without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice_list(column: Column) -> list[tuple[Any, Any]]:
    choices = column.choices
    return list(choices.choices) if hasattr(choices, "choices") else list(choices or ())


@cache
def _vocabulary_cached(code: str) -> dict[str, Any]:
    column = BY_CODE[code]
    words: dict[str, Any] = {}
    for value, label in _choice_list(column):
        words.setdefault(_norm(str(value)), value)
        for language in LANGUAGES:
            with translation.override(language):
                words.setdefault(_norm(str(label)), value)
    for word, value in column.extra.items():
        words[_norm(word)] = value
    return words


def _vocabulary(column: Column) -> dict[str, Any]:
    return _vocabulary_cached(column.code)


# ------------------------------------------------------------------ the columns

Cat = c.Category
_CATEGORY_WORDS = {
    "留守儿童": Cat.RURAL_LEFT_BEHIND,
    "农村留守儿童": Cat.RURAL_LEFT_BEHIND,
    "留守": Cat.RURAL_LEFT_BEHIND,
    "因贫困境儿童": Cat.DIFFICULTY_ECONOMIC,
    "家庭经济困难": Cat.DIFFICULTY_ECONOMIC,
    "低保家庭儿童": Cat.DIFFICULTY_ECONOMIC,
    "因残困境儿童": Cat.DIFFICULTY_DISABILITY,
    "因病困境儿童": Cat.DIFFICULTY_DISABILITY,
    "残疾儿童": Cat.DIFFICULTY_DISABILITY,
    "重病儿童": Cat.DIFFICULTY_DISABILITY,
    "监护缺失": Cat.DIFFICULTY_GUARDIANSHIP,
    "监护困境儿童": Cat.DIFFICULTY_GUARDIANSHIP,
    "孤儿": Cat.ORPHAN,
    "事实无人抚养儿童": Cat.DE_FACTO_UNSUPPORTED,
    "事实无人抚养": Cat.DE_FACTO_UNSUPPORTED,
    "其他": Cat.OTHER_LOCAL,
}
_SEX = {"男": c.Sex.MALE, "女": c.Sex.FEMALE, "男性": c.Sex.MALE, "女性": c.Sex.FEMALE}
_HUKOU = {
    "农业": c.HukouType.RURAL,
    "农业户口": c.HukouType.RURAL,
    "农村": c.HukouType.RURAL,
    "农村户口": c.HukouType.RURAL,
    "非农业": c.HukouType.URBAN,
    "非农业户口": c.HukouType.URBAN,
    "非农": c.HukouType.URBAN,
    "城镇": c.HukouType.URBAN,
    "城镇户口": c.HukouType.URBAN,
    "居民户口": c.HukouType.URBAN,
    "无户口": c.HukouType.UNREGISTERED,
    "未落户": c.HukouType.UNREGISTERED,
    "黑户": c.HukouType.UNREGISTERED,
}
_SCHOOLING = {
    "学龄前": c.SchoolingStatus.PRESCHOOL_NOT_ENROLLED,
    "未入园": c.SchoolingStatus.PRESCHOOL_NOT_ENROLLED,
    "散居": c.SchoolingStatus.PRESCHOOL_NOT_ENROLLED,
    "幼儿园": c.SchoolingStatus.KINDERGARTEN,
    "在园": c.SchoolingStatus.KINDERGARTEN,
    "学前教育": c.SchoolingStatus.KINDERGARTEN,
    "小学": c.SchoolingStatus.PRIMARY,
    "小学在读": c.SchoolingStatus.PRIMARY,
    "初中": c.SchoolingStatus.JUNIOR_MIDDLE,
    "初中在读": c.SchoolingStatus.JUNIOR_MIDDLE,
    "高中": c.SchoolingStatus.SENIOR_MIDDLE,
    "中职": c.SchoolingStatus.SENIOR_MIDDLE,
    "中专": c.SchoolingStatus.SENIOR_MIDDLE,
    "职高": c.SchoolingStatus.SENIOR_MIDDLE,
    "高中在读": c.SchoolingStatus.SENIOR_MIDDLE,
    "大学": c.SchoolingStatus.UNIVERSITY,
    "大专": c.SchoolingStatus.UNIVERSITY,
    "辍学": c.SchoolingStatus.DROPPED_OUT,
    "失学": c.SchoolingStatus.OUT_OTHER,
    "未就学": c.SchoolingStatus.OUT_OTHER,
    "休学": c.SchoolingStatus.OUT_OTHER,
}
_HEALTH = {
    "健康": c.HealthStatus.HEALTHY,
    "良好": c.HealthStatus.HEALTHY,
    "残疾": c.HealthStatus.DISABLED,
    "重病": c.HealthStatus.SERIOUS_ILLNESS,
    "大病": c.HealthStatus.SERIOUS_ILLNESS,
    "重大疾病": c.HealthStatus.SERIOUS_ILLNESS,
    "慢性病": c.HealthStatus.CHRONIC_ILLNESS,
    "患病": c.HealthStatus.CHRONIC_ILLNESS,
}
_VITAL = {
    "健在": c.VitalStatus.ALIVE,
    "在世": c.VitalStatus.ALIVE,
    "正常": c.VitalStatus.ALIVE,
    "死亡": c.VitalStatus.DEAD,
    "去世": c.VitalStatus.DEAD,
    "已故": c.VitalStatus.DEAD,
    "宣告失踪": c.VitalStatus.DECLARED_MISSING,
    # A ledger's bare 失踪 does not say whether a court declared it: the CWD confirms it, as for
    # the records migrated in issue 12 (nothing is guessed).
    "失踪": c.VitalStatus.MISSING_UNCONFIRMED,
    "下落不明": c.VitalStatus.MISSING_UNCONFIRMED,
}
_CONDITION = {
    "无": c.ParentCondition.NONE,
    "正常": c.ParentCondition.NONE,
    "重残": c.ParentCondition.SEVERE_DISABILITY,
    "重度残疾": c.ParentCondition.SEVERE_DISABILITY,
    "重病": c.ParentCondition.SERIOUS_ILLNESS,
    "服刑": c.ParentCondition.IMPRISONED,
    "服刑在押": c.ParentCondition.IMPRISONED,
    "强制隔离戒毒": c.ParentCondition.COMPULSORY_DRUG_REHAB,
    "戒毒": c.ParentCondition.COMPULSORY_DRUG_REHAB,
    "被执行其他限制人身自由的措施": c.ParentCondition.OTHER_DETENTION,
    "失联": c.ParentCondition.LOST_CONTACT,
    "被撤销监护资格": c.ParentCondition.GUARDIANSHIP_REVOKED,
    "撤销监护资格": c.ParentCondition.GUARDIANSHIP_REVOKED,
    "被遣送出境": c.ParentCondition.DEPORTED,
    "遣送出境": c.ParentCondition.DEPORTED,
}
_MIGRATION = {
    "在家": c.MigrationStatus.AT_HOME,
    "在家务农": c.MigrationStatus.AT_HOME,
    "本地": c.MigrationStatus.AT_HOME,
    "省内务工": c.MigrationStatus.AWAY_IN_PROVINCE,
    "省内": c.MigrationStatus.AWAY_IN_PROVINCE,
    "省外务工": c.MigrationStatus.AWAY_OUT_OF_PROVINCE,
    "省外": c.MigrationStatus.AWAY_OUT_OF_PROVINCE,
    "外出务工": c.MigrationStatus.AWAY_OUT_OF_PROVINCE,
}
_RELATION = {
    "祖父": c.CaregiverRelation.PATERNAL_GRANDFATHER,
    "爷爷": c.CaregiverRelation.PATERNAL_GRANDFATHER,
    "祖母": c.CaregiverRelation.PATERNAL_GRANDMOTHER,
    "奶奶": c.CaregiverRelation.PATERNAL_GRANDMOTHER,
    "外祖父": c.CaregiverRelation.MATERNAL_GRANDFATHER,
    "外公": c.CaregiverRelation.MATERNAL_GRANDFATHER,
    "姥爷": c.CaregiverRelation.MATERNAL_GRANDFATHER,
    "外祖母": c.CaregiverRelation.MATERNAL_GRANDMOTHER,
    "外婆": c.CaregiverRelation.MATERNAL_GRANDMOTHER,
    "姥姥": c.CaregiverRelation.MATERNAL_GRANDMOTHER,
    "哥哥": c.CaregiverRelation.ADULT_SIBLING,
    "姐姐": c.CaregiverRelation.ADULT_SIBLING,
    "兄姐": c.CaregiverRelation.ADULT_SIBLING,
    "叔叔": c.CaregiverRelation.UNCLE_AUNT,
    "伯父": c.CaregiverRelation.UNCLE_AUNT,
    "姑姑": c.CaregiverRelation.UNCLE_AUNT,
    "舅舅": c.CaregiverRelation.UNCLE_AUNT,
    "阿姨": c.CaregiverRelation.UNCLE_AUNT,
    "姨妈": c.CaregiverRelation.UNCLE_AUNT,
    "亲属": c.CaregiverRelation.OTHER_RELATIVE,
    "其他亲属": c.CaregiverRelation.OTHER_RELATIVE,
    "邻居": c.CaregiverRelation.FRIEND_NEIGHBOUR,
    "朋友": c.CaregiverRelation.FRIEND_NEIGHBOUR,
    "父亲": c.CaregiverRelation.PARENT_AT_HOME,
    "母亲": c.CaregiverRelation.PARENT_AT_HOME,
    "父母": c.CaregiverRelation.PARENT_AT_HOME,
}
_CAREGIVER_HEALTH = {"健康": c.CaregiverHealth.HEALTHY, "良好": c.CaregiverHealth.HEALTHY, **{
    "残疾": c.CaregiverHealth.DISABLED,
    "重病": c.CaregiverHealth.SERIOUS_ILLNESS,
    "大病": c.CaregiverHealth.SERIOUS_ILLNESS,
    "慢性病": c.CaregiverHealth.CHRONIC_ILLNESS,
    "体弱": c.CaregiverHealth.OTHER,
}}  # fmt: skip
_INCOME = {
    "务工": c.IncomeSource.MIGRANT_WAGES,
    "外出务工": c.IncomeSource.MIGRANT_WAGES,
    "打工": c.IncomeSource.MIGRANT_WAGES,
    "务农": c.IncomeSource.FARMING,
    "种地": c.IncomeSource.FARMING,
    "农业": c.IncomeSource.FARMING,
    "本地务工": c.IncomeSource.LOCAL_WORK,
    "个体": c.IncomeSource.LOCAL_WORK,
    "经商": c.IncomeSource.LOCAL_WORK,
    "低保": c.IncomeSource.SOCIAL_ASSISTANCE,
    "救助": c.IncomeSource.SOCIAL_ASSISTANCE,
    "社会救助": c.IncomeSource.SOCIAL_ASSISTANCE,
}
_ASSISTANCE = {
    "无": c.AssistanceStatus.NONE,
    "低保": c.AssistanceStatus.DIBAO,
    "低保户": c.AssistanceStatus.DIBAO,
    "特困": c.AssistanceStatus.TEKUN,
    "特困供养": c.AssistanceStatus.TEKUN,
    "低保边缘": c.AssistanceStatus.DIBAO_EDGE,
    "边缘户": c.AssistanceStatus.DIBAO_EDGE,
    "防返贫监测": c.AssistanceStatus.POVERTY_MONITORING,
    "监测户": c.AssistanceStatus.POVERTY_MONITORING,
    "脱贫户": c.AssistanceStatus.POVERTY_MONITORING,
}
_DISABILITY_TYPE = {
    "视力残疾": c.DisabilityType.VISUAL,
    "视力": c.DisabilityType.VISUAL,
    "听力残疾": c.DisabilityType.HEARING,
    "听力": c.DisabilityType.HEARING,
    "言语残疾": c.DisabilityType.SPEECH,
    "言语": c.DisabilityType.SPEECH,
    "肢体残疾": c.DisabilityType.PHYSICAL,
    "肢体": c.DisabilityType.PHYSICAL,
    "智力残疾": c.DisabilityType.INTELLECTUAL,
    "智力": c.DisabilityType.INTELLECTUAL,
    "精神残疾": c.DisabilityType.MENTAL,
    "精神": c.DisabilityType.MENTAL,
    "多重残疾": c.DisabilityType.MULTIPLE,
    "多重": c.DisabilityType.MULTIPLE,
}
_GRADE = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "1级": 1, "2级": 2, "3级": 3, "4级": 4}
_STATUS = {"在册": c.Status.ACTIVE, "正常": c.Status.ACTIVE, "已退出": c.Status.CLOSED, "退出": c.Status.CLOSED}
_ETHNICITY = {"汉": "01", "汉族": "01", "苗族": "06", "彝族": "07", "壮族": "08", "土家族": "15", "回族": "03"}


def _parent_columns(role: str, who: str, who_zh: str) -> list[Column]:
    """The same columns for the father and the mother: 父亲姓名, 母亲姓名, …"""
    p = f"{role}."
    return [
        Column(p + "name", _("%(who)s: name") % {"who": who}, f"{who_zh}姓名", (f"{who_zh}",), max_length=50),
        Column(
            p + "id_number",
            _("%(who)s: ID number") % {"who": who},
            f"{who_zh}身份证号",
            (f"{who_zh}身份证号码", f"{who_zh}公民身份号码", f"{who_zh}身份证"),
            kind="id_number",
        ),
        Column(
            p + "phone",
            _("%(who)s: phone") % {"who": who},
            f"{who_zh}联系电话",
            (f"{who_zh}电话", f"{who_zh}手机", f"{who_zh}手机号"),
            kind="phone",
            max_length=30,
        ),
        Column(
            p + "vital_status",
            _("%(who)s: alive, dead or missing") % {"who": who},
            f"{who_zh}存殁状况",
            (f"{who_zh}是否健在", f"{who_zh}生存状况", f"{who_zh}存殁"),
            kind="choice",
            choices=c.VitalStatus,
            extra=_VITAL,
        ),
        Column(
            p + "condition",
            _("%(who)s: condition") % {"who": who},
            f"{who_zh}特殊情况",
            (f"{who_zh}情况", f"{who_zh}状况", f"{who_zh}身体状况"),
            kind="choice",
            choices=c.ParentCondition,
            extra=_CONDITION,
        ),
        Column(
            p + "condition_start",
            _("%(who)s: condition since") % {"who": who},
            f"{who_zh}情况起始日期",
            (f"{who_zh}情况开始日期", f"{who_zh}起始时间"),
            kind="date",
        ),
        Column(
            p + "condition_until",
            _("%(who)s: condition ends on") % {"who": who},
            f"{who_zh}情况结束日期",
            (f"{who_zh}刑满日期", f"{who_zh}结束时间"),
            kind="date",
        ),
        Column(
            p + "condition_evidence",
            _("%(who)s: evidence") % {"who": who},
            f"{who_zh}证明材料",
            (f"{who_zh}佐证材料",),
            max_length=255,
        ),
        Column(
            p + "disability_type",
            _("%(who)s: disability type") % {"who": who},
            f"{who_zh}残疾类别",
            (f"{who_zh}残疾类型",),
            kind="choice",
            choices=c.DisabilityType,
            extra=_DISABILITY_TYPE,
        ),
        Column(
            p + "disability_grade",
            _("%(who)s: disability grade") % {"who": who},
            f"{who_zh}残疾等级",
            (f"{who_zh}残疾级别",),
            kind="choice",
            choices=c.DisabilityGrade,
            extra=_GRADE,
        ),
        Column(
            p + "migration_status",
            _("%(who)s: migration") % {"who": who},
            f"{who_zh}外出务工情况",
            (f"{who_zh}务工情况", f"{who_zh}是否外出务工", f"{who_zh}外出情况"),
            kind="choice",
            choices=c.MigrationStatus,
            extra=_MIGRATION,
        ),
        Column(
            p + "work_city",
            _("%(who)s: work place") % {"who": who},
            f"{who_zh}务工地点",
            (f"{who_zh}务工地", f"{who_zh}外出务工地点", f"{who_zh}工作地点"),
            max_length=50,
        ),
        Column(
            p + "last_contact",
            _("%(who)s: last contact") % {"who": who},
            f"{who_zh}最近联系日期",
            (f"{who_zh}最后联系日期",),
            kind="date",
        ),
    ]


COLUMNS: list[Column] = [
    # --- the child; its file number (the Child's uuid) lets a full export read back as updates
    Column("child.uuid", _("File number"), "档案编号", ("档案号", "file_number"), max_length=36),
    Column("child.name", _("Child's name"), "儿童姓名", ("姓名", "学生姓名", "name"), max_length=50),
    Column("child.sex", _("Sex"), "性别", ("sex",), kind="choice", choices=c.Sex, extra=_SEX),
    Column(
        "child.date_of_birth",
        _("Date of birth"),
        "出生日期",
        ("出生年月", "出生年月日", "生日", "date_of_birth", "dob"),
        kind="date",
    ),
    Column(
        "child.id_number",
        _("ID number"),
        "身份证号",
        ("公民身份号码", "身份证号码", "身份证", "儿童身份证号", "id_number"),
        kind="id_number",
    ),
    Column(
        "child.ethnicity",
        _("Ethnicity"),
        "民族",
        ("ethnicity",),
        kind="choice",
        choices=c.ETHNICITIES,
        extra=_ETHNICITY,
    ),
    Column(
        "child.hukou_type",
        _("Hukou type"),
        "户口性质",
        ("户籍性质", "户口类型", "户口类别", "hukou"),
        kind="choice",
        choices=c.HukouType,
        extra=_HUKOU,
    ),
    Column(
        "child.village",
        _("Village"),
        "所在村（社区）",
        ("村", "村名", "村（居）", "所在村", "村居", "village"),
        kind="village",
    ),
    # The township of the village, when the village's name alone repeats across townships
    # (ledger.places); not a field of the file: the village's code says it.
    Column(
        "child.township",
        _("Township"),
        "所属乡镇（街道）",
        ("乡镇", "乡镇（街道）", "所在乡镇", "乡镇街道", "所属乡镇", "乡（镇）", "乡镇名称", "township"),
        max_length=100,
    ),
    Column(
        "child.address",
        _("Current address"),
        "现居住地址",
        ("居住地址", "家庭住址", "现住址", "住址", "address"),
        max_length=255,
    ),
    Column(
        "child.categories",
        _("Categories"),
        "儿童类别",
        ("类别", "儿童类型", "类型", "categories"),
        kind="multi",
        choices=c.Category,
        extra=_CATEGORY_WORDS,
    ),
    Column(
        "child.orphan_basis", _("Orphan basis"), "孤儿认定情形", ("孤儿类型",), kind="choice", choices=c.OrphanBasis
    ),
    Column(
        "child.orphan_care",
        _("Orphan care"),
        "孤儿供养方式",
        ("供养方式", "安置方式"),
        kind="choice",
        choices=c.OrphanCare,
        extra={
            "散居": c.OrphanCare.DISPERSED,
            "散居孤儿": c.OrphanCare.DISPERSED,
            "机构养育": c.OrphanCare.INSTITUTIONAL,
            "集中供养": c.OrphanCare.INSTITUTIONAL,
        },
    ),
    Column("child.other_category_note", _("Local category"), "其他类别说明", (), max_length=100),
    Column(
        "child.schooling_status",
        _("Schooling"),
        "就学情况",
        ("就学状况", "就读情况", "在校情况", "学业状况", "schooling"),
        kind="choice",
        choices=c.SchoolingStatus,
        extra=_SCHOOLING,
    ),
    Column("child.school", _("School"), "就读学校", ("学校", "学校名称", "school"), max_length=100),
    Column("child.grade", _("Grade"), "年级", ("年级班级", "班级", "grade"), max_length=20),
    Column("child.boarding", _("Boarding at school"), "是否寄宿", ("寄宿", "寄宿情况"), kind="bool"),
    Column(
        "child.health_status",
        _("Health"),
        "身体状况",
        ("健康状况", "健康情况", "health"),
        kind="choice",
        choices=c.HealthStatus,
        extra=_HEALTH,
    ),
    Column(
        "child.disability_type",
        _("Disability type"),
        "残疾类别",
        ("残疾类型",),
        kind="choice",
        choices=c.DisabilityType,
        extra=_DISABILITY_TYPE,
    ),
    Column(
        "child.disability_grade",
        _("Disability grade"),
        "残疾等级",
        ("残疾级别",),
        kind="choice",
        choices=c.DisabilityGrade,
        extra=_GRADE,
    ),
    Column("child.health_note", _("Illness or health note"), "疾病情况", ("患病情况", "健康备注"), max_length=255),
    Column("child.status", _("Status"), "在册状态", ("状态",), kind="choice", choices=c.Status, extra=_STATUS),
    Column("child.closed_on", _("Closed on"), "退出日期", ("注销日期",), kind="date"),
    Column(
        "child.closure_reason",
        _("Closure reason"),
        "退出原因",
        ("注销原因",),
        kind="choice",
        choices=c.ClosureReason,
        extra={
            "年满16周岁": c.ClosureReason.TURNED_16,
            "年满18周岁": c.ClosureReason.TURNED_18,
            "父母返乡": c.ClosureReason.PARENTS_RETURNED,
            "随父母外出": c.ClosureReason.MOVED,
            "死亡": c.ClosureReason.DIED,
            "迁出": c.ClosureReason.TRANSFERRED,
        },
    ),
    # --- the household and the entrusted caregiver
    Column("household.key", _("Household key"), "户编号", ("家庭编号", "户号", "户主编号"), max_length=64),
    Column("household.address", _("Household address"), "户籍地址", ("户籍所在地", "户籍住址"), max_length=255),
    Column(
        "household.income_source",
        _("Main income source"),
        "家庭主要经济来源",
        ("主要经济来源", "经济来源", "家庭经济来源"),
        kind="choice",
        choices=c.IncomeSource,
        extra=_INCOME,
    ),
    Column(
        "household.assistance_status",
        _("Social assistance"),
        "享受救助情况",
        ("救助情况", "低保特困情况", "是否低保", "是否享受低保"),
        kind="choice",
        choices=c.AssistanceStatus,
        extra=_ASSISTANCE,
    ),
    Column(
        "household.has_caregiver",
        _("Has an entrusted caregiver"),
        "是否有委托照护人",
        ("有无委托监护人", "是否委托监护", "是否有受委托监护人"),
        kind="bool",
    ),
    Column(
        "household.caregiver_name",
        _("Caregiver's name"),
        "委托照护人姓名",
        ("委托照护人", "受委托监护人姓名", "受委托监护人", "监护人", "监护人姓名", "照料人", "委托监护人"),
        max_length=50,
    ),
    Column(
        "household.caregiver_relation",
        _("Caregiver's relation to the child"),
        "与儿童关系",
        ("委托照护人与儿童关系", "监护人与儿童关系", "与儿童的关系", "关系"),
        kind="choice",
        choices=c.CaregiverRelation,
        extra=_RELATION,
    ),
    Column(
        "household.caregiver_birth_year",
        _("Caregiver's year of birth"),
        "委托照护人出生年份",
        ("监护人出生年份",),
        kind="year",
    ),
    Column(
        "household.caregiver_phone",
        _("Caregiver's phone"),
        "委托照护人联系电话",
        ("监护人联系电话", "监护人电话", "受委托监护人联系电话", "联系电话"),
        kind="phone",
        max_length=30,
    ),
    Column(
        "household.caregiver_health",
        _("Caregiver's health"),
        "委托照护人身体状况",
        ("监护人身体状况", "监护人健康状况"),
        kind="choice",
        choices=c.CaregiverHealth,
        extra=_CAREGIVER_HEALTH,
    ),
    Column(
        "household.caregiver_reason", _("Reason for entrusting care"), "委托原因", ("委托照护原因",), max_length=255
    ),
    Column(
        "household.caregiver_notice_date",
        _("Written notice to school and village on"),
        "书面告知日期",
        ("告知学校和村委会日期",),
        kind="date",
    ),
    # --- parents
    *_parent_columns("father", _("Father"), "父亲"),
    *_parent_columns("mother", _("Mother"), "母亲"),
    # --- other household members (their own sheet, linked by the household key)
    Column("member.name", _("Member's name"), "成员姓名", ("家庭成员姓名",), max_length=50),
    Column("member.relation", _("Relation to the child"), "与儿童关系（成员）", ("成员与儿童关系",), max_length=50),
    Column("member.birth_year", _("Year of birth"), "成员出生年份", ("出生年份",), kind="year"),
    Column("member.note", _("Note"), "成员备注", ("备注",), max_length=255),
]
BY_CODE: dict[str, Column] = {col.code: col for col in COLUMNS}
REQUIRED = ("child.name", "child.date_of_birth")  # an ID number alone cannot name a child


def columns_of(table: str) -> list[Column]:
    return [col for col in COLUMNS if col.table == table]


def aliases(tables: Iterable[str] = TABLES) -> dict[str, tuple[str, ...]]:
    """Column code -> the headers that name it, for ``core.sheets.find_header``."""
    wanted = set(tables)
    return {col.code: (col.header, *col.aliases) for col in COLUMNS if col.table in wanted}


def recognise(header: Any, tables: Iterable[str] = TABLES) -> str | None:
    """The column code a header names, or None; the same comparison as ``find_header``."""
    full, bare = header_keys(header)
    lookup = _lookup(tuple(tables))
    return lookup.get(full) or lookup.get(bare)


@cache
def _lookup(tables: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, names in aliases(tables).items():
        for name in names:
            found.setdefault(header_keys(name)[0], code)
    return found
