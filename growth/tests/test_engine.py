"""Z-scores: WHO test vectors, measurement rules and edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from growth import FEMALE, MALE, WHO_2006, WHO_2007, score_batch, score_one
from growth.engine import DAYS_PER_MONTH
from growth.tables import tables


def plain_z(y: float, l: float, m: float, s: float) -> float:  # noqa: E741
    return ((y / m) ** l - 1) / (s * l)


def row(name: str, sex: int, i: int) -> tuple[float, float, float]:
    t = tables()[name]
    k = (sex - 1) * t.rows + i
    return t.l[k], t.m[k], t.s[k]


# DOMAIN.md §7.2, from the WHO anthro README (measure unknown: no 0.7 cm correction).
@pytest.mark.parametrize(
    ("sex", "age", "weight", "length", "zlen", "zwei", "zwfl", "zbmi", "flagged"),
    [
        (1, 1001, 18, 120, 7.31, 2.20, -2.39, -3.01, {"haz"}),
        (2, 1000, 15, 80, -3.50, 0.95, 4.13, 4.66, set()),
        (1, 1010, 10, 100, 1.62, -2.76, -5.19, -5.61, {"whz", "baz"}),
        (1, 1000, 15, 100, 1.70, 0.69, -0.29, -0.58, set()),
    ],
)
def test_who_anthro_readme_vectors(sex, age, weight, length, zlen, zwei, zwfl, zbmi, flagged):
    s = score_one(sex, age, weight, length)
    assert (s.haz, s.waz, s.whz, s.baz) == (zlen, zwei, zwfl, zbmi)
    assert s.flagged == flagged
    assert s.standard == WHO_2006


def test_domain_lms_check_row():
    assert row("wfa", MALE, 1000) == (-0.0558, 13.8057, 0.11945)


def test_day_zero_at_the_median_scores_zero():
    _, m_len, _ = row("lhfa", MALE, 0)
    _, m_wt, _ = row("wfa", MALE, 0)
    s = score_one(MALE, 0, m_wt, m_len, measured_lying=True)
    assert (s.haz, s.waz) == (0.0, 0.0)
    assert s.muacz is None  # MUAC-for-age starts at 3 months


@pytest.mark.parametrize(
    ("age", "lying", "measured", "used", "by_length"),
    [
        (730, True, 80.0, 80.0, True),
        (730, False, 80.0, 80.7, True),  # standing under 731 days: +0.7 cm
        (731, True, 85.0, 84.3, False),  # lying from 731 days: -0.7 cm
        (731, False, 85.0, 85.0, False),
        (730, None, 80.0, 80.0, True),  # position unknown: no correction
    ],
)
def test_lying_standing_correction_and_table_choice(age, lying, measured, used, by_length):
    s = score_one(FEMALE, age, 10.5, measured, measured_lying=lying)
    assert s.height_cm == pytest.approx(used)
    assert s.whz_by_length is by_length
    same = score_one(FEMALE, age, 10.5, used, measured_lying=(age < 731))
    assert (s.haz, s.waz, s.whz, s.baz) == (same.haz, same.waz, same.whz, same.baz)


def test_weight_for_length_interpolates_between_rows():
    lo, hi = row("wfl", MALE, 350), row("wfl", MALE, 351)  # 80.0 and 80.1 cm
    l, m, s = (np.array(lo) + np.array(hi)) / 2  # noqa: E741
    got = score_one(MALE, 400, 10.0, 80.05, measured_lying=True).whz
    assert got == round(plain_z(10.0, l, m, s), 2)


def test_reference_interpolates_lms_for_fractional_months():
    days = 2000  # 65.708 months
    months = days / DAYS_PER_MONTH
    i, frac = int(months) - 60, months - int(months)  # the 2007 tables start at 60 months
    lo, hi = np.array(row("bfa_2007", FEMALE, i)), np.array(row("bfa_2007", FEMALE, i + 1))
    l, m, s = lo + frac * (hi - lo)  # noqa: E741
    got = score_one(FEMALE, days, 20.0, 112.0)
    assert got.standard == WHO_2007
    assert got.baz == round(plain_z(20.0 / 1.12**2, l, m, s), 2)


def test_fractional_days_are_rounded_to_whole_days():
    assert score_one(MALE, 1000.4, 15).waz == score_one(MALE, 1000, 15).waz == 0.69


@pytest.mark.parametrize(
    ("length", "age", "computed"),
    [
        (45.0, 10, True),
        (44.9, 10, False),
        (110.0, 700, True),
        (110.1, 700, False),
        (65.0, 800, True),
        (64.9, 800, False),
        (120.0, 1800, True),
        (120.1, 1800, False),
    ],
)
def test_weight_for_length_height_table_bounds(length, age, computed):
    s = score_one(MALE, age, 10.0, length, measured_lying=age < 731)
    assert (s.whz is not None) is computed


# The switch from the 2006 standard to the 2007 reference at 60 months is tested
# in test_who_anthro.py.


@pytest.mark.parametrize(
    ("age", "haz", "waz", "baz"),
    [
        (3652, True, True, True),  # 119.98 months: last weight-for-age day
        (3653, True, False, True),  # weight-for-age stops at 120 months
        (6939, True, False, True),  # 227.98 months
        (6940, False, False, False),  # past 228 months: no standard applies
    ],
)
def test_reference_age_limits(age, haz, waz, baz):
    s = score_one(FEMALE, age, 40.0, 150.0)
    assert (s.haz is not None, s.waz is not None, s.baz is not None) == (haz, waz, baz)


def test_muac_for_age_from_three_months_to_five_years():
    res = score_batch(MALE, [90, 91, 1826, 1827], muac_mm=140)  # anthro: under 60 months (1826.25 days)
    assert list(~np.isnan(res.z["muacz"])) == [False, True, True, False]


def test_oedema_blocks_weight_based_scores_only():
    s = score_one(MALE, 400, 7.0, 72.0, measured_lying=True, muac_mm=120, oedema=True)
    assert s.waz is s.whz is s.baz is None
    assert s.haz is not None
    assert s.muacz is not None
    assert "sam" in s.findings
    assert "oedema" in s.findings


def test_missing_and_invalid_inputs_give_nan_not_numbers():
    res = score_batch(
        [1, 2, 1, 3, np.nan, 1],
        [400, np.nan, -5, 400, 400, 400],
        [9.0, 9.0, 9.0, 9.0, 9.0, 0.0],
        [75.0, 75.0, 75.0, 75.0, 75.0, np.nan],
        measured_lying=1,
    )
    assert not np.isnan(res.z["haz"][0])
    # Unknown age: only weight-for-length (chosen by position) can be computed.
    assert np.isnan(res.z["haz"][1])
    assert not np.isnan(res.z["whz"][1])
    assert np.isnan(res.age_days[2])  # negative age is missing
    for code in res.z:
        assert np.isnan(res.z[code][3])
        assert np.isnan(res.z[code][4])
    assert np.isnan(res.z["waz"][5])
    assert np.isnan(res.z["haz"][5])


@pytest.mark.parametrize(
    ("lying", "length", "by_length"), [(True, 90, True), (False, 80, False), (None, 86.9, True), (None, 87.0, False)]
)
def test_table_choice_without_age(lying, length, by_length):
    s = score_one(MALE, None, 11.0, length, measured_lying=lying)
    assert s.standard == WHO_2006
    assert s.whz is not None
    assert s.whz_by_length is by_length


def test_restriction_applies_to_weight_not_to_length():
    lms = row("lhfa", MALE, 1001)
    tall = lms[1] * 1.3
    assert score_one(MALE, 1001, length_cm=tall).haz == round(plain_z(tall, *lms), 2)  # plain LMS beyond +3
    box_cox, m, s = row("wfa", MALE, 1001)
    sd3, sd2 = (m * (1 + box_cox * s * k) ** (1 / box_cox) for k in (3, 2))
    heavy = score_one(MALE, 1001, weight_kg=sd3 + 2 * (sd3 - sd2))
    assert heavy.waz == 5.0  # exactly two "SD2-SD3 steps" above +3 SD


def test_batch_is_chunk_independent_and_matches_score_one():
    rng = np.random.default_rng(7)
    n = 500
    args = (
        rng.integers(1, 3, n),
        rng.integers(0, 7000, n),
        rng.uniform(2, 60, n),
        rng.uniform(45, 170, n),
        rng.integers(0, 2, n),
        rng.uniform(100, 180, n),
        rng.random(n) < 0.05,
    )
    whole = score_batch(*args)
    chunked = score_batch(*args, chunk_size=37)
    for code in whole.z:
        np.testing.assert_array_equal(whole.z[code], chunked.z[code])
        np.testing.assert_array_equal(whole.flagged[code], chunked.flagged[code])
    for i in range(0, n, 50):
        one = score_one(*(float(a[i]) for a in args[:6]), oedema=bool(args[6][i]))
        for code in whole.z:
            v = whole.z[code][i]
            assert getattr(one, code) == (None if np.isnan(v) else v)
