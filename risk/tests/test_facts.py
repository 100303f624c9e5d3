"""The facts schema: complete, consistent with the growth findings, and checkable."""

from risk.facts import BASELINE, FACTS, GROWTH_FINDINGS, Facts, facts_problems


def test_the_schema_lists_every_fact_once():
    assert list(FACTS) == list(Facts.__annotations__)
    assert facts_problems(BASELINE) == []


def test_growth_codes_match_the_growth_package():
    from growth.classify import FINDINGS

    assert tuple(FINDINGS) == GROWTH_FINDINGS


def test_facts_problems_names_what_is_wrong():
    bad = {
        **BASELINE,
        "age_years": "10",
        "has_caregiver": 1,
        "sex": "X",
        "growth": {"sam", "thin"},
        "answers": [],
        "extra": 1,
    }
    del bad["hukou"]
    assert facts_problems(bad) == [
        "missing fact 'hukou'",
        "unknown fact 'extra'",
        "age_years: expected an int, got '10'",
        "sex: unknown value 'X'",
        "has_caregiver: expected a bool, got 1",
        "growth: unknown member 'thin'",
        "answers: expected a dict, got list",
    ]
    assert facts_problems(dict.fromkeys(FACTS)) == []
