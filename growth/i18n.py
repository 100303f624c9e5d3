"""Texts for the sheet and chart tools in zh-hans, en and ja (no gettext needed)."""

from __future__ import annotations

LANGS = ("zh-hans", "en", "ja")


def normalise_lang(lang: str | None) -> str:
    """Map a Django/browser language code ('zh-Hans', 'zh_CN', 'ja-JP', ...) to ours."""
    code = (lang or "").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-hans"
    if code.startswith("ja"):
        return "ja"
    return "en"


def tr(table: dict[str, tuple[str, str, str]], key: str, lang: str) -> str:
    """Look up ``key`` in a table of (zh-hans, en, ja) triples."""
    return table[key][LANGS.index(normalise_lang(lang))]


# Indicator names for titles and column headers.
INDICATOR_NAMES = {
    "haz": ("年龄别身长/身高", "Length/height-for-age", "年齢別身長"),
    "waz": ("年龄别体重", "Weight-for-age", "年齢別体重"),
    "whz": ("身长/身高别体重", "Weight-for-length/height", "身長別体重"),
    "wfl": ("身长别体重", "Weight-for-length", "身長別体重（臥位）"),
    "wfh": ("身高别体重", "Weight-for-height", "身長別体重（立位）"),
    "baz": ("年龄别BMI", "BMI-for-age", "年齢別BMI"),
    "muacz": ("年龄别上臂围", "MUAC-for-age", "年齢別上腕周囲長"),
}

CHART = {
    "boys": ("男孩", "Boys", "男児"),
    "girls": ("女孩", "Girls", "女児"),
    "age_months": ("年龄（月）", "Age (months)", "月齢（か月）"),
    "age_years": ("年龄（岁）", "Age (years)", "年齢（歳）"),
    "length_cm": ("身长/身高（厘米）", "Length/height (cm)", "身長（cm）"),
    "weight_kg": ("体重（千克）", "Weight (kg)", "体重（kg）"),
    "bmi": ("BMI（千克/平方米）", "BMI (kg/m²)", "BMI（kg/m²）"),
    "muac_cm": ("上臂围（厘米）", "MUAC (cm)", "上腕周囲長（cm）"),
    "source_2006": ("世卫组织儿童生长标准（2006）", "WHO Child Growth Standards (2006)", "WHO子ども成長基準（2006）"),
    "source_2007": ("世卫组织生长参考值（2007）", "WHO Growth Reference (2007)", "WHO成長参照値（2007）"),
}

# Columns added to a scored sheet.
SHEET_COLUMNS = {
    "age_months": ("月龄", "Age (months)", "月齢"),
    "bmi": ("BMI", "BMI", "BMI"),
    "haz": ("年龄别身高Z", "HAZ", "年齢別身長Z"),
    "waz": ("年龄别体重Z", "WAZ", "年齢別体重Z"),
    "whz": ("身高别体重Z", "WHZ", "身長別体重Z"),
    "baz": ("年龄别BMI Z", "BAZ", "年齢別BMI Z"),
    "muacz": ("年龄别上臂围Z", "MUAC Z", "年齢別上腕周囲長Z"),
    "flags": ("需复测", "Re-measure", "要再測定"),
    "findings": ("评价", "Findings", "評価"),
    "problem": ("问题", "Problem", "問題"),
}

# Reasons a sheet row could not be scored; {col} and {value} are filled in.
SHEET_ERRORS = {
    "row": ("第 {row} 行：{reason}", "Row {row}: {reason}", "{row} 行目：{reason}"),
    "no_sex": ("缺少性别", "sex is missing", "性別がありません"),
    "bad_sex": (
        "无法识别性别“{value}”（请填 男/女）",
        'cannot read sex "{value}" (use male/female)',
        "性別「{value}」を読み取れません（男/女で入力）",
    ),
    "no_age": (
        "缺少出生日期或测量日期（或月龄）",
        "date of birth or measurement date (or age) is missing",
        "生年月日または測定日（または月齢）がありません",
    ),
    "bad_date": (
        "“{col}”不是有效日期：“{value}”",
        '"{col}" is not a valid date: "{value}"',
        "「{col}」が正しい日付ではありません：「{value}」",
    ),
    "bad_number": (
        "“{col}”不是数字：“{value}”",
        '"{col}" is not a number: "{value}"',
        "「{col}」が数値ではありません：「{value}」",
    ),
    "bad_choice": (
        "无法识别“{col}”的值“{value}”",
        'cannot read "{value}" in "{col}"',
        "「{col}」の値「{value}」を読み取れません",
    ),
    "before_birth": (
        "测量日期早于出生日期",
        "measurement date is before the date of birth",
        "測定日が生年月日より前です",
    ),
    "too_old": (
        "年龄超过 19 岁，世卫组织标准不适用",
        "older than 19 years: WHO growth standards do not apply",
        "19歳を超えているため、WHO基準は使えません",
    ),
    "no_measurement": ("没有体重、身高或上臂围", "no weight, height or MUAC", "体重・身長・上腕周囲長がありません"),
    "no_header": (
        "找不到表头（至少需要性别和一项测量值）",
        "no header row found (need at least sex and one measurement)",
        "見出し行が見つかりません（性別と測定値が少なくとも1つ必要です）",
    ),
}

NO_FINDINGS = ("未发现生长问题", "No growth problem found", "成長上の問題は見つかりません")
FINDING_SEPARATOR = {"zh-hans": "；", "en": "; ", "ja": "；"}
