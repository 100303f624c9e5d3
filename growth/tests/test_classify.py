"""Findings: WHO cut-offs, MUAC, oedema and 5-19 definitions, as codes and levels."""

from __future__ import annotations

import numpy as np
import pytest

from growth import FINDINGS, WHO_2006, WHO_2007, BatchResult, classify, most_severe, row_findings, score_one
from growth.classify import INDICATOR_GROUPS


def one(
    z: dict[str, float] | None = None,
    *,
    age_months: float = 24,
    muac_mm: float = np.nan,
    oedema: bool = False,
    flagged: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """Findings for one crafted result row."""
    res = BatchResult.empty(1)
    for code, v in (z or {}).items():
        res.z[code][0] = v
    for code in flagged:
        res.flagged[code][0] = True
    res.age_days[0] = age_months * 30.4375
    res.standard[0] = WHO_2006 if age_months < 61 else WHO_2007
    res.muac_mm[0] = muac_mm
    res.oedema[0] = oedema
    return row_findings(res)[0]


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        ({"haz": -2.0}, ()),  # WHO anthro: "below -2" is strict
        ({"haz": -2.01}, ("stunting_moderate",)),
        ({"haz": -3.0}, ("stunting_moderate",)),
        ({"haz": -3.01}, ("stunting_severe",)),
        ({"waz": -2.5}, ("underweight_moderate",)),
        ({"waz": -3.5}, ("underweight_severe",)),
        ({"whz": -2.5}, ("mam", "wasting_moderate")),
        ({"whz": -3.0}, ("mam", "wasting_moderate")),
        ({"whz": -3.2}, ("sam", "wasting_severe")),
        ({"whz": 2.0}, ()),
        ({"whz": 2.5}, ("overweight",)),
        ({"whz": 3.5}, ("obesity",)),
        ({"baz": 2.5}, ()),  # under 5, overweight is judged on weight-for-height
    ],
)
def test_under_five_cut_offs(z, expected):
    assert one(z) == expected


@pytest.mark.parametrize(
    ("muac", "age", "expected"),
    [
        (114.9, 12, ("sam",)),
        (115, 12, ("mam",)),
        (124.9, 12, ("mam",)),
        (125, 12, ()),
        (110, 5, ()),  # MUAC cut-offs apply from 6 months
        (110, 60, ()),  # ... to 59 months
    ],
)
def test_muac_cut_offs(muac, age, expected):
    assert one(age_months=age, muac_mm=muac) == expected


@pytest.mark.parametrize(
    ("baz", "expected"),
    [
        (1.0, ()),
        (1.5, ("overweight",)),
        (2.5, ("obesity",)),
        (-2.5, ("thinness_moderate",)),
        (-3.5, ("thinness_severe",)),
    ],
)
def test_five_to_nineteen_bmi_definitions(baz, expected):
    assert one({"baz": baz}, age_months=120) == expected


def test_oedema_is_sam_at_any_age():
    assert one(oedema=True) == ("sam", "oedema")
    assert one(oedema=True, age_months=150) == ("sam", "oedema")


def test_flagged_values_only_ask_for_remeasurement():
    assert one({"haz": -6.5}, flagged=("haz",)) == ("implausible_haz",)
    assert one({"whz": -5.5}, flagged=("whz",)) == ("implausible_whz",)


def test_classify_is_vectorised():
    res = BatchResult.empty(3)
    res.z["haz"][:] = [-1, -2.5, -3.5]
    res.age_days[:] = 400
    masks = classify(res)
    assert list(masks["stunting_moderate"]) == [False, True, False]
    assert list(masks["stunting_severe"]) == [False, False, True]


def test_every_finding_has_a_level():
    assert len(FINDINGS) == 21  # 13 findings + implausible_* for 8 indicators
    for code, finding in FINDINGS.items():
        assert finding.code == code
        assert finding.level in {"severe", "moderate", "check"}
    assert FINDINGS["sam"].level == "severe"
    assert FINDINGS["implausible_muacz"].level == "check"


def test_score_one_findings():
    s = score_one(2, 1000, 15, 80)  # DOMAIN vector 2: HAZ -3.50, WHZ 4.13
    assert s.findings == ("stunting_severe", "obesity")


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        # Arm under 115 mm with WHZ -2.5: SAM, not also "moderate wasting".
        ({"z": {"whz": -2.5}, "muac_mm": 110}, ("sam",)),
        ({"z": {"whz": -3.2}}, ("sam",)),  # not also "severe wasting"
        ({"oedema": True}, ("sam",)),  # SAM's sentence names oedema
        ({"z": {"whz": -2.5}}, ("mam",)),  # not also "moderate wasting"
        ({"z": {"whz": -3.2, "haz": -3.5, "waz": -3.5}}, ("sam", "stunting_severe", "underweight_severe")),
        ({"z": {"haz": -6.5}, "flagged": ("haz",)}, ("implausible_haz",)),
    ],
)
def test_only_the_most_severe_finding_of_each_indicator_is_shown(row, shown):
    assert (
        most_severe(
            one(
                row.get("z"),
                muac_mm=row.get("muac_mm", np.nan),
                oedema=row.get("oedema", False),
                flagged=row.get("flagged", ()),
            )
        )
        == shown
    )


def test_most_severe_keeps_the_given_order_and_unknown_codes():
    # Stored findings of an older engine may hold both levels of one indicator.
    assert most_severe(["stunting_moderate", "retired", "stunting_severe", "mam", "sam"]) == (
        "retired",
        "stunting_severe",
        "sam",
    )
    assert most_severe([]) == ()


def test_indicator_groups_name_only_known_findings_once():
    codes = [c for group in INDICATOR_GROUPS for c in group]
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(FINDINGS)
    for group in INDICATOR_GROUPS:  # most serious first
        levels = [FINDINGS[c].level for c in group]
        assert levels == sorted(levels, key=["severe", "moderate"].index)
