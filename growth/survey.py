"""Survey prevalence for children under 5, as WHO anthro's ``anthro_prevalence`` computes it,
and for 5-19 years, as WHO anthroplus's ``anthroplus_prevalence`` does.

For each indicator (stunting, wasting, underweight, overweight and their severe forms) the share
of children beyond the WHO cut-off, for all children, by sex, by anthro's age groups and by sex
and age group, with a 95 % confidence interval and the WHO-UNICEF prevalence band; and, as both
functions also report, the z-score summaries (``zscore_means``): per z-score the number of
z-scores, the weighted mean with its standard error and 95 % interval (``survey::svymean``,
``confint(df = degf(design))``) and the SD (``sqrt(survey::svyvar)``). Pure Python + NumPy, no
Django.

5-19 years (anthroplus ``R/prevalence.R``, 1.0.0): ages 60 to 228 months inclusive (here days
1827-6940); stunting (HAZ < -2, < -3), underweight (WAZ < -2, < -3; only defined to 120 months,
so, as anthroplus, given for the age groups only, never for all children or by sex), thinness
(BAZ < -2, < -3), overweight (BAZ > +1) and obesity (BAZ > +2); groups all, by sex,
anthroplus's one-year groups ``cut(months, c(60, 72, ..., 228, 229), right = FALSE)``
("Age Group 1", 5 ... 19 years), its wider groups ``cut(months, c(60, 120, 180, 229), right =
FALSE)`` ("Age Group 2") and sex x wider group; oedema counts as z = -3.1 for weight-for-age
and BMI. Same flags, design and interval as under 5. There are no WHO prevalence bands for
5-19 years. z-score summaries: HAZ, WAZ (age groups only), BAZ.

What follows WHO anthro (``R/prevalence.R``, ``R/utils.R`` of WorldHealthOrganization/anthro):

- Rows: age up to 1826 days or unknown; rows without a cluster or stratum are left out. A
  missing sampling weight counts as 0 (the row is left out of the estimate).
- Flagged (implausible) z-scores are missing. Oedema counts as below -3 SD for weight-for-age
  and weight-for-height (anthro's auxiliary z of -3.1), so the child is in the denominator and,
  for underweight and wasting, in the numerator.
- Cut-offs are strict: z < -2, z < -3, z > +2 (DOMAIN.md §7.3).
- Age groups ``cut(months, c(0, 6, 12, 24, 36, 48, 60), right = FALSE)``, and
  ``interaction(age_group, sex)`` ("Age + sex").
- z-score summaries of HAZ, WAZ, BAZ and WHZ: flagged z-scores are missing, and for the
  weight-based ones a child with oedema is missing too (anthro sets ``zwei``, ``zbmi``, ``zwfl``
  to NA where it gives the auxiliary -3.1). Mean = sum(w z) / sum(w) over the group; its SE by
  the same linearisation as the proportion (scores w (z - mean) / sum(w)); interval mean
  +/- t(df) SE; SD = sqrt(sum(w (z - mean)^2) / sum(w) * n / (n - 1)) (``svyvar``, n the
  children of non-zero weight; anthro's hybrid formula, used without cluster and strata,
  counts every child with a z-score).
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
# anthroplus_prevalence (1.0.0) keeps 60 <= months <= 228. Ages here are whole days (the engine
# rounds them): day 1827 is the first whole day from 60.0 months (1826.25 days), so the two tables
# meet without a gap (anthro has day 1826); day 6940 is the rounded day of 228 months.
MIN_DAYS_5_19 = 1827
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
# anthroplus's wider age groups ("Age Group 2"), labelled in completed years: 60-119, 120-179,
# 180-228 months.
AGE_GROUPS_5_19: tuple[tuple[str, float], ...] = (("5-9", 60), ("10-14", 120), ("15-19", 180))
_AGE_EDGES_5_19 = [lower for _, lower in AGE_GROUPS_5_19] + [229]
# anthroplus's one-year age groups ("Age Group 1"): 60-71 months is "5", ..., 216-227 is "18" and
# 228 months alone is "19".
YEAR_GROUPS_5_19: tuple[tuple[str, float], ...] = tuple((str(year), 12.0 * year) for year in range(5, 20))
_YEAR_EDGES_5_19 = [lower for _, lower in YEAR_GROUPS_5_19] + [229]
SEXES: tuple[tuple[str, int], ...] = (("male", MALE), ("female", FEMALE))

# Bands, lowest first: (band code, prevalence % from which it applies). de Onis et al. 2019, Table 1.
BANDS: dict[str, tuple[tuple[str, float], ...]] = {
    "stunting": (("very_low", 0), ("low", 2.5), ("medium", 10), ("high", 20), ("very_high", 30)),
    "wasting": (("very_low", 0), ("low", 2.5), ("medium", 5), ("high", 10), ("very_high", 15)),
    "overweight": (("very_low", 0), ("low", 2.5), ("medium", 5), ("high", 10), ("very_high", 15)),
}


@dataclass(frozen=True)
class Indicator:
    """A prevalence: z-score ``z`` beyond ``cutoff`` (below when negative, above when positive).
    ``max_months``: the z-score exists only to this age (anthroplus's weight-for-age, 120
    months), so, as anthroplus, the indicator is given only for age groups (one-year, wider,
    sex x age) that start before it, never for all children or by sex."""

    code: str
    z: str
    cutoff: float
    max_months: float | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator("stunting", "haz", -2),
    Indicator("stunting_severe", "haz", -3),
    Indicator("wasting", "whz", -2),
    Indicator("wasting_severe", "whz", -3),
    Indicator("underweight", "waz", -2),
    Indicator("underweight_severe", "waz", -3),
    Indicator("overweight", "whz", 2),
)

WAZ_MAX_MONTHS_5_19 = 120  # anthroplus WFA_UPPER_AGE_LIMIT
INDICATORS_5_19: tuple[Indicator, ...] = (
    Indicator("stunting", "haz", -2),
    Indicator("stunting_severe", "haz", -3),
    Indicator("underweight", "waz", -2, max_months=WAZ_MAX_MONTHS_5_19),
    Indicator("underweight_severe", "waz", -3, max_months=WAZ_MAX_MONTHS_5_19),
    Indicator("thinness", "baz", -2),
    Indicator("thinness_severe", "baz", -3),
    Indicator("overweight", "baz", 1),
    Indicator("obesity", "baz", 2),
)

# z-score summaries (mean, SE, CI, SD): anthro's HA, WA, BMI, WH; anthroplus's HA, WA, BMI.
Z_MEANS: tuple[str, ...] = ("haz", "waz", "baz", "whz")
Z_MEANS_5_19: tuple[str, ...] = ("haz", "waz", "baz")
_Z_MAX_MONTHS = {AGED_5_19: {"waz": WAZ_MAX_MONTHS_5_19}}

# z-scores for which oedema counts as anthro's auxiliary z of -3.1 (weight-based) in a prevalence,
# and which are missing for the child in a mean (anthro's create_zscore_auxiliary_columns).
_OEDEMA_Z = {UNDER_5: ("waz", "whz", "baz"), AGED_5_19: ("waz", "baz")}


@dataclass(frozen=True)
class Prevalence:
    """One line of the table. ``group`` is "all", "sex", "age", "year" (5-19 only) or
    "age_sex"; ``value`` "all", "male", "female", an age group code, a year ("5" … "19") or
    "<sex>:<age group>" ("male:6-11"). Percentages are None when the group has no child."""

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


@dataclass(frozen=True)
class ZSummary:
    """The z-score summary of one indicator (``haz``, ``waz``, ``baz``, ``whz``) in one group (as
    Prevalence): anthro's ``<HA|WA|BMI|WH>_r``, ``_se``, ``_ll``, ``_ul`` and ``_stdev``.
    All None when the group has no usable z-score; the interval and SE are None when the
    survey has no degrees of freedom, the SD when fewer than two z-scores are averaged."""

    indicator: str
    group: str
    value: str
    n: int  # z-scores averaged (unweighted; flagged ones and, for weight-based ones, oedema left out)
    weighted_n: float
    mean: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    sd: float | None
    survey: str = UNDER_5


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


Weights = Sequence[float | None] | np.ndarray | None


def prevalence(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Weights = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[Prevalence]:
    """The prevalence table of a scored survey (children under 5): per indicator, all children,
    by sex, by age group, by sex and age group.

    ``weight`` are sampling weights (default 1; missing counts as 0); ``cluster`` and ``strata``
    are the design's sampling units and strata (any hashable labels; None = missing).
    """
    return _prevalences(_survey(UNDER_5, res, sex, weight, cluster, strata), INDICATORS, res)


def prevalence_5_19(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Weights = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[Prevalence]:
    """The same table for 5-19 years (anthroplus: 60-228 months; age must be known): all, by sex,
    by year of age, by wider age group, by sex and wider age group."""
    return _prevalences(_survey(AGED_5_19, res, sex, weight, cluster, strata), INDICATORS_5_19, res)


def zscore_means(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Weights = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[ZSummary]:
    """anthro's z-score summaries (children under 5): per z-score (HAZ, WAZ, BAZ, WHZ) and group
    (as ``prevalence``), the weighted mean with its SE and 95 % CI, and the SD."""
    return _means(_survey(UNDER_5, res, sex, weight, cluster, strata), Z_MEANS, res)


def zscore_means_5_19(
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Weights = None,
    cluster: Sequence[object] | None = None,
    strata: Sequence[object] | None = None,
) -> list[ZSummary]:
    """anthroplus's z-score summaries (5-19 years: HAZ, WAZ to 120 months, BAZ), groups as
    ``prevalence_5_19``."""
    return _means(_survey(AGED_5_19, res, sex, weight, cluster, strata), Z_MEANS_5_19, res)


def has_5_19(res: BatchResult) -> bool:
    """Whether any child is in the 5-19-year prevalence's age range."""
    return bool(np.any((res.age_days >= MIN_DAYS_5_19) & (res.age_days <= MAX_DAYS_5_19)))


@dataclass
class _Group:
    group: str
    value: str
    members: np.ndarray  # over the kept rows
    from_months: float | None  # the age group's lower bound; None for all children and by sex


@dataclass
class _Survey:
    """The kept rows of one table (their design, weights and groups)."""

    code: str  # UNDER_5 or AGED_5_19
    keep: np.ndarray  # over all rows
    w: np.ndarray  # over the kept rows
    design: _Design
    groups: list[_Group]
    # anthro computes means without the survey package when there is no cluster and no strata
    # column ("simple"/"hybrid" design): its SD then counts zero-weight children in n / (n - 1).
    by_rows: bool


def _survey(
    code: str,
    res: BatchResult,
    sex: Sequence[float] | np.ndarray,
    weight: Weights,
    cluster: Sequence[object] | None,
    strata: Sequence[object] | None,
) -> _Survey:
    """Rows whose age is in the table's range make the survey (its design too)."""
    if code == UNDER_5:
        ages = np.isnan(res.age_days) | (res.age_days <= MAX_AGE_DAYS)
    else:
        ages = (res.age_days >= MIN_DAYS_5_19) & (res.age_days <= MAX_DAYS_5_19)
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
    sex = sex[keep]
    age_sets = [("age", AGE_GROUPS, _AGE_EDGES)] if code == UNDER_5 else []
    if code == AGED_5_19:  # anthroplus: one-year groups, then the wider ones
        age_sets = [("year", YEAR_GROUPS_5_19, _YEAR_EDGES_5_19), ("age", AGE_GROUPS_5_19, _AGE_EDGES_5_19)]
    groups = [_Group("all", "all", np.ones(len(sex), dtype=bool), None)]
    groups += [_Group("sex", name, sex == value, None) for name, value in SEXES]
    for kind, codes, edges in age_sets:
        idx = age_group(res.age_days, edges)[keep]
        groups += [_Group(kind, age, idx == i, lower) for i, (age, lower) in enumerate(codes)]
    wider, edges = (AGE_GROUPS, _AGE_EDGES) if code == UNDER_5 else (AGE_GROUPS_5_19, _AGE_EDGES_5_19)
    idx = age_group(res.age_days, edges)[keep]
    for name, value in SEXES:
        groups += [
            _Group("age_sex", f"{name}:{age}", (sex == value) & (idx == i), lower)
            for i, (age, lower) in enumerate(wider)
        ]
    return _Survey(code, keep, w[keep], design, groups, by_rows=cluster is None and strata is None)


def _z(survey: _Survey, res: BatchResult, code: str, oedema_z: float) -> np.ndarray:
    """The kept rows' z-scores ``code``: flagged ones missing; for weight-based ones, a child with
    oedema gets ``oedema_z`` (-3.1 for a prevalence, NaN for a mean)."""
    z = np.where(res.flagged[code], np.nan, res.z[code])
    if code in _OEDEMA_Z[survey.code]:
        oedema = res.oedema.astype(bool)
        limit = _Z_MAX_MONTHS.get(survey.code, {}).get(code)
        if limit is not None:  # anthroplus: weight-for-age is defined to 120 months only
            oedema &= res.age_days / DAYS_PER_MONTH <= limit
        z = np.where(oedema, oedema_z, z)
    return z[survey.keep]


def _shown(group: _Group, max_months: float | None) -> bool:
    """anthroplus gives weight-for-age for age groups starting before 120 months only."""
    return max_months is None or (group.from_months is not None and group.from_months < max_months)


def _prevalences(survey: _Survey, indicators: tuple[Indicator, ...], res: BatchResult) -> list[Prevalence]:
    out = []
    for ind in indicators:
        z = _z(survey, res, ind.z, OEDEMA_Z)
        has = ~np.isnan(z)
        y = (z < ind.cutoff) if ind.cutoff < 0 else (z > ind.cutoff)
        for g in survey.groups:
            if not _shown(g, ind.max_months):
                continue
            line = _estimate(ind.code, g.group, g.value, y.astype(float), survey.w, g.members & has, survey.design)
            if survey.code != UNDER_5:  # no WHO bands for 5-19 years
                line = replace(line, band=None, survey=survey.code)
            out.append(line)
    return out


def _means(survey: _Survey, codes: tuple[str, ...], res: BatchResult) -> list[ZSummary]:
    out = []
    for code in codes:
        z = _z(survey, res, code, np.nan)
        limit = _Z_MAX_MONTHS.get(survey.code, {}).get(code)
        for g in survey.groups:
            if _shown(g, limit):
                out.append(_mean(survey, code, g, z))
    return out


def _mean(survey: _Survey, code: str, g: _Group, z: np.ndarray) -> ZSummary:
    """svymean and svyvar of the domain ``g`` (anthro's compute_prevalence_zscore_summaries_by)."""
    valid = g.members & ~np.isnan(z)
    wd = np.where(valid, survey.w, 0.0)
    total = float(wd.sum())
    n = int(np.count_nonzero(valid & (survey.w > 0)))
    if total <= 0:
        return ZSummary(code, g.group, g.value, n, total, None, None, None, None, None, survey.code)
    x = np.where(valid, z, 0.0)
    mean = float(np.sum(wd * x) / total)
    se = low = high = None
    if survey.design.df > 0:
        se = math.sqrt(survey.design.variance(wd * (x - mean) / total))
        half = survey.design.t() * se
        low, high = mean - half, mean + half
    # svyvar: n / (n - 1) with n the children of non-zero weight; anthro's own formula without
    # clusters and strata counts every child with a z-score.
    count = int(np.count_nonzero(valid)) if survey.by_rows else n
    sd = math.sqrt(float(np.sum(wd * (x - mean) ** 2)) / total * count / (count - 1)) if count > 1 else None
    return ZSummary(code, g.group, g.value, n, total, mean, se, low, high, sd, survey.code)


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
        self._t: float | None = None

    def t(self) -> float:
        """Student's t for the 95 % interval on the design's df (computed once)."""
        if self._t is None:
            self._t = t_quantile((1 + CONFIDENCE) / 2, self.df)
        return self._t

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
        half = design.t() * se / (p * (1 - p))
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
