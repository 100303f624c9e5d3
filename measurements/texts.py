"""Translated texts for the growth engine's codes (the engine speaks codes; these are gettext_lazy).

FINDINGS labels growth's finding codes, INDICATOR_NAMES and CHART the labels its chart asks for
(growth.chart.LABEL_KEYS). Chart labels carry the "growth chart" context: the same English words
elsewhere in the app (e.g. "Weight-for-height" as a tab name) are translated differently.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from growth.classify import most_severe

# growth.FINDINGS codes, in the engine's order (most serious first).
FINDINGS = {
    "sam": _(
        "Severe acute malnutrition: weight-for-height below −3 SD, MUAC under 115 mm or oedema. Refer the child "
        "to a health facility today."
    ),
    "oedema": _(
        "Bilateral pitting oedema: weight-based z-scores are not calculated and the child counts as severely "
        "malnourished."
    ),
    "mam": _(
        "Moderate acute malnutrition: weight-for-height between −3 and −2 SD, or MUAC from 115 to under 125 mm. "
        "Arrange a nutrition check and follow-up."
    ),
    "wasting_severe": _("Severe wasting: weight-for-length/height is below −3 SD (very thin for the child's height)."),
    "wasting_moderate": _("Moderate wasting: weight-for-length/height is below −2 SD (thin for the child's height)."),
    "stunting_severe": _(
        "Severe stunting: length/height-for-age is below −3 SD (much shorter than children of the same age)."
    ),
    "stunting_moderate": _(
        "Moderate stunting: length/height-for-age is below −2 SD (shorter than children of the same age)."
    ),
    "underweight_severe": _("Severe underweight: weight-for-age is below −3 SD."),
    "underweight_moderate": _("Moderate underweight: weight-for-age is below −2 SD."),
    "thinness_severe": _("Severe thinness (5–19 years): BMI-for-age is below −3 SD."),
    "thinness_moderate": _("Thinness (5–19 years): BMI-for-age is below −2 SD."),
    "obesity": _("Obesity: weight-for-height above +3 SD (under 5) or BMI-for-age above +2 SD (5–19 years)."),
    "overweight": _("Overweight: weight-for-height above +2 SD (under 5) or BMI-for-age above +1 SD (5–19 years)."),
    # WHO's flag limits are part of each sentence, so every indicator has a whole sentence to translate.
    "implausible_haz": _(
        "Length/height-for-age z-score is outside WHO's plausible range (−6 to +6): check the date of birth and "
        "the measurements, and measure again."
    ),
    "implausible_waz": _(
        "Weight-for-age z-score is outside WHO's plausible range (−6 to +5): check the date of birth and the "
        "measurements, and measure again."
    ),
    "implausible_whz": _(
        "Weight-for-length/height z-score is outside WHO's plausible range (−5 to +5): check the date of birth "
        "and the measurements, and measure again."
    ),
    "implausible_baz": _(
        "BMI-for-age z-score is outside WHO's plausible range (−5 to +5): check the date of birth and the "
        "measurements, and measure again."
    ),
    "implausible_muacz": _(
        "MUAC-for-age z-score is outside WHO's plausible range (−5 to +5): check the date of birth and the "
        "measurements, and measure again."
    ),
    "implausible_hcz": _(
        "Head circumference-for-age z-score is outside WHO's plausible range (−5 to +5): check the date of "
        "birth and the measurements, and measure again."
    ),
    "implausible_tsz": _(
        "Triceps skinfold-for-age z-score is outside WHO's plausible range (−5 to +5): check the date of birth "
        "and the measurements, and measure again."
    ),
    "implausible_ssz": _(
        "Subscapular skinfold-for-age z-score is outside WHO's plausible range (−5 to +5): check the date of "
        "birth and the measurements, and measure again."
    ),
}

# For a code stored by an older or newer engine that this one has no sentence for: never show the raw code,
# and never hide that something was found.
UNKNOWN_FINDING = _("A growth problem was found: see the z-scores.")

# Indicator names in chart titles ("wfl"/"wfh": the two tables behind "whz").
INDICATOR_NAMES = {
    "haz": pgettext_lazy("growth chart", "Length/height-for-age"),
    "waz": pgettext_lazy("growth chart", "Weight-for-age"),
    "whz": pgettext_lazy("growth chart", "Weight-for-length/height"),
    "wfl": pgettext_lazy("growth chart", "Weight-for-length"),
    "wfh": pgettext_lazy("growth chart", "Weight-for-height"),
    "baz": pgettext_lazy("growth chart", "BMI-for-age"),
    "muacz": pgettext_lazy("growth chart", "MUAC-for-age"),
}

CHART = {
    "boys": pgettext_lazy("growth chart", "Boys"),
    "girls": pgettext_lazy("growth chart", "Girls"),
    "age_months": pgettext_lazy("growth chart", "Age (months)"),
    "age_years": pgettext_lazy("growth chart", "Age (years)"),
    "length_cm": pgettext_lazy("growth chart", "Length/height (cm)"),
    "weight_kg": pgettext_lazy("growth chart", "Weight (kg)"),
    "bmi": pgettext_lazy("growth chart", "BMI (kg/m²)"),
    "muac_cm": pgettext_lazy("growth chart", "MUAC (cm)"),
    "source_2006": pgettext_lazy("growth chart", "WHO Child Growth Standards (2006)"),
    "source_2007": pgettext_lazy("growth chart", "WHO Growth Reference (2007)"),
}


# The z-scores in plain words first: a CWD on a phone cannot hover over "HAZ" to learn what it means.
# The abbreviation follows as a hint, for whoever compares with a clinic's card.
Z_LABELS = {
    "haz": _("Height for age"),
    "waz": _("Weight for age"),
    "whz": _("Weight for height"),
    "baz": _("BMI for age"),
    "muacz": _("Arm circumference for age"),
    "hcz": _("Head circumference for age"),
    "tsz": _("Triceps skinfold for age"),
    "ssz": _("Subscapular skinfold for age"),
}
Z_ABBREVIATIONS = {
    "haz": "HAZ",
    "waz": "WAZ",
    "whz": "WHZ",
    "baz": "BAZ",
    "muacz": "MUACZ",
    "hcz": "HCZ",
    "tsz": "TSZ",
    "ssz": "SSZ",
}
Z_EXPLAINED = _(
    "Each number compares the child with healthy children of the same age and sex: 0 is average, below −2 is "
    "low, below −3 is very low."
)

# Short names for a referral's "need" (the service reads what was found, not what the CWD should do).
FINDING_NAMES = {
    "sam": _("severe acute malnutrition"),
    "oedema": _("swelling of both feet (oedema)"),
    "mam": _("moderate acute malnutrition"),
    "wasting_severe": _("severe wasting"),
    "wasting_moderate": _("moderate wasting"),
    "stunting_severe": _("severe stunting"),
    "stunting_moderate": _("moderate stunting"),
    "underweight_severe": _("severe underweight"),
    "underweight_moderate": _("moderate underweight"),
    "thinness_severe": _("severe thinness"),
    "thinness_moderate": _("thinness"),
    "obesity": _("obesity"),
    "overweight": _("overweight"),
}


def describe(codes: tuple[str, ...] | list[str]) -> list[str]:
    """Finding sentences in the active language, in the order given, only the most serious of each
    indicator (growth.most_severe; unknown codes share one sentence)."""
    return list(dict.fromkeys(str(FINDINGS.get(code, UNKNOWN_FINDING)) for code in most_severe(codes)))


def z_scores(measurement) -> list[tuple[str, str, float]]:
    """(plain label, abbreviation, value) of each z-score the measurement has, in the chart's order."""
    return [
        (str(label), Z_ABBREVIATIONS[code], getattr(measurement, code))
        for code, label in Z_LABELS.items()
        if getattr(measurement, code) is not None
    ]


def chart_labels() -> dict[str, str]:
    """The labels growth.chart.render_chart asks for, in the active language."""
    return {key: str(text) for key, text in (INDICATOR_NAMES | CHART).items()}
