"""The rules engine: tiers, reasons, triggers, alerts, policy validation, local policies, due dates."""

import copy
import time
from datetime import date, timedelta

import pytest

from risk.checklist import ITEMS
from risk.defaults import NATIONAL_DEFAULT
from risk.engine import Assessment, PolicyError, assess, assess_many, compile_policy, next_due
from risk.facts import BASELINE, FACTS

POLICY = compile_policy(NATIONAL_DEFAULT)
TODAY = date(2025, 6, 16)


def facts(**changes):
    return {**BASELINE, **changes}


def alert_codes(result: Assessment) -> list[str]:
    return [a.code for a in result.alerts]


def tiny(rules, alerts=(), **extra):
    """A small three-tier policy for engine tests that should not depend on the national rules."""
    return compile_policy(
        {
            "tiers": [
                {"code": "high", "visit_every_days": 3},
                {"code": "medium", "visit_every_days": 10},
                {"code": "low", "visit_every_days": 60},
            ],
            "contact_lapse_days": 7,
            "rules": list(rules),
            "alerts": list(alerts),
            **extra,
        }
    )


def rule(code, tier, when, reason="sam", **extra):
    return {"code": code, "tier": tier, "when": when, "reason": reason, **extra}


# ---------------------------------------------------------------- tiers and reasons


def test_the_most_serious_matching_tier_wins_and_every_hit_is_kept():
    result = assess(
        facts(categories=frozenset({"orphan"}), schooling="dropped_out", answers={"domestic_violence": "yes"}), POLICY
    )
    assert result.tier == "red"
    assert [(h.rule, h.tier) for h in result.hits] == [
        ("domestic_violence", "red"),
        ("dropped_out", "yellow"),
        ("orphan", "blue"),
    ]


def test_hits_are_ordered_by_tier_then_policy_order_whatever_the_document_order():
    policy = tiny(
        [
            rule("a_low", "low", {"fact": "low_income", "is": True}),
            rule("b_high", "high", {"fact": "open_report", "is": True}),
            rule("c_medium", "medium", {"fact": "dfu_pending", "is": True}),
            rule("d_high", "high", {"fact": "dfu_pending", "is": True}),
        ]
    )
    result = assess(facts(low_income=True, open_report=True, dfu_pending=True), policy)
    assert [h.rule for h in result.hits] == ["b_high", "d_high", "c_medium", "a_low"]
    assert result.tier == "high"
    assert assess(facts(low_income=True), policy).tier == "low"


def test_no_match_gives_the_least_serious_tier_with_no_risk_found():
    assert assess(BASELINE, POLICY).hits == (("no_risk_found", "no_risk_found", "green"),)
    result = assess(BASELINE, tiny([rule("x", "high", {"fact": "open_report", "is": True})]))
    assert result.tier == "low"
    assert result.hits == (("no_risk_found", "no_risk_found", "low"),)
    assert tiny([]).rules == ()


def test_a_rule_may_name_the_least_serious_tier():
    policy = tiny([rule("stable", "low", {"fact": "has_caregiver", "is": True})])
    assert assess(facts(has_caregiver=True), policy).hits == (("stable", "sam", "low"),)


# ---------------------------------------------------------------- absolute alerts


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"age_years": 15, "answers": {"lives_alone": "yes"}}, ["under16_without_guardian"]),
        ({"age_years": 16, "answers": {"lives_alone": "yes"}}, []),
        ({"age_years": 15, "both_parents_away": True}, ["under16_without_guardian", "no_caregiver_parents_away"]),
        ({"age_years": 16, "both_parents_away": True}, ["no_caregiver_parents_away"]),
        ({"age_years": 15, "both_parents_away": True, "has_caregiver": True}, []),
        ({"age_years": 7, "answers": {"under8_unattended": "yes"}}, ["under8_unattended"]),
        ({"age_years": 8, "answers": {"under8_unattended": "yes"}}, []),
        ({"age_years": 7, "answers": {"under8_unattended": "unknown"}}, []),
        ({"one_parent_away": True, "days_since_contact": 8}, ["contact_lapsed"]),
        ({"one_parent_away": True, "days_since_contact": 7}, []),
        ({"one_parent_away": True, "days_since_contact": None}, []),
    ],
)
def test_absolute_alerts(changes, expected):
    assert alert_codes(assess(facts(**changes), POLICY)) == expected


def test_alerts_are_raised_whatever_the_tier():
    result = assess(
        facts(
            categories=frozenset({"rural_left_behind"}),
            both_parents_away=True,
            has_caregiver=True,
            caregiver_health="healthy",
            days_since_contact=9,
        ),
        POLICY,
    )
    assert result.tier == "green"
    assert result.alerts == (("contact_lapsed", "contact_lapsed"),)


# ---------------------------------------------------------------- report triggers


@pytest.mark.parametrize(
    ("sex", "age", "answers", "trigger"),
    [
        ("F", 13, ("sexual_abuse_or_pregnancy",), "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY"),
        ("F", 13, ("pregnant",), "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY"),
        ("F", 14, ("sexual_abuse_or_pregnancy", "pregnant"), "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY"),
        # Issue 12: a girl of 14+ with signs of assault but not pregnant is Art. 4(9), not 4(3)
        # (the old code labelled her 4(3)).
        ("F", 14, ("sexual_abuse_or_pregnancy",), "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"),
        ("M", 10, ("sexual_abuse_or_pregnancy",), "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"),
        ("F", None, ("sexual_abuse_or_pregnancy",), "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY"),  # unknown age: broader
    ],
)
def test_sexual_abuse_triggers_depend_on_age_and_sex(sex, age, answers, trigger):
    result = assess(facts(sex=sex, age_years=age, answers=dict.fromkeys(answers, "yes")), POLICY)
    assert result.triggers == (trigger,)
    assert result.tier == "red"


def test_a_pregnant_girl_of_14_without_signs_of_assault_is_not_a_police_report():
    """Art. 4(3) needs (suspected) sexual assault; the tier still makes her a priority."""
    result = assess(facts(sex="F", age_years=15, answers={"pregnant": "yes"}), POLICY)
    assert result.triggers == ()
    assert result.tier == "red"


def test_rules_add_their_own_triggers_in_the_legal_order():
    policy = tiny(
        [
            {
                "code": "dropout",
                "tier": "high",
                "when": {"answer": "dropped_out"},
                "reason": "dropped_out",
                "triggers": ["OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"],
            }
        ]
    )
    answers = {"dropped_out": "yes", "begging": "yes"}
    result = assess(facts(answers=answers), policy)
    assert result.triggers == ("ORGANISED_BEGGING", "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER")
    assert assess(facts(answers={"begging": "yes"}), policy).triggers == ("ORGANISED_BEGGING",)


def test_triggers_follow_the_answers_even_when_a_policy_drops_the_rules():
    # The duty to report is the law's: a county cannot configure it away.
    result = assess(facts(answers={"domestic_violence": "yes"}), tiny([]))
    assert result.tier == "low"
    assert result.triggers == ("SUSPECTED_DOMESTIC_VIOLENCE",)


# ---------------------------------------------------------------- unknown facts


def test_unknown_facts_never_match():
    unknown = dict.fromkeys(FACTS)
    result = assess(unknown, POLICY)
    assert (result.tier, result.triggers, result.alerts) == ("green", (), ())
    assert assess({}, POLICY).tier == "green"


@pytest.mark.parametrize("op", ["eq", "ne", "lt", "le", "gt", "ge"])
def test_every_comparison_on_none_is_false(op):
    policy = tiny([rule("x", "high", {"fact": "caregiver_age", op: 70})])
    assert assess(facts(caregiver_age=None), policy).tier == "low"


def test_is_on_none_is_false_and_not_makes_unknown_count():
    policy = tiny(
        [
            rule("no_caregiver", "high", {"fact": "has_caregiver", "is": False}),
            rule("not_known_young", "medium", {"not": {"fact": "caregiver_age", "lt": 70}}),
        ]
    )
    assert [h.rule for h in assess(facts(has_caregiver=None, caregiver_age=None), policy).hits] == ["not_known_young"]
    assert [h.rule for h in assess(facts(has_caregiver=False, caregiver_age=50), policy).hits] == ["no_caregiver"]


def test_an_unknown_caregiver_age_is_not_elderly():
    left_behind = facts(
        categories=frozenset({"rural_left_behind"}),
        has_caregiver=True,
        caregiver_health="healthy",
        caregiver_age=None,
        answers=None,
    )
    assert assess(left_behind, POLICY).tier == "green"


# ---------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("cond", "changes", "matches"),
    [
        ({"fact": "age_years", "eq": 10}, {}, True),
        ({"fact": "age_years", "ne": 10}, {}, False),
        ({"fact": "age_years", "le": 10}, {}, True),
        ({"fact": "age_years", "ge": 11}, {}, False),
        ({"fact": "age_years", "in": [3, 10]}, {}, True),
        ({"fact": "schooling", "in": ["junior", "senior"]}, {}, False),
        ({"fact": "sex", "eq": "M"}, {}, True),
        ({"fact": "parent_conditions", "has": "imprisoned"}, {"parent_conditions": frozenset({"imprisoned"})}, True),
        (
            {"fact": "parent_conditions", "has_any": ["drug_rehab", "deported"]},
            {"parent_conditions": frozenset({"imprisoned"})},
            False,
        ),
        ({"fact": "growth", "is": True}, {"growth": frozenset({"overweight"})}, True),
        ({"fact": "growth", "is": True}, {}, False),
        (
            {"all": [{"fact": "sex", "eq": "M"}, {"fact": "age_years", "lt": 12}, {"fact": "hukou", "eq": "rural"}]},
            {},
            True,
        ),
        (
            {"any": [{"fact": "sex", "eq": "F"}, {"fact": "age_years", "gt": 12}, {"fact": "hukou", "eq": "urban"}]},
            {},
            False,
        ),
        ({"answer": "truancy"}, {"answers": {"truancy": "no"}}, False),
    ],
)
def test_operators(cond, changes, matches):
    policy = tiny([rule("x", "high", cond)])
    assert (assess(facts(**changes), policy).tier == "high") is matches


# ---------------------------------------------------------------- validation


def broken(path, value):
    """The national default with one part replaced; path is a list of keys and indexes."""
    data = copy.deepcopy(NATIONAL_DEFAULT)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def rule_index(code):
    return next(i for i, r in enumerate(NATIONAL_DEFAULT["rules"]) if r["code"] == code)


SAM, DROPPED = rule_index("sam"), rule_index("dropped_out")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            broken(["rules", SAM, "when"], {"fact": "growht", "has": "sam"}),
            "rule 'sam': when: unknown fact 'growht' (did you mean 'growth'?)",
        ),
        (broken(["rules", SAM, "when"], {"fact": "growth", "contains": "sam"}), "rule 'sam': when: unknown operator"),
        (
            broken(["rules", SAM, "when"], {"fact": "growth", "gt": 1}),
            "rule 'sam': when: operator 'gt' does not apply to the set fact 'growth'",
        ),
        (
            broken(["rules", SAM, "when"], {"fact": "growth", "has": "sam", "has_any": ["mam"]}),
            "rule 'sam': when: fact 'growth' needs exactly one operator",
        ),
        (
            broken(["rules", SAM, "when"], {"fact": "growth", "has": "sam_"}),
            "rule 'sam': when: fact 'growth' has: 'sam_'",
        ),
        (broken(["rules", SAM, "when"], {"fact": "answers", "is": True}), "rule 'sam': when: test checklist answers"),
        (broken(["rules", SAM, "tier"], "orange"), "rule 'sam': unknown tier 'orange'"),
        (broken(["rules", SAM, "reason"], "sam_found"), "rule 'sam': unknown reason key 'sam_found'"),
        (broken(["rules", SAM, "triggers"], ["SEVERE_MALNUTRITION"]), "rule 'sam': unknown report trigger"),
        (broken(["rules", SAM, "triggers"], "MISSING"), "rule 'sam': 'triggers' must be a list"),
        (
            broken(["rules", DROPPED, "when", "any", 1], {"answer": "drop_out"}),
            "rule 'dropped_out': when.any[1]: unknown checklist item 'drop_out' (did you mean 'dropped_out'?)",
        ),
        (
            broken(["rules", DROPPED, "when", "any", 0], {"fact": "schooling", "eq": "dropout"}),
            "rule 'dropped_out': when.any[0]: fact 'schooling' eq: 'dropout' is not a value of 'schooling'",
        ),
        (broken(["rules", DROPPED, "when"], {"any": []}), "rule 'dropped_out': when: 'any' needs a non-empty list"),
        (
            broken(["rules", DROPPED, "when"], {"any": [{"answer": "truancy"}], "all": [{"answer": "truancy"}]}),
            "rule 'dropped_out': when: a condition needs exactly one of",
        ),
        (
            broken(["rules", DROPPED, "when"], {"not": {"answer": "truancy"}, "note": "x"}),
            "rule 'dropped_out': when: unknown key 'note'",
        ),
        (
            broken(["rules", DROPPED, "when"], [{"answer": "truancy"}]),
            "rule 'dropped_out': when: a condition must be an object",
        ),
        (
            broken(["rules", DROPPED, "when"], {"fact": "age_years", "lt": "8"}),
            "rule 'dropped_out': when: fact 'age_years' lt: expected a whole number",
        ),
        (broken(["rules", DROPPED, "when"], {"fact": "age_years", "lt": True}), "expected a whole number, got True"),
        (broken(["rules", DROPPED, "when"], {"fact": "open_report", "is": "yes"}), "expected true or false"),
        (broken(["rules", DROPPED, "when"], {"fact": "age_years", "in": []}), "expected a non-empty list"),
        (broken(["rules", DROPPED, "when"], {"fact": "age_years", "gt": "$lapse"}), "unknown policy number '$lapse'"),
        (
            broken(["rules", DROPPED, "when"], {"fact": "sex", "eq": "$contact_lapse_days"}),
            "can only stand for a number",
        ),
        (broken(["rules", DROPPED, "code"], "sam"), "rule 'sam': duplicate code"),
        (
            broken(["rules", DROPPED, "code"], "no_risk_found"),
            "rule 'no_risk_found': the code 'no_risk_found' is reserved",
        ),
        (broken(["rules", DROPPED, "code"], "dropped out"), f"rules[{DROPPED}]: 'code' must be a short name"),
        (broken(["rules", DROPPED, "wen"], {}), "rule 'dropped_out': unknown key 'wen' (did you mean 'when'?)"),
        (
            broken(["rules", DROPPED], {"code": "dropped_out", "tier": "yellow", "reason": "dropped_out"}),
            "rule 'dropped_out': 'when' is missing",
        ),
        (broken(["rules", DROPPED, "note"], 5), "rule 'dropped_out': 'note' must be text"),
        (broken(["alerts", 1, "code"], "under16_without_guardian"), "alert 'under16_without_guardian': duplicate code"),
        (broken(["alerts", 0, "tier"], "red"), "alert 'under16_without_guardian': unknown key 'tier'"),
        (
            broken(["alerts", 3, "when"], {"fact": "days_since_contact", "gt": "$contact_lapse"}),
            "alert 'contact_lapsed': when: fact 'days_since_contact' gt: unknown policy number '$contact_lapse'",
        ),
        (broken(["tiers", 1, "code"], "red"), "tier 'red': duplicate tier code"),
        (broken(["tiers", 1, "visit_every_days"], 0), "tier 'yellow': visit_every_days must be"),
        (broken(["tiers", 1, "visit_every_days"], True), "tier 'yellow': visit_every_days must be"),
        (broken(["tiers"], []), "tiers: expected a non-empty list"),
        (broken(["contact_lapse_days"], "7"), "contact_lapse_days: expected a whole number"),
        (broken(["contact_lapse_days"], 0), "contact_lapse_days: expected a whole number"),
        (broken(["rules"], {}), "rules: expected a list"),
        (broken(["reasons"], {"local": ""}), "reasons: 'local' needs a non-empty text"),
        (broken(["rule"], []), "policy: unknown key 'rule' (did you mean 'rules'?)"),
        (
            {"tiers": [{"code": "red", "visit_every_days": 7}], "rules": [], "alerts": []},
            "'contact_lapse_days' is missing",
        ),
        ([], "a policy must be an object"),
    ],
)
def test_policy_errors_name_the_rule_and_the_bad_part(data, message):
    with pytest.raises(PolicyError) as err:
        compile_policy(data)
    assert message in str(err.value)


def test_compile_keeps_a_private_copy_of_the_document():
    data = copy.deepcopy(NATIONAL_DEFAULT)
    policy = compile_policy(data)
    data["rules"].clear()
    data["contact_lapse_days"] = 99
    assert policy.data["contact_lapse_days"] == 7
    assert len(policy.data["rules"]) == len(NATIONAL_DEFAULT["rules"])
    assert assess(facts(open_report=True), policy).tier == "red"


# ---------------------------------------------------------------- local policies


def test_a_county_that_allows_two_weeks_between_parent_contacts():
    county = copy.deepcopy(NATIONAL_DEFAULT)
    county["contact_lapse_days"] = 14
    child = facts(one_parent_away=True, days_since_contact=10)
    assert alert_codes(assess(child, POLICY)) == ["contact_lapsed"]
    assert alert_codes(assess(child, compile_policy(county))) == []
    assert alert_codes(assess({**child, "days_since_contact": 15}, compile_policy(county))) == ["contact_lapsed"]


def test_a_county_that_adds_a_rule_with_its_own_reason_and_intervals():
    county = copy.deepcopy(NATIONAL_DEFAULT)
    county["reasons"] = {"parent_in_prison": "A parent is in prison."}
    county["rules"].append(
        {
            "code": "parent_in_prison",
            "tier": "yellow",
            "reason": "parent_in_prison",
            "when": {"fact": "parent_conditions", "has_any": ["imprisoned", "drug_rehab"]},
            "note": "Local: children of prisoners (服刑人员子女)",
        }
    )
    county["tiers"][2]["visit_every_days"] = 21
    policy = compile_policy(county)
    result = assess(facts(parent_conditions=frozenset({"imprisoned"})), policy)
    assert result.tier == "yellow"
    assert result.hits == (("parent_in_prison", "parent_in_prison", "yellow"),)
    assert policy.reasons["parent_in_prison"] == "A parent is in prison."
    assert assess(facts(parent_conditions=frozenset({"imprisoned"})), POLICY).tier == "green"
    assert next_due(TODAY, "blue", policy, TODAY) == TODAY + timedelta(days=21)


def test_a_county_with_three_tiers():
    policy = tiny(
        [
            rule("alone", "high", {"answer": "lives_alone"}, reason="lives_alone"),
            rule("no_carer", "medium", {"fact": "has_caregiver", "is": False}, reason="no_caregiver_parents_away"),
        ]
    )
    assert assess(facts(has_caregiver=True), policy).tier == "low"
    assert assess(facts(has_caregiver=False), policy).tier == "medium"
    assert assess(facts(answers={"lives_alone": "yes"}), policy).tier == "high"
    assert policy.rank("high") == 0
    assert policy.more_serious("low", "medium") == "medium"


# ---------------------------------------------------------------- due dates


@pytest.mark.parametrize(("tier", "days"), [("red", 7), ("yellow", 14), ("blue", 30), ("green", 90)])
def test_next_due_is_the_last_visit_plus_the_tier_interval(tier, days):
    last = date(2025, 6, 1)
    assert next_due(last, tier, POLICY, TODAY) == last + timedelta(days=days)


def test_never_visited_is_due_today():
    assert next_due(None, "green", POLICY, TODAY) == TODAY


def test_a_more_serious_tier_shortens_the_due_date_at_once():
    last = TODAY - timedelta(days=20)
    green = next_due(last, "green", POLICY, TODAY)
    assert green == TODAY + timedelta(days=70)
    # The same visit, recomputed after the child turns red: due 13 days ago, i.e. overdue now.
    red = next_due(last, "red", POLICY, TODAY)
    assert red == TODAY - timedelta(days=13) < TODAY
    # And back to blue once the situation is safe again.
    assert next_due(last, "blue", POLICY, TODAY) == TODAY + timedelta(days=10)


def test_next_due_rejects_a_tier_the_policy_does_not_have():
    with pytest.raises(PolicyError, match="unknown tier 'orange'"):
        next_due(TODAY, "orange", POLICY, TODAY)


# ---------------------------------------------------------------- many children


def test_assess_many_matches_assess_and_takes_any_iterable():
    many = [facts(age_years=age, answers={ITEMS[age].code: "yes"}) for age in range(18)]
    assert assess_many(iter(many), POLICY) == [assess(f, POLICY) for f in many]
    assert assess_many([], POLICY) == []


def test_assessing_20000_children_is_quick():
    many = [
        facts(
            age_years=i % 18,
            both_parents_away=i % 3 == 0,
            days_since_contact=i % 40,
            answers={item.code: "no" for item in ITEMS},
        )
        for i in range(20_000)
    ]
    start = time.perf_counter()
    assess_many(many, POLICY)
    assert time.perf_counter() - start < 5  # about 0.4 s on the 2-core build machine
