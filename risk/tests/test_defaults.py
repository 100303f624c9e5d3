"""The national default policy: every rule fires on a minimal case and not on its neighbour."""

import json

import pytest

from risk.checklist import ITEMS
from risk.defaults import ALL_REASON_KEYS, NATIONAL_DEFAULT, REASON_EN
from risk.engine import assess, compile_policy, legal_triggers
from risk.facts import BASELINE

POLICY = compile_policy(NATIONAL_DEFAULT)
LEFT_BEHIND = {
    "categories": frozenset({"rural_left_behind"}),
    "both_parents_away": True,
    "has_caregiver": True,
    "caregiver_health": "healthy",
    "caregiver_age": 62,
    "days_since_contact": 3,
}


def facts(**changes):
    return {**BASELINE, **changes}


def yes(item):
    return {"answers": {item: "yes"}}


def answered(item, answer):
    return {"answers": {item: answer}}


# Items whose "yes" alone obliges a report (for a girl of 10, so that the pregnancy item counts).
TRIGGER_ITEMS = [i.code for i in ITEMS if legal_triggers({"answers": {i.code: "yes"}, "sex": "F", "age_years": 10})]

# rule code -> (changes that make it fire, neighbouring changes that must not)
CASES = {
    **{code: (yes(code), answered(code, "unknown")) for code in TRIGGER_ITEMS},
    "suicidal_talk": (yes("suicidal_talk"), answered("suicidal_talk", "no")),
    "sam": ({"growth": frozenset({"sam"})}, {"growth": frozenset({"mam"})}),
    "sam_with_abuse": (
        {"growth": frozenset({"oedema"}), **yes("bullying")},
        {"growth": frozenset({"mam"}), **yes("bullying")},
    ),
    "open_report": ({"open_report": True}, {"open_referral": True}),
    "parent_incapable": (
        {"parent_incapable": True, "one_parent_away": True},
        {
            "parent_incapable": True,
            "one_parent_away": True,
            "has_caregiver": True,
            "caregiver_health": "healthy",
            "caregiver_age": 55,
        },
    ),
    "caregiver_disqualified": (yes("caregiver_disqualified"), answered("caregiver_disqualified", "no")),
    "under8_unattended": ({"age_years": 7, **yes("under8_unattended")}, {"age_years": 8, **yes("under8_unattended")}),
    "no_caregiver_parents_away": ({"both_parents_away": True}, {"both_parents_away": True, "has_caregiver": True}),
    "contact_lapsed_30d": (
        {"one_parent_away": True, "days_since_contact": 31},
        {"one_parent_away": True, "days_since_contact": 30},
    ),
    "parents_unreachable": (yes("parents_unreachable"), answered("parents_unreachable", "no")),
    "bullying": (yes("bullying"), answered("bullying", "unknown")),
    "child_labour": (yes("child_labour"), answered("child_labour", "no")),
    "early_marriage": (yes("early_marriage"), answered("early_marriage", "no")),
    "dropped_out": ({"schooling": "dropped_out"}, {"schooling": "out_other"}),
    "not_enrolled": (yes("not_enrolled"), answered("not_enrolled", "no")),
    "truancy": (yes("truancy"), answered("truancy", "no")),
    "school_absences": ({"unexcused_absences_30d": 5}, {"unexcused_absences_30d": 4}),
    "acute_malnutrition": ({"growth": frozenset({"mam"})}, {"growth": frozenset({"underweight_moderate"})}),
    "stunting": ({"growth": frozenset({"stunting_moderate"})}, {"growth": frozenset({"underweight_severe"})}),
    "thinness": ({"growth": frozenset({"thinness_moderate"})}, {"growth": frozenset({"overweight"})}),
    "severe_thinness": ({"growth": frozenset({"thinness_severe"})}, {"growth": frozenset({"thinness_moderate"})}),
    "emotional_problems": (yes("emotional_problems"), answered("emotional_problems", "no")),
    "dfu_pending": ({"dfu_pending": True}, {"parent_conditions": frozenset({"imprisoned"})}),
    "in_difficulty": (
        {"categories": frozenset({"difficulty_economic"})},
        {"categories": frozenset({"rural_left_behind"})},
    ),
    "orphan": ({"categories": frozenset({"orphan"})}, {"categories": frozenset()}),
    "de_facto_unsupported": ({"categories": frozenset({"de_facto_unsupported"})}, {"dfu_pending": False}),
    "other_local": ({"categories": frozenset({"other_local"})}, {"categories": frozenset()}),
    "low_income": ({"low_income": True}, {"low_income": False}),
    "child_disabled_or_ill": ({"health": "disabled"}, {"health": "chronic_illness"}),
    "caregiver_unwell": (
        {**LEFT_BEHIND, "caregiver_health": "chronic_illness"},
        {**LEFT_BEHIND, "caregiver_health": ""},
    ),
    "caregiver_elderly": ({**LEFT_BEHIND, "caregiver_age": 70}, {**LEFT_BEHIND, "caregiver_age": 69}),
    **{
        code: (yes(code), answered(code, "no"))
        for code in (
            "unsafe_home",
            "looks_malnourished",
            "untreated_illness",
            "missed_immunisation",
            "internet_addiction",
            "not_enough_food",
            "benefit_not_received",
        )
    },
}
RULES = {r["code"]: r for r in NATIONAL_DEFAULT["rules"]}


def test_every_default_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("code", list(RULES))
def test_rule_fires_on_a_minimal_case_and_not_on_its_neighbour(code):
    fire, neighbour = CASES[code]
    result = assess(facts(**fire), POLICY)
    assert (code, RULES[code]["reason"], RULES[code]["tier"]) in result.hits
    # Minimal: nothing more serious than the rule itself is found.
    assert result.tier == RULES[code]["tier"]
    assert code not in {h.rule for h in assess(facts(**neighbour), POLICY).hits}


def test_the_tiers_and_visit_intervals_are_the_domain_defaults():
    assert [(t.code, t.visit_every_days) for t in POLICY.tiers] == [
        ("red", 7),
        ("yellow", 14),
        ("blue", 30),
        ("green", 90),
    ]
    assert POLICY.contact_lapse_days == 7


def test_every_trigger_item_is_red():
    for code in TRIGGER_ITEMS:
        result = assess(facts(sex="F", age_years=10, **yes(code)), POLICY)
        assert result.tier == "red", code
        assert result.triggers, code


def test_a_stable_left_behind_child_with_a_capable_caregiver_is_green():
    result = assess(facts(**LEFT_BEHIND, answers={i.code: "no" for i in ITEMS}), POLICY)
    assert result.tier == "green"
    assert result.hits == (("no_risk_found", "no_risk_found", "green"),)
    assert result.alerts == ()
    assert result.triggers == ()


def test_a_stable_child_in_difficulty_is_blue():
    result = assess(facts(categories=frozenset({"orphan", "difficulty_economic"}), low_income=True), POLICY)
    assert result.tier == "blue"
    assert [h.rule for h in result.hits] == ["in_difficulty", "orphan", "low_income"]


def test_every_reason_has_a_short_english_sentence():
    used = {r["reason"] for r in NATIONAL_DEFAULT["rules"]} | {a["reason"] for a in NATIONAL_DEFAULT["alerts"]}
    assert used | {"no_risk_found"} == set(ALL_REASON_KEYS)
    for key, text in REASON_EN.items():
        assert text.endswith("."), key
        assert text[0].isupper(), key
        assert len(text) <= 100, key


def test_the_default_is_plain_json():
    assert compile_policy(json.loads(json.dumps(NATIONAL_DEFAULT))).tier_codes == POLICY.tier_codes


def test_a_severely_malnourished_child_is_named_once_not_also_as_moderate():
    """SAM from severe wasting is red for "sam" alone; the red card and alert do not add MAM."""
    reasons = [reason for _tier, reason, *_ in assess(facts(growth=frozenset({"sam", "wasting_severe"})), POLICY).hits]
    assert "sam" in reasons
    assert "acute_malnutrition" not in reasons


def test_a_severely_thin_school_age_child_is_red_and_named_once():
    """DOMAIN §9.2: severe malnutrition at every age is red; at 5-19 y, BMI-for-age < -3 (issue 12).
    The old policy made such a child yellow (the "thinness" rule only)."""
    result = assess(facts(growth=frozenset({"thinness_severe"})), POLICY)
    assert result.tier == "red"
    reasons = [reason for _rule, reason, *_ in result.hits]
    assert "severe_thinness" in reasons
    assert "thinness" not in reasons


@pytest.mark.parametrize(
    ("growth", "item"),
    [("thinness_severe", "abnormal_injury_or_death"), ("sam", "abnormal_injury_or_death"), ("oedema", "bullying")],
)
def test_severe_malnutrition_with_violence_names_the_same_situation_as_the_legal_layer(growth, item):
    """The policy's "sam_with_abuse" reason and the legal layer's situation (4) read the same two
    lists: a severely thin 12-year-old with an injury from an abnormal cause is named under both."""
    child = facts(growth=frozenset({growth}), age_years=12, **yes(item))
    result = assess(child, POLICY)
    assert result.tier == "red"
    assert "sam_with_abuse" in [reason for _rule, reason, *_ in result.hits]
    assert "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS" in legal_triggers(child)
