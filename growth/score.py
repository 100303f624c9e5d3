"""Per-child results: :func:`score_one` and :func:`to_scores` over a batch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from growth.classify import row_findings
from growth.engine import BatchResult, score_batch


@dataclass(frozen=True)
class Score:
    """Scores of one measurement; None where not computable."""

    haz: float | None
    waz: float | None
    whz: float | None
    baz: float | None
    muacz: float | None
    hcz: float | None
    tsz: float | None
    ssz: float | None
    flagged: frozenset[str]  # indicator codes with WHO-implausible values
    findings: tuple[str, ...]  # finding codes, most serious first
    standard: int  # engine.NO_STANDARD, WHO_2006 or WHO_2007
    age_days: int | None
    height_cm: float | None  # after the 0.7 cm position correction
    bmi: float | None
    whz_by_length: bool | None  # table used for whz; None when whz is None


def _opt(v: float) -> float | None:
    return None if np.isnan(v) else float(v)


def to_scores(res: BatchResult) -> list[Score]:
    """One :class:`Score` per row of a batch result."""
    findings = row_findings(res)
    out = []
    for i, codes in enumerate(findings):
        z = {code: _opt(v[i]) for code, v in res.z.items()}
        age = _opt(res.age_days[i])
        out.append(
            Score(
                **z,
                flagged=frozenset(code for code, f in res.flagged.items() if f[i]),
                findings=codes,
                standard=int(res.standard[i]),
                age_days=None if age is None else int(age),
                height_cm=_opt(res.height_cm[i]),
                bmi=_opt(res.bmi[i]),
                whz_by_length=None if z["whz"] is None else bool(res.whz_by_length[i]),
            )
        )
    return out


def score_one(
    sex: int,
    age_days: float | None,
    weight_kg: float | None = None,
    length_cm: float | None = None,
    measured_lying: bool | None = None,
    muac_mm: float | None = None,
    oedema: bool = False,
    *,
    head_cm: float | None = None,
    triceps_mm: float | None = None,
    subscapular_mm: float | None = None,
) -> Score:
    """Score one measurement through the same code path as ``score_batch``."""
    res = score_batch(
        [sex],
        [age_days],
        [weight_kg],
        [length_cm],
        [measured_lying],
        [muac_mm],
        [oedema],
        head_cm=[head_cm],
        triceps_mm=[triceps_mm],
        subscapular_mm=[subscapular_mm],
    )
    return to_scores(res)[0]
