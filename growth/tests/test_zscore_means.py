"""z-score summaries of a survey (growth.survey.zscore_means / zscore_means_5_19) against worked
examples by hand, and the sex x age and one-year groups WHO anthro / anthroplus also report.

Before this change growth.survey had no z-score summary at all (ImportError) and no sex x age
or one-year groups. WHO's definitions (anthro R/prevalence.R compute_prevalence_zscore_summaries,
R/prevalence-survey.R, R/prevalence-simple.R zscore_estimate, R/prevalence-hybrid-sw.R
zscore_estimate_weighted): mean = svymean, interval = confint(df = degf(design)), SD =
sqrt(svyvar). R is not installed here, so no output of the R packages is compared.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from growth import score_batch
from growth.survey import (
    AGED_5_19,
    UNDER_5,
    ZSummary,
    prevalence,
    prevalence_5_19,
    t_quantile,
    zscore_means,
    zscore_means_5_19,
)

T_4 = 2.776445  # Student's t, 0.975 quantile, 4 degrees of freedom (printed tables)
T_3 = 3.182446
TEN = 3653  # days: a 10-year-old


def _result(haz, waz=None, whz=None, baz=None, age_days=None, oedema=None):
    n = len(haz)
    res = score_batch([1] * n, [400] * n)  # no measurement: every z is NaN
    nan = np.full(n, np.nan)
    res.z["haz"] = np.array(haz, dtype=float)
    res.z["waz"] = nan.copy() if waz is None else np.array(waz, dtype=float)
    res.z["whz"] = nan.copy() if whz is None else np.array(whz, dtype=float)
    res.z["baz"] = nan.copy() if baz is None else np.array(baz, dtype=float)
    if age_days is not None:
        res.age_days[:] = age_days
    if oedema is not None:
        res.oedema[:] = oedema
    return res


def _line(rows: list[ZSummary], indicator: str, group: str = "all", value: str = "all") -> ZSummary:
    return next(r for r in rows if (r.indicator, r.group, r.value) == (indicator, group, value))


def test_simple_random_sample_by_hand():
    """HAZ -1, -2, 0.5, 1.5, -0.5: mean -0.3; squared deviations 0.49 + 2.89 + 0.64 + 3.24 + 0.04
    = 7.3; SD = sqrt(7.3 / 4) = 1.350926; SE = SD / sqrt(5) = 0.604152; t(4) = 2.776445:
    95 % CI -0.3 -/+ 1.677396 = -1.977396 to 1.377396."""
    line = _line(zscore_means(_result([-1.0, -2.0, 0.5, 1.5, -0.5]), [1] * 5), "haz")
    assert (line.n, line.weighted_n, line.survey) == (5, 5.0, UNDER_5)
    assert line.mean == pytest.approx(-0.3)
    assert line.sd == pytest.approx(math.sqrt(7.3 / 4))
    assert line.sd == pytest.approx(1.350926, abs=1e-6)
    assert line.se == pytest.approx(line.sd / math.sqrt(5))
    assert line.se == pytest.approx(0.604152, abs=1e-6)
    assert line.ci_low == pytest.approx(-0.3 - T_4 * line.se, abs=1e-6)
    assert line.ci_high == pytest.approx(1.377396, abs=1e-5)
    assert line.ci_low == pytest.approx(-1.977396, abs=1e-5)


def test_a_group_is_a_domain_of_the_whole_sample():
    """Girls (HAZ 1, 2, 3) among 5 children: anthro's sample_se with N = 5, n = 3:
    SE = sqrt(5/4) / 3 * sqrt(2) = 0.527046, t on 4 df (not 2); SD = 1 (sd of 1, 2, 3)."""
    rows = zscore_means(_result([-1.0, -2.0, 1.0, 2.0, 3.0]), [1, 1, 2, 2, 2])
    girls = _line(rows, "haz", "sex", "female")
    assert (girls.n, girls.mean, girls.sd) == (3, pytest.approx(2.0), pytest.approx(1.0))
    assert girls.se == pytest.approx(math.sqrt(5 / 4) / 3 * math.sqrt(2))
    assert girls.ci_high - girls.mean == pytest.approx(T_4 * girls.se, abs=1e-6)


def _direct_weighted(z, w):
    """mean, SE and SD straight from the formulas (each child its own sampling unit, N of them):
    mean = sum(w z) / W; SE^2 = N / (N - 1) * sum((w (z - mean) / W)^2); SD^2 = sum(w (z -
    mean)^2) / W * n / (n - 1)."""
    total = sum(w)
    mean = sum(wi * zi for wi, zi in zip(w, z, strict=True)) / total
    n = len(z)
    se = math.sqrt(n / (n - 1) * sum((wi * (zi - mean) / total) ** 2 for wi, zi in zip(w, z, strict=True)))
    sd = math.sqrt(sum(wi * (zi - mean) ** 2 for wi, zi in zip(w, z, strict=True)) / total * n / (n - 1))
    return mean, se, sd


def test_weighted_by_a_direct_formula():
    """Weights 1, 2, 3, 4 and WAZ 0, 1, 2, -1: mean = (0 + 2 + 6 - 4) / 10 = 0.4; df = 3."""
    z, w = [0.0, 1.0, 2.0, -1.0], [1, 2, 3, 4]
    line = _line(zscore_means(_result([0.0] * 4, waz=z), [1] * 4, weight=w), "waz")
    mean, se, sd = _direct_weighted(z, w)
    assert mean == pytest.approx(0.4)
    assert (line.n, line.weighted_n) == (4, 10.0)
    assert (line.mean, line.se, line.sd) == (pytest.approx(mean), pytest.approx(se), pytest.approx(sd))
    assert line.ci_low == pytest.approx(mean - T_3 * se, abs=1e-6)
    assert line.ci_high == pytest.approx(mean + T_3 * se, abs=1e-6)


def test_clustered_by_a_direct_formula():
    """4 clusters of 2, HAZ -1, -2 | 0, 1 | 2, 0 | -1, 1: mean 0. Scores z / 8 summed per cluster:
    -3/8, 1/8, 2/8, 0 (mean 0); var = 4/3 * (9 + 1 + 4) / 64 = 0.291667; SE = 0.540062; df = 4
    clusters - 1 stratum = 3. The SD does not depend on the design: sqrt(12 / 7)."""
    z = [-1.0, -2.0, 0.0, 1.0, 2.0, 0.0, -1.0, 1.0]
    line = _line(zscore_means(_result(z), [1] * 8, cluster=[1, 1, 2, 2, 3, 3, 4, 4]), "haz")
    assert line.mean == pytest.approx(0.0)
    assert line.se == pytest.approx(math.sqrt(4 / 3 * 14 / 64))
    assert line.se == pytest.approx(0.540062, abs=1e-6)
    assert line.ci_high == pytest.approx(T_3 * 0.540062, abs=1e-5)
    assert line.sd == pytest.approx(math.sqrt(12 / 7))
    srs = _line(zscore_means(_result(z), [1] * 8), "haz")
    assert srs.se < line.se  # the clusters differ: the design widens the interval


def test_weighted_clustered_and_stratified_by_a_direct_formula():
    """2 strata of 2 clusters of 2 children, weights 1 and 3: df = 4 - 2 = 2; the variance sums,
    per stratum, m / (m - 1) * sum of squared deviations of cluster totals from the stratum's mean."""
    z = [-2.0, -1.0, 0.5, 1.0, 0.0, 2.0, -0.5, 1.5]
    w = [1, 3, 1, 3, 1, 3, 1, 3]
    cluster = ["a", "a", "b", "b", "c", "c", "d", "d"]
    strata = [1, 1, 1, 1, 2, 2, 2, 2]
    line = _line(zscore_means(_result(z), [1] * 8, weight=w, cluster=cluster, strata=strata), "haz")
    total = sum(w)
    mean = sum(wi * zi for wi, zi in zip(w, z, strict=True)) / total
    u = [wi * (zi - mean) / total for wi, zi in zip(w, z, strict=True)]
    totals = {1: [u[0] + u[1], u[2] + u[3]], 2: [u[4] + u[5], u[6] + u[7]]}
    var = sum(2 * sum((t - sum(ts) / 2) ** 2 for t in ts) for ts in totals.values())
    assert line.mean == pytest.approx(mean)
    assert line.se == pytest.approx(math.sqrt(var))
    assert line.ci_high == pytest.approx(mean + t_quantile(0.975, 2) * math.sqrt(var))
    sd = math.sqrt(sum(wi * (zi - mean) ** 2 for wi, zi in zip(w, z, strict=True)) / total * 8 / 7)
    assert line.sd == pytest.approx(sd)


def test_a_missing_weight_counts_as_zero():
    """Weight missing for the third child: it is left out of the mean; without cluster and strata
    anthro's own formula still counts it in the SD's n / (n - 1) (n = 3), svyvar (used once a
    cluster or stratum column is given) does not (n = 2)."""
    z = [-1.0, 1.0, 5.0]
    rows = zscore_means(_result(z), [1] * 3, weight=[1, 1, None])
    line = _line(rows, "haz")
    assert (line.n, line.weighted_n, line.mean) == (2, 2.0, pytest.approx(0.0))
    assert line.sd == pytest.approx(math.sqrt(1 * 3 / 2))
    with_strata = _line(zscore_means(_result(z), [1] * 3, weight=[1, 1, None], strata=[1, 1, 1]), "haz")
    assert with_strata.sd == pytest.approx(math.sqrt(1 * 2 / 1))
    assert with_strata.mean == pytest.approx(0.0)


def test_flagged_scores_and_oedema_are_left_out_of_the_means():
    """A flagged HAZ is missing; a child with oedema has no WAZ, WHZ or BAZ mean (anthro sets them
    to NA where the prevalence counts -3.1) but keeps its HAZ."""
    res = _result([-7.0, 0.0, 1.0], waz=[-1.0, 0.0, 1.0], whz=[-1.0, 0.0, 1.0], baz=[-1.0, 0.0, 1.0])
    res.flagged["haz"][:] = [True, False, False]
    res.oedema[:] = [True, False, False]
    rows = zscore_means(res, [1] * 3)
    assert (_line(rows, "haz").n, _line(rows, "haz").mean) == (2, pytest.approx(0.5))
    for code in ("waz", "whz", "baz"):
        assert (_line(rows, code).n, _line(rows, code).mean) == (2, pytest.approx(0.5))
    # while the wasting prevalence counts the child with oedema as severely wasted
    severe = next(p for p in prevalence(res, [1] * 3) if (p.indicator, p.group) == ("wasting_severe", "all"))
    assert (severe.n, severe.percent) == (3, pytest.approx(100 / 3))


def test_no_interval_without_degrees_of_freedom_and_no_sd_from_one_child():
    line = _line(zscore_means(_result([-1.5]), [1]), "haz")
    assert (line.n, line.mean, line.se, line.ci_low, line.sd) == (1, -1.5, None, None, None)
    empty = _line(zscore_means(_result([-1.5, 0.5]), [1, 1]), "haz", "sex", "female")
    assert (empty.n, empty.mean, empty.ci_low, empty.sd) == (0, None, None, None)


def test_under_5_groups_include_sex_by_age():
    """anthro's "Age + sex" groups: boys and girls per age group (lines for every group, empty or not)."""
    res = _result([-1.0, 1.0, -2.0, 0.0], age_days=[100, 150, 400, 1700])
    rows = zscore_means(res, [1, 1, 2, 2])
    boys_young = _line(rows, "haz", "age_sex", "male:0-5")
    assert (boys_young.n, boys_young.mean) == (2, pytest.approx(0.0))
    assert _line(rows, "haz", "age_sex", "female:12-23").mean == pytest.approx(-2.0)
    assert _line(rows, "haz", "age_sex", "female:48-59").n == 1
    assert _line(rows, "haz", "age_sex", "male:48-59").mean is None
    assert [r.indicator for r in rows if (r.group, r.value) == ("all", "all")] == ["haz", "waz", "baz", "whz"]
    assert len([r for r in rows if r.indicator == "haz"]) == 1 + 2 + 6 + 12
    stunting = [p for p in prevalence(res, [1, 1, 2, 2]) if p.indicator == "stunting"]
    assert ("age_sex", "female:12-23") in [(p.group, p.value) for p in stunting]


def test_5_19_groups_and_weight_for_age():
    """anthroplus: all, sex, one-year groups 5-19, wider groups, sex x wider group; HAZ, WAZ
    (age groups starting before 120 months only) and BAZ; no WHZ."""
    res = _result([0.0, 1.0, -1.0], waz=[-1.0, 0.0, np.nan], baz=[0.5, 1.5, -0.5], age_days=[2500, 3000, 6000])
    rows = zscore_means_5_19(res, [1, 2, 2])
    assert {r.survey for r in rows} == {AGED_5_19}
    assert {r.indicator for r in rows} == {"haz", "waz", "baz"}
    assert len([r for r in rows if r.indicator == "haz"]) == 1 + 2 + 15 + 3 + 6
    waz_groups = [(r.group, r.value) for r in rows if r.indicator == "waz"]
    assert waz_groups == [("year", str(y)) for y in range(5, 10)] + [
        ("age", "5-9"),
        ("age_sex", "male:5-9"),
        ("age_sex", "female:5-9"),
    ]
    assert _line(rows, "waz", "age", "5-9").mean == pytest.approx(-0.5)
    assert _line(rows, "baz", "year", "16").mean == pytest.approx(-0.5)  # 6000 days: 197 months
    girls = _line(rows, "haz", "age_sex", "female:15-19")
    assert (girls.n, girls.mean) == (1, pytest.approx(-1.0))
    assert _line(rows, "baz").mean == pytest.approx(0.5)
    # the prevalence has the same groups
    thin = [(p.group, p.value) for p in prevalence_5_19(res, [1, 2, 2]) if p.indicator == "thinness"]
    assert thin == [(r.group, r.value) for r in rows if r.indicator == "baz"]


def test_5_19_oedema_leaves_weight_based_means_out():
    res = _result([0.0, 1.0], waz=[np.nan, 0.5], baz=[np.nan, 0.5], age_days=[3000, 3000], oedema=[True, False])
    rows = zscore_means_5_19(res, [1, 1])
    assert (_line(rows, "baz").n, _line(rows, "baz").mean) == (1, pytest.approx(0.5))
    assert _line(rows, "haz").n == 2


def test_from_real_scores():
    """Two boys of 30 months (81 cm: HAZ about -3.4; 92 cm: about +0.4): the mean HAZ is the mean
    of the engine's (2-decimal) scores, and the 5-19 table leaves them out."""
    res = score_batch([1, 1], [913, 913], weight_kg=[11, 13], length_cm=[81, 92])
    line = _line(zscore_means(res, [1, 1]), "haz")
    assert line.mean == pytest.approx(float(np.mean(res.z["haz"])))
    assert line.sd == pytest.approx(float(np.std(res.z["haz"], ddof=1)))
    assert all(r.n == 0 for r in zscore_means_5_19(res, [1, 1]))
