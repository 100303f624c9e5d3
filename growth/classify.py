"""Nutrition findings from z-scores, MUAC and oedema, with plain-language texts.

Cut-offs: WHO NLiS / WHO-UNICEF 2009 for 0-5 years, de Onis et al. 2007 for
5-19 years. "Below -2" is strict (z < -2), as in WHO anthro's prevalence code.
Values flagged as implausible are left out of every finding except their own
``implausible_*`` one, as WHO advises (exclude and re-measure).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from growth.engine import DAYS_PER_MONTH, INDICATORS, WHO_2007, BatchResult
from growth.i18n import normalise_lang

# MUAC cut-offs for 6-59 months (WHO/UNICEF 2009: SAM cut-off raised to 115 mm).
MUAC_SAM_BELOW_MM = 115
MUAC_MAM_BELOW_MM = 125


@dataclass(frozen=True)
class Finding:
    """A finding code with its level and a sentence per language."""

    code: str
    level: str  # "severe", "moderate" or "check" (re-measure)
    text: dict[str, str]  # keyed by "zh-hans", "en", "ja"


def _f(code: str, level: str, zh: str, en: str, ja: str) -> Finding:
    return Finding(code, level, {"zh-hans": zh, "en": en, "ja": ja})


_CHECK = {
    # code: (zh, en, ja) names of the indicator and its WHO flag limits
    "haz": ("年龄别身长/身高", "Length/height-for-age", "年齢別身長", "−6", "+6"),
    "waz": ("年龄别体重", "Weight-for-age", "年齢別体重", "−6", "+5"),
    "whz": ("身长/身高别体重", "Weight-for-length/height", "身長別体重", "−5", "+5"),
    "baz": ("年龄别BMI", "BMI-for-age", "年齢別BMI", "−5", "+5"),
    "muacz": ("年龄别上臂围", "MUAC-for-age", "年齢別上腕周囲長", "−5", "+5"),
}

# Display order: most serious first.
FINDINGS: dict[str, Finding] = {
    f.code: f
    for f in [
        _f(
            "sam",
            "severe",
            "重度急性营养不良：身长/身高别体重低于 −3 个标准差、上臂围小于 115 毫米或有水肿。请当天转介到医疗机构。",
            "Severe acute malnutrition: weight-for-height below −3 SD, MUAC under 115 mm or oedema. "
            "Refer the child to a health facility today.",
            "重度急性栄養不良：身長別体重が−3SD未満、上腕周囲長が115mm未満、または浮腫があります。"
            "本日中に医療機関につないでください。",
        ),
        _f(
            "oedema",
            "severe",
            "有双侧凹陷性水肿：不计算与体重相关的 Z 评分，按重度急性营养不良处理。",
            "Bilateral pitting oedema: weight-based z-scores are not calculated and the child counts "
            "as severely malnourished.",
            "両側性の圧痕性浮腫があります：体重に基づくZスコアは計算せず、重度急性栄養不良として扱います。",
        ),
        _f(
            "mam",
            "moderate",
            "中度急性营养不良：身长/身高别体重在 −3 至 −2 个标准差之间，或上臂围为 115 至不足 125 毫米。"
            "请安排营养评估并随访。",
            "Moderate acute malnutrition: weight-for-height between −3 and −2 SD, or MUAC from 115 to "
            "under 125 mm. Arrange a nutrition check and follow-up.",
            "中等度急性栄養不良：身長別体重が−3SD以上−2SD未満、または上腕周囲長が115mm以上125mm未満です。"
            "栄養相談と経過観察を手配してください。",
        ),
        _f(
            "wasting_severe",
            "severe",
            "重度消瘦：身长/身高别体重低于 −3 个标准差（相对身高非常瘦）。",
            "Severe wasting: weight-for-length/height is below −3 SD (very thin for the child's height).",
            "重度の消耗症：身長別体重が−3SD未満です（身長に比べて非常にやせています）。",
        ),
        _f(
            "wasting_moderate",
            "moderate",
            "中度消瘦：身长/身高别体重低于 −2 个标准差（相对身高偏瘦）。",
            "Moderate wasting: weight-for-length/height is below −2 SD (thin for the child's height).",
            "中等度の消耗症：身長別体重が−2SD未満です（身長に比べてやせています）。",
        ),
        _f(
            "stunting_severe",
            "severe",
            "重度生长迟缓：年龄别身长/身高低于 −3 个标准差（明显矮于同龄儿童）。",
            "Severe stunting: length/height-for-age is below −3 SD (much shorter than children of the same age).",
            "重度の発育阻害：年齢別身長が−3SD未満です（同じ年齢の子どもよりかなり背が低い）。",
        ),
        _f(
            "stunting_moderate",
            "moderate",
            "中度生长迟缓：年龄别身长/身高低于 −2 个标准差（矮于同龄儿童）。",
            "Moderate stunting: length/height-for-age is below −2 SD (shorter than children of the same age).",
            "中等度の発育阻害：年齢別身長が−2SD未満です（同じ年齢の子どもより背が低い）。",
        ),
        _f(
            "underweight_severe",
            "severe",
            "重度低体重：年龄别体重低于 −3 个标准差。",
            "Severe underweight: weight-for-age is below −3 SD.",
            "重度の低体重：年齢別体重が−3SD未満です。",
        ),
        _f(
            "underweight_moderate",
            "moderate",
            "中度低体重：年龄别体重低于 −2 个标准差。",
            "Moderate underweight: weight-for-age is below −2 SD.",
            "中等度の低体重：年齢別体重が−2SD未満です。",
        ),
        _f(
            "thinness_severe",
            "severe",
            "重度消瘦（5–19岁）：年龄别BMI低于 −3 个标准差。",
            "Severe thinness (5–19 years): BMI-for-age is below −3 SD.",
            "重度のやせ（5〜19歳）：年齢別BMIが−3SD未満です。",
        ),
        _f(
            "thinness_moderate",
            "moderate",
            "消瘦（5–19岁）：年龄别BMI低于 −2 个标准差。",
            "Thinness (5–19 years): BMI-for-age is below −2 SD.",
            "やせ（5〜19歳）：年齢別BMIが−2SD未満です。",
        ),
        _f(
            "obesity",
            "severe",
            "肥胖：身长/身高别体重高于 +3 个标准差（5岁以下），或年龄别BMI高于 +2 个标准差（5–19岁）。",
            "Obesity: weight-for-height above +3 SD (under 5) or BMI-for-age above +2 SD (5–19 years).",
            "肥満：身長別体重が+3SD超（5歳未満）、または年齢別BMIが+2SD超（5〜19歳）です。",
        ),
        _f(
            "overweight",
            "moderate",
            "超重：身长/身高别体重高于 +2 个标准差（5岁以下），或年龄别BMI高于 +1 个标准差（5–19岁）。",
            "Overweight: weight-for-height above +2 SD (under 5) or BMI-for-age above +1 SD (5–19 years).",
            "過体重：身長別体重が+2SD超（5歳未満）、または年齢別BMIが+1SD超（5〜19歳）です。",
        ),
    ]
    + [
        _f(
            f"implausible_{code}",
            "check",
            f"{zh}Z评分超出世卫组织合理范围（{lo} 至 {hi}）：请核对出生日期和测量值，并复测。",
            f"{en} z-score is outside WHO's plausible range ({lo} to {hi}): check the date of birth "
            "and the measurements, and measure again.",
            f"{ja}のZスコアがWHOの妥当範囲（{lo}〜{hi}）の外です：生年月日と測定値を確認し、測り直してください。",
        )
        for code, (zh, en, ja, lo, hi) in _CHECK.items()
    ]
}


def classify(res: BatchResult) -> dict[str, np.ndarray]:
    """Boolean mask per finding code (keys in :data:`FINDINGS` order)."""
    z = {code: np.where(res.flagged[code], np.nan, v) for code, v in res.z.items()}
    haz, waz, whz, baz = z["haz"], z["waz"], z["whz"], z["baz"]
    months = res.age_days / DAYS_PER_MONTH
    under5 = ~(months >= 60)  # unknown age included: WHZ alone can still say SAM
    muac_age = (months >= 6) & (months < 60)
    muac = res.muac_mm
    ref = res.standard == WHO_2007
    # Oedema means SAM at any age (WHO); whz only exists for 0-5 years.
    sam = (under5 & (whz < -3)) | res.oedema | (muac_age & (muac < MUAC_SAM_BELOW_MM))
    mam = ~sam & ((under5 & (whz < -2)) | (muac_age & (muac < MUAC_MAM_BELOW_MM)))

    def band(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
        return (v >= lo) & (v < hi)

    masks = {
        "sam": sam,
        "oedema": res.oedema.copy(),
        "mam": mam,
        "wasting_severe": whz < -3,
        "wasting_moderate": band(whz, -3, -2),
        "stunting_severe": haz < -3,
        "stunting_moderate": band(haz, -3, -2),
        "underweight_severe": waz < -3,
        "underweight_moderate": band(waz, -3, -2),
        "thinness_severe": ref & (baz < -3),
        "thinness_moderate": ref & band(baz, -3, -2),
        "obesity": (whz > 3) | (ref & (baz > 2)),
        "overweight": ((whz > 2) & (whz <= 3)) | (ref & (baz > 1) & (baz <= 2)),
    }
    for ind in INDICATORS:
        masks[f"implausible_{ind.code}"] = res.flagged[ind.code].copy()
    return masks


def row_findings(res: BatchResult, masks: dict[str, np.ndarray] | None = None) -> list[tuple[str, ...]]:
    """Finding codes for each row, most serious first."""
    masks = classify(res) if masks is None else masks
    rows: list[list[str]] = [[] for _ in range(len(res))]
    for code in FINDINGS:
        for i in np.flatnonzero(masks[code]):
            rows[i].append(code)
    return [tuple(r) for r in rows]


def describe(codes: tuple[str, ...] | list[str], lang: str = "zh-hans") -> list[str]:
    """Sentences for finding codes in ``lang`` ('zh-hans', 'en' or 'ja')."""
    key = normalise_lang(lang)
    return [FINDINGS[c].text[key] for c in codes]
