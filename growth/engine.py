"""Vectorised WHO z-scores for children aged 0-19 years.

Rules follow WHO anthro (0-5 years, WHO Child Growth Standards 2006) and WHO
anthroplus (5-19 years, WHO Growth Reference 2007); see docs/growth.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from growth.lms import zscore
from growth.tables import LmsTable, tables

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

MALE = 1
FEMALE = 2

DAYS_PER_MONTH = 30.4375  # 365.25 / 12, as in WHO anthro and anthroplus
# The 2006 day tables end at day 1856 (used for charts); scores switch earlier,
# see REFERENCE_FROM_MONTHS.
LAST_STANDARD_DAY = 1856
# WHO anthro scores only ages under 60 months (exact, unrounded months:
# R/z-score-helper.R, ``valid_age <- age_in_months < 60``) and WHO anthroplus
# from 60.0 months (R/zscores.R, ``age_in_months >= 60``), so the 2007
# reference takes over at 60 months = 1826.25 days.
REFERENCE_FROM_MONTHS = 60.0
# WHO anthro: children under 731 days are measured lying (length), older ones
# standing (height); the other position is corrected by 0.7 cm.
LENGTH_AGE_LIMIT_DAYS = 731
POSITION_CORRECTION_CM = 0.7
# WHO anthro >= 1.1.0 (R/z-score.R, ``c9mo_flag``): "standing" under 9 months
# (exact months) is implausible and treated as position unknown: no 0.7 cm added.
STANDING_FROM_MONTHS = 9.0
# WHO anthro: with neither age nor position, weight-for-length is used below 87 cm.
WFL_WITHOUT_AGE_BELOW_CM = 87.0

# Values of BatchResult.standard
NO_STANDARD = 0
WHO_2006 = 1  # WHO Child Growth Standards, under 60 months
WHO_2007 = 2  # WHO Growth Reference 2007, 60-228 months

DEFAULT_CHUNK = 16_384  # 128 KiB per float column: temporaries stay in cache


@dataclass(frozen=True)
class Indicator:
    """A z-score indicator and WHO's limits for implausible values."""

    code: str
    restricted: bool  # WHO's restricted z beyond +/-3 SD (weight-based, BMI, MUAC)
    flag_low: float
    flag_high: float


# Flag limits: WHO anthro (zlen |z|>6, zwei <-6 or >5, zwfl/zbmi/zac |z|>5);
# anthroplus uses the same limits for HAZ, WAZ and BAZ.
HAZ = Indicator("haz", restricted=False, flag_low=-6, flag_high=6)
WAZ = Indicator("waz", restricted=True, flag_low=-6, flag_high=5)
WHZ = Indicator("whz", restricted=True, flag_low=-5, flag_high=5)
BAZ = Indicator("baz", restricted=True, flag_low=-5, flag_high=5)
MUACZ = Indicator("muacz", restricted=True, flag_low=-5, flag_high=5)
# WHO 2006 expanded indicators (0-5 years only; no 2007 reference exists for them).
# WHO anthro flags zhc, zts and zss beyond +/-5; the skinfolds use the restricted
# z-score (anthro's compute_zscore_adjusted), head circumference has L = 1.
HCZ = Indicator("hcz", restricted=False, flag_low=-5, flag_high=5)
TSZ = Indicator("tsz", restricted=True, flag_low=-5, flag_high=5)
SSZ = Indicator("ssz", restricted=True, flag_low=-5, flag_high=5)
INDICATORS = (HAZ, WAZ, WHZ, BAZ, MUACZ, HCZ, TSZ, SSZ)


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Per-row arrays; NaN means "not computable" (missing input or out of range).

    ``z`` and ``flagged`` are keyed by indicator code (``haz``, ``waz``, ``whz``,
    ``baz``, ``muacz``, ``hcz``, ``tsz``, ``ssz``). z-scores are rounded to 2 decimals as WHO anthro does,
    and ``flagged`` marks WHO's implausible values.
    """

    z: dict[str, np.ndarray]
    flagged: dict[str, np.ndarray]
    age_days: np.ndarray  # rounded to whole days
    standard: np.ndarray  # WHO dataset of the row's scores: NO_STANDARD, WHO_2006 or WHO_2007
    height_cm: np.ndarray  # length/height after the 0.7 cm position correction
    weight_kg: np.ndarray
    bmi: np.ndarray
    muac_mm: np.ndarray
    oedema: np.ndarray
    whz_by_length: np.ndarray  # True: weight-for-length table, False: -for-height

    def __len__(self) -> int:
        return len(self.age_days)

    @classmethod
    def empty(cls, n: int) -> BatchResult:
        def nan() -> np.ndarray:
            return np.full(n, np.nan)

        return cls(
            z={ind.code: nan() for ind in INDICATORS},
            flagged={ind.code: np.zeros(n, dtype=bool) for ind in INDICATORS},
            age_days=nan(),
            standard=np.zeros(n, dtype=np.int8),
            height_cm=nan(),
            weight_kg=nan(),
            bmi=nan(),
            muac_mm=nan(),
            oedema=np.zeros(n, dtype=bool),
            whz_by_length=np.zeros(n, dtype=bool),
        )


def _columns(*values: ArrayLike | None) -> list[np.ndarray]:
    """Float columns broadcast to one length; None (anywhere) becomes NaN."""
    arrays = [None if v is None else np.atleast_1d(np.asarray(v, dtype=float)) for v in values]
    (n,) = np.broadcast_shapes(*(a.shape for a in arrays if a is not None))
    return [np.full(n, np.nan) if a is None else np.broadcast_to(a, (n,)) for a in arrays]


def _fill(
    out: np.ndarray, rows: np.ndarray, table: LmsTable, sex0: np.ndarray, x: np.ndarray, y: np.ndarray, restricted: bool
) -> None:
    """Write z-scores of ``y`` into ``out[rows]`` where ``x`` is inside ``table``.

    ``sex0``, ``x`` and ``y`` are already restricted to ``rows``.
    """
    sel, pos = table.locate(x, ~np.isnan(y))
    if sel is not None:
        if sel.size == 0:
            return
        rows, sex0, y = rows[sel], sex0[sel], y[sel]
    l, m, s = table.at(sex0, pos)  # noqa: E741
    out[rows] = zscore(y, None if table.l_is_one else l, m, s, restricted=restricted)


def _score_chunk(
    res: BatchResult,
    sl: slice,
    sex: np.ndarray,
    age: np.ndarray,
    weight: np.ndarray,
    length: np.ndarray,
    lying: np.ndarray,
    muac: np.ndarray,
    oedema: np.ndarray,
    head: np.ndarray,
    triceps: np.ndarray,
    subscapular: np.ndarray,
) -> None:
    t = tables()
    known = (sex == MALE) | (sex == FEMALE)
    sex0 = (sex == FEMALE).astype(np.intp)

    def positive(v: np.ndarray) -> np.ndarray:
        # WHO anthro treats measurements <= 0 as missing; unknown sex scores nothing.
        return np.where(known & (v > 0), v, np.nan)

    # WHO anthro rounds fractional days half up for the day tables (R/utils.R
    # ``round_up``: 730.5 -> 731, where numpy/R round() would give 730); months
    # stay exact (``age_to_months``), as anthro's 60- and 9-month limits and
    # anthroplus's interpolation between monthly rows use them.
    valid = age >= 0
    days = np.where(valid, np.floor(age + 0.5), np.nan)
    months = np.where(valid, age / DAYS_PER_MONTH, np.nan)
    std = months < REFERENCE_FROM_MONTHS
    ref = months >= REFERENCE_FROM_MONTHS
    no_age = ~valid
    lying = np.where((lying == 0) & (months < STANDING_FROM_MONTHS), np.nan, lying)

    height = positive(length)
    height[std & (days < LENGTH_AGE_LIMIT_DAYS) & (lying == 0)] += POSITION_CORRECTION_CM
    height[std & (days >= LENGTH_AGE_LIMIT_DAYS) & (lying == 1)] -= POSITION_CORRECTION_CM
    weight = positive(weight)
    bmi = weight / (height * height) * 10_000
    # Oedema adds water weight: WHO computes no weight-based z-score then.
    weight_z = np.where(oedema, np.nan, weight)
    bmi_z = np.where(oedema, np.nan, bmi)
    muac = positive(muac)

    # WHO anthro picks the table by age (< 731 days: length); without age by the
    # recorded position; with neither, by length below 87 cm.
    by_length = np.where(
        no_age,
        np.where(np.isnan(lying), height < WFL_WITHOUT_AGE_BELOW_CM, lying == 1),
        days < LENGTH_AGE_LIMIT_DAYS,
    )
    whz = std | no_age

    # Rows are grouped by the table axis they need; the 2006 day tables and the
    # 2007 month tables do not overlap in age, so no row is scored twice.
    # MUAC-for-age is in cm and starts at day 91; the table limits also stop
    # weight-for-age at 120 months.
    std_items = [(HAZ, "lhfa", height), (WAZ, "wfa", weight_z), (BAZ, "bfa", bmi_z), (MUACZ, "acfa", muac / 10)]
    # Head circumference in cm from day 0; skinfolds in mm from day 91 (WHO 2006 expanded tables).
    std_items += [(HCZ, "hcfa", positive(head)), (TSZ, "tsfa", positive(triceps)), (SSZ, "ssfa", positive(subscapular))]
    ref_items = [(HAZ, "hfa_2007", height), (WAZ, "wfa_2007", weight_z), (BAZ, "bfa_2007", bmi_z)]
    groups: list[tuple[np.ndarray, np.ndarray, list[tuple[Indicator, str, np.ndarray]]]] = [
        (std, days, std_items),
        (ref, months, ref_items),
        (whz & by_length, height, [(WHZ, "wfl", weight_z)]),
        (whz & ~by_length, height, [(WHZ, "wfh", weight_z)]),
    ]
    out = {code: z[sl] for code, z in res.z.items()}  # views: results are written in place
    for mask, x_all, items in groups:
        rows = np.flatnonzero(mask)
        if rows.size:
            x, s0 = x_all[rows], sex0[rows]
            for ind, name, y in items:
                _fill(out[ind.code], rows, t[name], s0, x, y[rows], ind.restricted)

    for ind in INDICATORS:
        zi = out[ind.code]
        np.round(zi, 2, out=zi)
        # Flags are checked on the rounded value, so a shown 5.00 is never flagged.
        res.flagged[ind.code][sl] = (zi < ind.flag_low) | (zi > ind.flag_high)

    res.age_days[sl] = days
    # Without an age only weight-for-length/height can be scored, from the 2006 standard.
    std |= no_age & ~np.isnan(out["whz"])
    res.standard[sl] = np.where(std, WHO_2006, np.where(months <= t["hfa_2007"].end, WHO_2007, NO_STANDARD))
    res.height_cm[sl] = height
    res.weight_kg[sl] = weight
    res.bmi[sl] = bmi
    res.muac_mm[sl] = muac
    res.oedema[sl] = oedema & known
    res.whz_by_length[sl] = by_length


def score_batch(
    sex: ArrayLike,
    age_days: ArrayLike | None = None,
    weight_kg: ArrayLike | None = None,
    length_cm: ArrayLike | None = None,
    measured_lying: ArrayLike | None = None,
    muac_mm: ArrayLike | None = None,
    oedema: ArrayLike | None = None,
    *,
    head_cm: ArrayLike | None = None,
    triceps_mm: ArrayLike | None = None,
    subscapular_mm: ArrayLike | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> BatchResult:
    """Score many measurements in one call.

    ``sex``: 1 = male, 2 = female (anything else scores nothing). ``age_days``:
    age at measurement in days, fractional allowed (an age in months is months x
    30.4375; WHO anthro's rounding is applied here). ``measured_lying``: 1/True lying (length), 0/False
    standing (height), NaN/None unknown. ``muac_mm``: mid-upper arm circumference
    in millimetres. ``oedema``: bilateral pitting oedema, truthy = yes.
    ``head_cm``: head circumference; ``triceps_mm``, ``subscapular_mm``: skinfolds. Scalars
    broadcast; None or NaN means missing. Work is done ``chunk_size`` rows at a
    time so temporary memory stays bounded.
    """
    cols = _columns(
        sex, age_days, weight_kg, length_cm, measured_lying, muac_mm, oedema, head_cm, triceps_mm, subscapular_mm
    )
    cols[6] = cols[6] == 1  # oedema: NaN/None counts as "no", like anthro's default "n"
    n = len(cols[0])
    res = BatchResult.empty(n)
    for start in range(0, n, chunk_size):
        sl = slice(start, start + chunk_size)
        _score_chunk(res, sl, *(c[sl] for c in cols))
    return res
