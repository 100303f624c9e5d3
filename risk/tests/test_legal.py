"""The legal layer (risk.legal): every trigger of DOMAIN.md §1.6 is reached from what a CWD records,
and no county policy can remove one.

Issue 12: before the legal layer, trigger 5 (ABNORMAL_INJURY_OR_DEATH), MISSING and
SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM had no item, a drugged or unconscious child and a
child hurt at work could not be recorded, self-injury went to trigger 9, and severe malnutrition
with abuse was a rule of the county's policy (gone with a county policy that lacked it) that knew
only SAM and oedema, not severe thinness at school age.
"""

import pytest

from risk.checklist import BY_CODE, REPORT_TRIGGERS
from risk.defaults import NATIONAL_DEFAULT
from risk.engine import assess, compile_policy, legal_triggers
from risk.facts import BASELINE

GIRL_10 = {"sex": "F", "age_years": 10}
GIRL_15 = {"sex": "F", "age_years": 15}
BOY_12 = {"sex": "M", "age_years": 12}

# trigger -> (who, "yes" answers, growth findings): one recorded case that reaches it.
REACHED_BY = {
    "GENITAL_PRIVATE_INJURY": (BOY_12, ["genital_injury"], []),
    "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY": (GIRL_10, ["pregnant"], []),
    "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY": (GIRL_15, ["sexual_abuse_or_pregnancy", "pregnant"], []),
    "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS": (BOY_12, ["impaired_consciousness"], []),
    "ABNORMAL_INJURY_OR_DEATH": (BOY_12, ["abnormal_injury_or_death"], []),
    "ABANDONED_OR_LONG_UNATTENDED": (BOY_12, ["abandoned"], []),
    "UNKNOWN_ORIGIN_MISSING_TRAFFICKED": (BOY_12, ["missing_or_trafficked"], []),
    "ORGANISED_BEGGING": (BOY_12, ["begging"], []),
    "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER": (GIRL_15, ["sexual_abuse_or_pregnancy"], []),
    "LIVING_ALONE_WITHOUT_GUARDIAN": (BOY_12, ["lives_alone"], []),
    "MISSING": (BOY_12, ["missing_or_trafficked"], []),
    "GUARDIAN_INCAPABLE_OR_NEGLECTING": (BOY_12, ["guardian_neglect"], []),
    "SUSPECTED_DOMESTIC_VIOLENCE": (BOY_12, ["domestic_violence"], []),
    "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM": (BOY_12, ["injured_unclear"], []),
}

# A county policy with none of the national rules: one tier, nothing else.
BARE_COUNTY = compile_policy(
    {"tiers": [{"code": "watch", "visit_every_days": 30}], "contact_lapse_days": 7, "rules": [], "alerts": []}
)


def facts(who, answers, growth=()):
    return {**BASELINE, **who, "answers": dict.fromkeys(answers, "yes"), "growth": frozenset(growth)}


def test_the_table_covers_every_trigger_of_section_1_6():
    assert set(REACHED_BY) == set(REPORT_TRIGGERS)
    assert all(code in BY_CODE for who, answers, growth in REACHED_BY.values() for code in answers)


@pytest.mark.parametrize("trigger", REPORT_TRIGGERS)
@pytest.mark.parametrize("policy", [compile_policy(NATIONAL_DEFAULT), BARE_COUNTY], ids=["national", "bare_county"])
def test_every_trigger_is_reached_from_recorded_answers_whatever_the_policy(trigger, policy):
    result = assess(facts(*REACHED_BY[trigger]), policy)
    assert trigger in result.triggers


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Issue 12: self-injury went to trigger 9; it is trigger 5 (suicide, self-harm).
        (["self_harm"], ["ABNORMAL_INJURY_OR_DEATH"]),
        # Talk of suicide alone is not one of the situations the law lists (the tier still acts).
        (["suicidal_talk"], []),
        # Issue 12: a working child hurt at work had no trigger.
        (["work_injury"], ["ABNORMAL_INJURY_OR_DEATH", "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM"]),
        # Issue 12: "drugged / impaired consciousness" could not be recorded.
        (["impaired_consciousness"], ["MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS"]),
        (["missing_or_trafficked"], ["UNKNOWN_ORIGIN_MISSING_TRAFFICKED", "MISSING"]),
    ],
)
def test_what_each_new_item_obliges(answers, expected):
    assert legal_triggers(facts(BOY_12, answers)) == expected


def test_a_girl_of_14_or_more_with_signs_of_assault_but_not_pregnant_is_trigger_9():
    """The old code labelled her OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY (Art. 4(3) needs a pregnancy)."""
    assert legal_triggers(facts(GIRL_15, ["sexual_abuse_or_pregnancy"])) == ["OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"]
    assert legal_triggers(facts(GIRL_15, ["sexual_abuse_or_pregnancy", "pregnant"])) == [
        "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY"
    ]


@pytest.mark.parametrize(
    ("who", "growth"),
    [
        ({"sex": "M", "age_years": 2}, ["sam"]),
        ({"sex": "M", "age_years": 2}, ["oedema"]),
        # School age: BMI-for-age < -3 SD (WHO 2007) is severe malnutrition too (issue 12).
        (BOY_12, ["thinness_severe"]),
    ],
)
def test_severe_malnutrition_with_abuse_is_trigger_4_even_under_a_bare_county_policy(who, growth):
    result = assess(facts(who, ["bullying"], growth), BARE_COUNTY)
    assert result.triggers == ("MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS",)


def test_malnutrition_alone_or_moderate_thinness_with_abuse_is_not_trigger_4():
    assert legal_triggers(facts(BOY_12, [], ["thinness_severe"])) == []
    assert legal_triggers(facts(BOY_12, ["bullying"], ["thinness_moderate"])) == []


def test_a_county_policy_cannot_remove_a_trigger():
    """A policy's rules may add triggers; nothing in a policy document takes one away."""
    result = assess(facts(BOY_12, ["lives_alone", "abnormal_injury_or_death"]), BARE_COUNTY)
    assert result.tier == "watch"
    assert result.triggers == (
        "ABNORMAL_INJURY_OR_DEATH",
        "LIVING_ALONE_WITHOUT_GUARDIAN",
        "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM",
    )
