"""Survey prevalence for children under 5, as WHO anthro's ``anthro_prevalence`` computes it,
and for 5-19 years, as WHO anthroplus's ``anthroplus_prevalence`` does.

For each indicator (stunting, wasting, underweight, overweight and their severe forms) the share
of children beyond the WHO cut-off, for all children, by sex and by anthro's age groups, with a
95 % confidence interval and the WHO-UNICEF prevalence band. Pure Python + NumPy, no Django.

5-19 years (anthroplus ``R/prevalence.R``): ages 61 to 228 months inclusive (anthroplus scores
from 60.0 months but its prevalence starts at 61: children of 60 months are in neither table);
stunting (HAZ < -2, < -3), underweight (WAZ < -2, < -3; only defined to 120 months, so, as
anthroplus, given for the age groups only, here the 5-9 group), thinness (BAZ < -2, < -3),
overweight (BAZ > +1) and obesity (BAZ > +2); anthroplus's wider age groups ``cut(months,
c(61, 120, 180, 229), right = FALSE)``; oedema counts as z = -3.1 for weight-for-age and BMI.
Same flags, design and interval as under 5. There are no WHO prevalence bands for 5-19 years.

What follows WHO anthro (``R/prevalence.R``, ``R/utils.R`` of WorldHealthOrganization/anthro):

- Rows: age up to 1826 days or unknown; rows without a cluster or stratum are left out. A
  missing sampling weight counts as 0 (the row is left out of the estimate).
- Flagged (implausible) z-scores are missing. Oedema counts as below -3 SD for weight-for-age
  and weight-for-height (anthro's auxiliary z of -3.1), so the child is in the denominator and,
  for underweight and wasting, in the numerator.
- Cut-offs are strict: z < -2, z < -3, z > +2 (DOMAIN.md §7.3).
- Age groups ``cut(months, c(0, 6, 12, 24, 36, 48, 60), right = FALSE)``.
- The interval is ``survey::svyciprop(method = "logit")`` with ``df = degf(design)``: the
  proportion's standard error by Taylor linearisation (with-replacement, "ultimate cluster"),
  turned into an interval on the logit scale with Student's t: expit(logit(p) ± t·SE/(p(1−p))).
  Without clusters (or with one) each child is its own sampling unit (simple random sampling).
  A group is a domain of the whole design: its variance counts every sampling unit of the
  stratum, and df is (number of sampling units − number of strata) of the whole survey. A
  stratum with one sampling unit is centred on the mean of all units (``survey.lonely.psu =
  "adjust"``, which anthro sets). Clusters are taken as nested in strata (anthro stops with
  an error when they are not).
- At 0 % or 100 % the logit interval is undefined (anthro prints a degenerate 0–0 or
  100–100); no interval is given then.

Bands: de Onis et al., "Prevalence thresholds for wasting, overweight and stunting in children
under 5 years", Public Health Nutrition 2019;22(1):175-179 (WHO-UNICEF TEAM; PMC6390397), which
revised the 1993-1995 ranges DOMAIN.md §7.3 lists. It gives no band for underweight, so none
is given here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from growth.engine import DAYS_PER_MONTH, FEMALE, MALE, BatchResult

MAX_AGE_DAYS = 1826  # anthro_prevalence keeps age <= 1826 days (or unknown)
# anthroplus_prevalence keeps 61 <= months <= 228. Ages here are whole days (the engine rounds
# them), so the limits are the rounded days of 61 and 228 months: 1857 and 6940.
MIN_DAYS_5_19 = 1857
MAX_DAYS_5_19 = 6940
UNDER_5 = "under5"
AGED_5_19 = "5-19"
OEDEMA_Z = -3.1  # anthro's auxiliary z for weight-based prevalence with oedema
CONFIDENCE = 0.95

# (code, lower bound in months) of anthro's age groups; each runs to the next bound, the last to 60.
AGE_GROUPS: tuple[tuple[str, float], ...] = (
    ("0-5", 0),
    ("6-11", 6),
    ("12-23", 12),
    ("24-35", 24),
    ("36-47", 36),
    ("48-59", 48),
)
_AGE_EDGES = [lower for _, lower in AGE_GROUPS] + [60]
# anthroplus's wider age groups, labelled in completed years: 61-119, 120-179, 180-228 months.
AGE_GROUPS_5_19: tuple[tuple[str, float], ...] = (("5-9", 61), ("10-14", 120), ("15-19", 180))
_AGE_EDGES_5_19 = [lower for _, lower in AGE_GROUPS_5_19] + [229]

# Bands, lowest first: (band code, prevalence % from which it applies). de Onis et al. 2019, Table 1.
BANDS: dict[str, tuple[tuple[str, float], ...]] = {
    "stunting": (("very_low", 0), ("low", 2.5), ("medium", 10), ("high", 20), ("very_high", 30)),
    "wasting": (("very_low", 0), ("low", 2.5), ("medium", 5), ("high", 10), ("very_high", 15)),
    "overweight": (("very_low", 0), ("low", 2.5), ("medium", 5), ("high", 10), ("very_high", 15)),
}


@dataclass(frozen=True)
class Indicator:
    """A prevalence: z-score ``z`` beyond ``cutoff`` (below when negative, above when positive).
    ``age_groups_only``: given for the age groups named there only (anthroplus's weight-for-age)."""

    code: str
    z: str
    cutoff: float
    age_groups_only: tuple[str, ...] = ()


INDICATORS: tuple[Indicator, ...] = (
    Indicator("stunting", "haz", -2),
    Indicator("stunting_severe", "haz", -3),
    Indicator("wasting", "whz", -2),
    Indicator("wasting_severe", "whz", -3),
    Indicator("underweight", "waz", -2),
    Indicator("underweight_severe", "waz", -3),
    Indicator("overweight", "whz", 2),
)

INDICATORS_5_19: tuple[Indicator, ...] = (
    Indicator("stunting", "haz", -2),
    Indicator("stunting_severe", "haz", -3),
    Indicator("underweight", "waz", -2, age_groups_only=("5-9",)),
    Indicator("underweight_severe", "waz", -3, age_groups_only=("5-9",)),
    Indicator("thinness", "baz", -2),
    Indicator("thinness_severe", "baz", -3),
    Indicator("overweight", "baz", 1),
    Indicator("obesity", "baz", 2),
)

# z-scores for which oedema counts as anthro's auxiliary z of -3.1 (weight-based).
_OEDEMA_Z = {UNDER_5: ("waz", "whz"), AGED_5_19: ("waz", "baz")}


@dataclass(frozen=True)
class Prevalence:
    """One line of the table. ``group`` is "all", "sex" or "age"; ``value`` "all", "male",
    "female" or an age group code. Percentages are None when the group has no child."""

    indicator: str
    group: str
    value: str
    n: int  # children with a usable z-score (unweighted)
    weighted_n: float
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    band: str | None  # a key of BANDS' levels, or None (no band for the indicator, or no child)
    survey: str = UNDER_5  # UNDER_5 (anthro) or AGED_5_19 (anthroplus; no bands)


def band(indicator: str, percent: float | None) -> str | None:
    """The WHO-UNICEF band of a prevalence in %, lower bounds inclusive (10 % stunting is "medium")."""
    if percent is None or indicator not in BANDS:
        return None
    return [code for code, lower in BANDS[indicator] if percent >= lower][-1]


def age_group(age_days: np.ndarray, edges: list[float] = _AGE_EDGES) -> np.ndarray:
    """Index into the age groups of ``edges`` (default AGE_GROUPS) per row; -1 where the age is
    unknown or outside them."""
    months = np.asarray(age_days, dtype=float) / DAYS_PER_MONTH
    idx = np.searchsorted(edges, months, side="right") - 1
    idx[np.isnan(months) | (idx < 0) | (idx >= len(edges) - 1)] = -1
    return idx


def prevalence(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Sequence[float | None] | np.ndarray | None = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[Prevalence]:
    """The prevalence table of a scored survey (children under 5): per indicator, all children,
    by sex, by age group.

    ``weight`` are sampling weights (default 1; missing counts as 0); ``cluster`` and ``strata``
    are the design's sampling units and strata (any hashable labels; None = missing).
    """
    ages = np.isnan(res.age_days) | (res.age_days <= MAX_AGE_DAYS)
    return _table(UNDER_5, INDICATORS, AGE_GROUPS, _AGE_EDGES, ages, res, sex, weight, cluster, strata)


def prevalence_5_19(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Sequence[float | None] | np.ndarray | None = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[Prevalence]:
    """The same table for 5-19 years (anthroplus: 61-228 months; age must be known)."""
    ages = (res.age_days >= MIN_DAYS_5_19) & (res.age_days <= MAX_DAYS_5_19)
    return _table(AGED_5_19, INDICATORS_5_19, AGE_GROUPS_5_19, _AGE_EDGES_5_19, ages, res, sex, weight, cluster, strata)


def has_5_19(res: BatchResult) -> bool:
    """Whether any child is in the 5-19-year prevalence's age range."""
    return bool(np.any((res.age_days >= MIN_DAYS_5_19) & (res.age_days <= MAX_DAYS_5_19)))


def _table(
    survey: str,
    indicators: tuple[Indicator, ...],
    age_groups: tuple[tuple[str, float], ...],
    edges: list[float],
    ages: np.ndarray,
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Sequence[float | None] | np.ndarray | None,
    cluster: Sequence[object] | None,
    strata: Sequence[object] | None,
) -> list[Prevalence]:
    """Rows whose age is in ``ages`` make the survey (its design too); one line per indicator and group."""
    n = len(res)
    sex = np.asarray(sex, dtype=float)
    w = np.ones(n) if weight is None else np.array([np.nan if v is None else v for v in weight], dtype=float)
    if np.any(w < 0):
        raise ValueError("sampling weights must not be negative")
    w = np.nan_to_num(w, nan=0.0)
    clusters = [None] * n if cluster is None else list(cluster)
    stratas = [1] * n if strata is None else list(strata)
    keep = ages & np.array(
        [(cluster is None or c is not None) and s is not None for c, s in zip(clusters, stratas, strict=True)],
        dtype=bool,
    )
    design = _Design([s for s, k in zip(stratas, keep, strict=True) if k], _psus(clusters, keep))
    w = w[keep]
    groups = [("all", "all", np.ones(len(w), dtype=bool))]
    groups += [("sex", name, sex[keep] == code) for name, code in (("male", MALE), ("female", FEMALE))]
    age_idx = age_group(res.age_days, edges)[keep]
    groups += [("age", code, age_idx == i) for i, (code, _) in enumerate(age_groups)]
    out = []
    for ind in indicators:
        z = np.where(res.flagged[ind.z], np.nan, res.z[ind.z])
        if ind.z in _OEDEMA_Z[survey]:
            oedema = res.oedema.astype(bool)
            if ind.z == "waz" and survey == AGED_5_19:  # weight-for-age is defined to 120 months only
                oedema &= res.age_days / DAYS_PER_MONTH <= 120
            z = np.where(oedema, OEDEMA_Z, z)
        z = z[keep]
        has = ~np.isnan(z)
        y = (z < ind.cutoff) if ind.cutoff < 0 else (z > ind.cutoff)
        for group, value, members in groups:
            if ind.age_groups_only and value not in ind.age_groups_only:
                continue
            line = _estimate(ind.code, group, value, y.astype(float), w, members & has, design)
            if survey != UNDER_5:  # no WHO bands for 5-19 years
                line = replace(line, band=None, survey=survey)
            out.append(line)
    return out


def _psus(clusters: list[object], keep: np.ndarray) -> list[object]:
    """Sampling unit per kept row: its cluster, or the row itself when there is at most one cluster."""
    kept = [c for c, k in zip(clusters, keep, strict=True) if k]
    if len(set(kept)) <= 1:  # anthro: ids = ~1 when there is just one cluster
        return list(range(len(kept)))
    return kept


class _Design:
    """Sampling units per stratum of the whole (kept) survey."""

    def __init__(self, strata: list[object], psus: list[object]) -> None:
        keys = list(zip(strata, psus, strict=True))
        unit_of = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        self.unit = np.array([unit_of[k] for k in keys], dtype=int)
        self.units = len(unit_of)
        stratum_of = {s: i for i, s in enumerate(dict.fromkeys(strata))}
        self.unit_stratum = np.zeros(self.units, dtype=int)
        for (s, _), i in unit_of.items():
            self.unit_stratum[i] = stratum_of[s]
        self.strata = len(stratum_of)
        self.df = self.units - self.strata  # survey::degf

    def variance(self, scores: np.ndarray) -> float:
        """With-replacement variance of a total of per-row ``scores`` (survey::svyrecvar)."""
        totals = np.bincount(self.unit, weights=scores, minlength=self.units)
        grand_mean = totals.mean() if self.units else 0.0
        var = 0.0
        for h in range(self.strata):
            t = totals[self.unit_stratum == h]
            if len(t) > 1:
                var += len(t) / (len(t) - 1) * float(np.sum((t - t.mean()) ** 2))
            else:  # lonely.psu = "adjust"
                var += float(np.sum((t - grand_mean) ** 2))
        return var


def _estimate(
    code: str, group: str, value: str, y: np.ndarray, w: np.ndarray, domain: np.ndarray, design: _Design
) -> Prevalence:
    wd = np.where(domain, w, 0.0)
    total = float(wd.sum())
    n = int(np.count_nonzero(domain & (w > 0)))
    if total <= 0:
        return Prevalence(code, group, value, n, total, None, None, None, None)
    p = float(np.sum(wd * y) / total)
    low = high = None
    if 0 < p < 1 and design.df > 0:
        se = math.sqrt(design.variance(wd * (y - p) / total))
        half = t_quantile((1 + CONFIDENCE) / 2, design.df) * se / (p * (1 - p))
        centre = math.log(p / (1 - p))
        low, high = 100 * _expit(centre - half), 100 * _expit(centre + half)
    percent = 100 * p
    return Prevalence(code, group, value, n, total, percent, low, high, band(code, percent))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def t_quantile(q: float, df: float) -> float:
    """Student's t quantile for 0.5 < q < 1 (bisection on the CDF; exact to ~1e-12)."""
    lo, hi = 0.0, 1.0
    while _t_cdf(hi, df) < q:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if _t_cdf(mid, df) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2


def _t_cdf(t: float, df: float) -> float:
    """P(T <= t) for t >= 0: 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2)."""
    return 1 - 0.5 * _betainc(df / 2, 0.5, df / (df + t * t))


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes' betacf)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x > (a + 1) / (a + b + 2):
        return 1 - _betainc(b, a, 1 - x)
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 500):
        for num in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return front * f / a
