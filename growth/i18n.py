"""Chart texts in zh-hans, en and ja, and the language-code mapping (no gettext: growth imports no Django)."""

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
