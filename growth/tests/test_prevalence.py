"""Survey prevalence (growth.survey) against worked examples computed by hand.

Before this module there was no prevalence at all: every test here fails on the old code
(ImportError), and each checks one rule of WHO anthro's anthro_prevalence.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from growth import score_batch
from growth.survey import BANDS, Prevalence, band, prevalence, t_quantile

T_9 = 2.262157  # Student's t, 0.975 quantile, 9 degrees of freedom (printed tables)


def _result(haz, whz=None, waz=None, age_days=None, oedema=None, flagged_haz=None):
    """A BatchResult with the given z-scores (other indicators missing)."""
    n = len(haz)
    res = score_batch([1] * n, [400] * n)  # no measurement: every z is NaN
    res.z["haz"] = np.array(haz, dtype=float)
    res.z["whz"] = np.full(n, np.nan) if whz is None else np.array(whz, dtype=float)
    res.z["waz"] = np.full(n, np.nan) if waz is None else np.array(waz, dtype=float)
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
