"""Survey prevalence (growth.survey) against worked examples computed by hand.

Before this module there was no prevalence at all: every test here fails on the old code
(ImportError), and each checks one rule of WHO anthro's anthro_prevalence.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from growth import score_batch
from growth.survey import AGED_5_19, BANDS, Prevalence, band, has_5_19, prevalence, prevalence_5_19, t_quantile

T_9 = 2.262157  # Student's t, 0.975 quantile, 9 degrees of freedom (printed tables)


def _result(haz, whz=None, waz=None, age_days=None, oedema=None, flagged_haz=None, baz=None):
    """A BatchResult with the given z-scores (other indicators missing)."""
    n = len(haz)
    res = score_batch([1] * n, [400] * n)  # no measurement: every z is NaN
    res.z["haz"] = np.array(haz, dtype=float)
    res.z["whz"] = np.full(n, np.nan) if whz is None else np.array(whz, dtype=float)
    res.z["waz"] = np.full(n, np.nan) if waz is None else np.array(waz, dtype=float)
    res.z["baz"] = np.full(n, np.nan) if baz is None else np.array(baz, dtype=float)
    if age_days is not None:
        res.age_days[:] = age_days
    if oedema is not None:
        res.oedema[:] = oedema
    if flagged_haz is not None:
        res.flagged["haz"][:] = flagged_haz
    return res


def _line(rows: list[Prevalence], indicator: str, group: str = "all", value: str = "all") -> Prevalence:
    return next(r for r in rows if (r.indicator, r.group, r.value) == (indicator, group, value))


def test_simple_random_sample_by_hand():
    """10 children, 2 stunted: p = 0.2, SE = sqrt(p(1-p)/(n-1)) = 0.13333 (svymean, ids = ~1),
    logit SE = 0.13333 / 0.16 = 0.83333, logit(0.2) = -1.386294, t(9) = 2.262157:
    CI = expit(-1.386294 -/+ 1.885131) = 3.657 % to 62.22 %."""
    rows = prevalence(_result([-3.2, -2.01] + [0.0] * 8), [1] * 10)
    line = _line(rows, "stunting")
    assert (line.n, line.percent) == (10, pytest.approx(20.0))
    half = T_9 * math.sqrt(0.2 * 0.8 / 9) / 0.16
    expit = lambda x: 100 / (1 + math.exp(-x))  # noqa: E731
    assert line.ci_low == pytest.approx(expit(math.log(0.25) - half), abs=1e-4)
    assert line.ci_high == pytest.approx(expit(math.log(0.25) + half), abs=1e-4)
    assert line.ci_low == pytest.approx(3.657, abs=1e-3)
    assert line.ci_high == pytest.approx(62.22, abs=1e-2)
    assert line.band == "high"  # 20 to < 30 %
    assert _line(rows, "stunting_severe").percent == pytest.approx(10.0)


def test_t_quantile_matches_tables():
    assert t_quantile(0.975, 9) == pytest.approx(T_9, abs=1e-6)
    assert t_quantile(0.975, 1) == pytest.approx(12.706205, abs=1e-5)
    assert t_quantile(0.975, 120) == pytest.approx(1.979930, abs=1e-6)


def test_weights_change_the_estimate():
    """Weights 3 for the stunted child, 1 for 3 others: p = 3/6 = 50 %; unweighted n stays 4."""
    rows = prevalence(_result([-2.5, 0, 0, 0]), [1, 1, 2, 2], weight=[3, 1, 1, 1])
    line = _line(rows, "stunting")
    assert (line.n, line.weighted_n, line.percent) == (4, 6.0, pytest.approx(50.0))


def test_clusters_widen_the_interval():
    """Same 20 children; grouped in 2 clusters that differ completely the interval is wider (and
    df = 2 clusters - 1 stratum = 1) than under simple random sampling."""
    haz = [-2.5] * 5 + [0.0] * 5 + [0.0] * 10
    srs = _line(prevalence(_result(haz), [1] * 20), "stunting")
    clustered = _line(prevalence(_result(haz), [1] * 20, cluster=["a"] * 10 + ["b"] * 10), "stunting")
    assert srs.percent == clustered.percent == pytest.approx(25.0)
    assert clustered.ci_high - clustered.ci_low > srs.ci_high - srs.ci_low


def test_cluster_variance_by_hand():
    """4 clusters of 2, stunted children 2, 1, 1, 0 (p = 0.5). Scores u = (y - p) / 8 summed per
    cluster: 1/8, 0, 0, -1/8; var = 4/3 * 2/64 = 1/24; logit SE = sqrt(1/24) / 0.25; df = 3."""
    haz = [-3, -3, -3, 0, -3, 0, 0, 0]
    line = _line(prevalence(_result(haz), [1] * 8, cluster=[1, 1, 2, 2, 3, 3, 4, 4]), "stunting")
    half = t_quantile(0.975, 3) * math.sqrt(1 / 24) / 0.25
    assert line.ci_high == pytest.approx(100 / (1 + math.exp(-half)))
    assert line.ci_low == pytest.approx(100 / (1 + math.exp(half)))


def test_flagged_scores_are_left_out():
    rows = prevalence(_result([-7.0, -2.5, 0, 0], flagged_haz=[True, False, False, False]), [1] * 4)
    line = _line(rows, "stunting")
    assert (line.n, line.percent) == (3, pytest.approx(100 / 3))


def test_oedema_counts_as_wasted_and_underweight():
    """anthro's auxiliary z of -3.1: the child with oedema is in the denominator and the numerator."""
    res = _result([0, 0], whz=[np.nan, 0.0], waz=[np.nan, 0.0], oedema=[True, False])
    rows = prevalence(res, [1, 1])
    assert _line(rows, "wasting_severe").percent == pytest.approx(50.0)
    assert _line(rows, "underweight").percent == pytest.approx(50.0)
    assert _line(rows, "overweight").percent == pytest.approx(0.0)


def test_children_five_and_over_are_left_out_and_groups_by_age_and_sex():
    res = _result([-2.5, 0, -2.5, -2.5], age_days=[100, 150, 1826, 1827])
    rows = prevalence(res, [1, 2, 2, 2])
    assert _line(rows, "stunting").n == 3  # 1827 days: over 5, not counted
    assert _line(rows, "stunting", "age", "0-5").percent == pytest.approx(50.0)
    assert _line(rows, "stunting", "age", "48-59").percent == pytest.approx(100.0)
    assert _line(rows, "stunting", "sex", "female").n == 2


def test_empty_groups_have_no_percent_and_no_band():
    rows = prevalence(_result([0.0, -1.0], age_days=[100, 120]), [1, 1])
    empty = _line(rows, "stunting", "age", "24-35")
    assert (empty.n, empty.percent, empty.ci_low, empty.band) == (0, None, None, None)
    assert _line(rows, "stunting", "sex", "female").percent is None
    zero = _line(rows, "stunting")
    assert (zero.percent, zero.ci_low, zero.ci_high) == (0.0, None, None)  # logit CI undefined at 0 %
    assert zero.band == "very_low"


@pytest.mark.parametrize(
    ("indicator", "percent", "expected"),
    [
        ("stunting", 2.49, "very_low"),
        ("stunting", 2.5, "low"),
        ("stunting", 9.99, "low"),
        ("stunting", 10.0, "medium"),
        ("stunting", 20.0, "high"),
        ("stunting", 29.99, "high"),
        ("stunting", 30.0, "very_high"),
        ("wasting", 4.99, "low"),
        ("wasting", 5.0, "medium"),
        ("wasting", 10.0, "high"),
        ("wasting", 15.0, "very_high"),
        ("overweight", 14.99, "high"),
        ("overweight", 15.0, "very_high"),
        ("underweight", 40.0, None),  # de Onis et al. 2019 give no underweight band
    ],
)
def test_bands_at_their_boundaries(indicator, percent, expected):
    assert band(indicator, percent) == expected


def test_only_the_three_2019_indicators_have_bands():
    assert set(BANDS) == {"stunting", "wasting", "overweight"}


# 5-19 years (WHO anthroplus's anthroplus_prevalence). A 10-year-old is 3653 days.
TEN = 3653


def _lines(rows: list[Prevalence], indicator: str) -> list[tuple[str, str]]:
    return [(r.group, r.value) for r in rows if r.indicator == indicator]


def test_5_19_simple_random_sample_by_hand():
    """5 children, 1 thin (BAZ < -2): p = 0.2, SE = sqrt(0.2 * 0.8 / 4) = 0.2, logit SE = 1.25,
    t(4) = 2.776445: CI = expit(-1.386294 -/+ 3.470556) = 0.7715 % to 88.94 %. No WHO band."""
    res = _result([0.0] * 5, baz=[-2.5, 0, 0, 0, 0], age_days=[TEN] * 5)
    line = _line(prevalence_5_19(res, [1] * 5), "thinness")
    assert (line.n, line.percent, line.survey) == (5, pytest.approx(20.0), AGED_5_19)
    assert line.ci_low == pytest.approx(0.7715, abs=1e-4)
    assert line.ci_high == pytest.approx(88.936, abs=1e-3)
    assert line.band is None


def test_5_19_cut_offs_are_strict_and_have_no_band():
    """BAZ 1.0, 1.5, 2.0, 2.5: overweight (> +1) 3 of 4, obesity (> +2) 1 of 4; thinness 0."""
    rows = prevalence_5_19(_result([-3.0, -2.0, 0, 0], baz=[1.0, 1.5, 2.0, 2.5], age_days=[TEN] * 4), [1] * 4)
    assert _line(rows, "overweight").percent == pytest.approx(75.0)
    assert _line(rows, "obesity").percent == pytest.approx(25.0)
    assert _line(rows, "thinness").percent == 0.0
    assert _line(rows, "stunting").percent == pytest.approx(25.0)  # -2.0 is not below -2
    assert _line(rows, "stunting_severe").percent == 0.0  # -3.0 is not below -3
    assert all(r.band is None for r in rows)  # 25 % overweight would be "very high" under 5


def test_the_age_cut_between_the_two_tables():
    """Under 5: up to day 1826 (anthro). 5-19: 60 to 228 months (anthroplus 1.0.0, which moved
    the start from 61 to 60 months), i.e. days 1827 to 6940 as the engine rounds ages to whole
    days, so no day falls between the two tables (days 1827-1856 were in neither before)."""
    days = [1826, 1827, 1856, 1857, 3652, 3653, 5478, 5479, 6940, 6941]
    res = _result([-2.5] * len(days), age_days=days)
    assert _line(prevalence(res, [1] * len(days)), "stunting").n == 1
    rows = prevalence_5_19(res, [1] * len(days))
    assert _line(rows, "stunting").n == 8
    assert _line(rows, "stunting", "age", "5-9").n == 4  # 60.02 to 119.99 months
    assert _line(rows, "stunting", "age", "10-14").n == 2  # 120.02 and 179.98 months
    assert _line(rows, "stunting", "age", "15-19").n == 2  # 180.01 and 228.01 months (day 6940)
    assert _line(rows, "stunting", "year", "5").n == 3  # 60.02, 60.98, 61.00 months
    assert _line(rows, "stunting", "year", "9").n == 1  # day 3652
    assert _line(rows, "stunting", "year", "10").n == 1  # day 3653
    assert _line(rows, "stunting", "year", "19").n == 1  # day 6940: anthroplus's "228-228 mo"
    assert has_5_19(res)
    assert has_5_19(_result([0.0], age_days=[1827]))
    assert not has_5_19(_result([0.0], age_days=[1826]))


def test_5_19_flagged_scores_are_left_out():
    res = _result([0.0] * 3, baz=[-5.5, -2.5, 0], age_days=[TEN] * 3)
    res.flagged["baz"][:] = [True, False, False]
    line = _line(prevalence_5_19(res, [1] * 3), "thinness")
    assert (line.n, line.percent) == (2, pytest.approx(50.0))


def test_weight_for_age_only_for_the_age_groups_before_120_months():
    """anthroplus: weight-for-age is defined to 120 months, given for age groups only (not all,
    not by sex): here the one-year groups 5-9, the wider group 5-9 and boys/girls 5-9."""
    res = _result([0.0, 0.0], waz=[-2.5, 0.0], age_days=[2500, 3000])
    rows = prevalence_5_19(res, [1, 2])
    assert _lines(rows, "underweight") == [
        *(("year", str(year)) for year in range(5, 10)),
        ("age", "5-9"),
        ("age_sex", "male:5-9"),
        ("age_sex", "female:5-9"),
    ]
    assert _line(rows, "underweight", "age", "5-9").percent == pytest.approx(50.0)
    assert _line(rows, "underweight", "age_sex", "male:5-9").percent == pytest.approx(100.0)
    assert _line(rows, "underweight", "year", "6").percent == pytest.approx(100.0)  # 2500 days: 82 months
    assert ("sex", "female") in _lines(rows, "thinness")


def test_5_19_empty_groups_have_no_percent():
    rows = prevalence_5_19(_result([0.0, -1.0], age_days=[TEN, TEN]), [1, 1])
    empty = _line(rows, "stunting", "age", "15-19")
    assert (empty.n, empty.percent, empty.ci_low, empty.band) == (0, None, None, None)
    assert _line(rows, "stunting", "sex", "female").percent is None
    assert _line(rows, "thinness").percent is None  # no BAZ at all


def test_5_19_oedema_counts_as_thin_and_underweight_to_120_months():
    res = _result([0, 0, 0], waz=[np.nan, 0.0, np.nan], baz=[np.nan, 0.0, np.nan], age_days=[3000, 3000, 4000])
    res.oedema[:] = [True, False, True]
    rows = prevalence_5_19(res, [1, 1, 1])
    assert _line(rows, "thinness_severe").percent == pytest.approx(200 / 3)
    assert _line(rows, "underweight_severe", "age", "5-9").percent == pytest.approx(50.0)


def test_5_19_design_is_its_own_survey():
    """Children under 5 in other clusters change neither the 5-19 interval nor its df."""
    haz = [-3, -3, -3, 0, -3, 0, 0, 0]
    older = _line(
        prevalence_5_19(_result(haz, age_days=[TEN] * 8), [1] * 8, cluster=[1, 1, 2, 2, 3, 3, 4, 4]), "stunting"
    )
    mixed = _result(haz + [0.0] * 4, age_days=[TEN] * 8 + [500] * 4)
    line = _line(prevalence_5_19(mixed, [1] * 12, cluster=[1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]), "stunting")
    assert (line.ci_low, line.ci_high) == (pytest.approx(older.ci_low), pytest.approx(older.ci_high))
    half = t_quantile(0.975, 3) * math.sqrt(1 / 24) / 0.25  # as test_cluster_variance_by_hand
    assert line.ci_high == pytest.approx(100 / (1 + math.exp(-half)))


def test_5_19_from_real_scores():
    """A boy of 8 (3000 days), 30 kg, 130 cm (BAZ about +1.1: overweight, not obese); a girl of 16."""
    res = score_batch([1, 2], [3000, 6000], weight_kg=[30, 50], length_cm=[130, 160])
    rows = prevalence_5_19(res, [1, 2])
    assert _line(rows, "overweight").percent == pytest.approx(50.0)
    assert _line(rows, "obesity").percent == 0.0
    assert _line(rows, "overweight", "sex", "male").percent == pytest.approx(100.0)
    assert ("all", "all") not in _lines(rows, "underweight")
