"""Nutrition finding codes from z-scores, MUAC and oedema (texts: measurements.texts).

Cut-offs: WHO NLiS / WHO-UNICEF 2009 for 0-5 years, de Onis et al. 2007 for
5-19 years. "Below -2" is strict (z < -2), as in WHO anthro's prevalence code.
Values flagged as implausible are left out of every finding except their own
``implausible_*`` one, as WHO advises (exclude and re-measure).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from growth.engine import DAYS_PER_MONTH, INDICATORS, WHO_2007, BatchResult

# MUAC cut-offs for 6-59 months (WHO/UNICEF 2009: SAM cut-off raised to 115 mm).
MUAC_SAM_BELOW_MM = 115
MUAC_MAM_BELOW_MM = 125


@dataclass(frozen=True)
class Finding:
    """A finding code and its level; the sentences are the caller's (e.g. measurements.texts)."""

    code: str
    level: str  # "severe", "moderate" or "check" (re-measure)


_LEVELS = {
    "sam": "severe",
    "oedema": "severe",
    "mam": "moderate",
    "wasting_severe": "severe",
    "wasting_moderate": "moderate",
    "stunting_severe": "severe",
    "stunting_moderate": "moderate",
    "underweight_severe": "severe",
    "underweight_moderate": "moderate",
    "thinness_severe": "severe",
    "thinness_moderate": "moderate",
    "obesity": "severe",
    "overweight": "moderate",
} | {f"implausible_{ind.code}": "check" for ind in INDICATORS}

# Display order: most serious first.
FINDINGS: dict[str, Finding] = {code: Finding(code, level) for code, level in _LEVELS.items()}

# The findings that judge one indicator, most serious first. A page shows only the most serious
# finding of each (SAM, not also MAM or wasting; severe stunting, not also stunting): one reason, one
# thing to do. SAM includes oedema and WHZ < -3, so it stands for both. The stored findings keep
# every code, because the risk rules test each of them.
INDICATOR_GROUPS: tuple[tuple[str, ...], ...] = (
    ("sam", "oedema", "wasting_severe", "mam", "wasting_moderate"),
    ("stunting_severe", "stunting_moderate"),
    ("underweight_severe", "underweight_moderate"),
    ("thinness_severe", "thinness_moderate"),
    ("obesity", "overweight"),
)
_RANK = {code: (group, rank) for group, codes in enumerate(INDICATOR_GROUPS) for rank, code in enumerate(codes)}


def most_severe(codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The codes to show, in the order given: of each indicator only its most serious finding.

    Codes of no group (the implausible-value checks, codes of another engine version) are kept."""
    best: dict[int, int] = {}
    for code in codes:
        if code in _RANK:
            group, rank = _RANK[code]
            best[group] = min(rank, best.get(group, rank))
    return tuple(code for code in codes if code not in _RANK or best[_RANK[code][0]] == _RANK[code][1])


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
