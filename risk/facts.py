"""The facts the risk engine reads: one plain dict per child, built by the Django side.

`Facts` documents the schema; `FACTS` describes each fact's kind and, where the registry
has a fixed list, its allowed values, so that `risk.engine.compile_policy` can reject a
rule that compares a fact with a value it can never take. `BASELINE` is a complete,
neutral facts dict (a child with no known risk), handy for tests and for filling gaps.

Missing keys and None values both mean "not known": every comparison on them is false
(see risk.engine).
"""

from dataclasses import dataclass
from typing import TypedDict

# DOMAIN.md §1.1; children.choices.Category.
CATEGORIES = (
    "rural_left_behind",
    "difficulty_economic",
    "difficulty_disability",
    "difficulty_guardianship",
    "orphan",
    "de_facto_unsupported",
    "other_local",
)
# DOMAIN.md §1.5; children.choices.ParentCondition (without the empty "none").
PARENT_CONDITIONS = (
    "severe_disability",
    "serious_illness",
    "imprisoned",
    "drug_rehab",
    "other_detention",
    "lost_contact",
    "guardianship_revoked",
    "deported",
)
HEALTH = ("healthy", "disabled", "serious_illness", "chronic_illness", "other")
CAREGIVER_HEALTH = ("", *HEALTH)  # "" = not recorded
SCHOOLING = ("preschool", "kindergarten", "primary", "junior", "senior", "university", "dropped_out", "out_other")
HUKOU = ("rural", "urban", "none")
SEX = ("M", "F")
# growth.classify.FINDINGS keys, most serious first (a test keeps the two in step; this
# package does not import growth, which needs numpy).
GROWTH_FINDINGS = (
    "sam",
    "oedema",
    "mam",
    "wasting_severe",
    "wasting_moderate",
    "stunting_severe",
    "stunting_moderate",
    "underweight_severe",
    "underweight_moderate",
    "thinness_severe",
    "thinness_moderate",
    "obesity",
    "overweight",
    # A value WHO flags as implausible: left out of the findings above; re-measure the child.
    "implausible_haz",
    "implausible_waz",
    "implausible_whz",
    "implausible_baz",
    "implausible_muacz",
    "implausible_hcz",
    "implausible_tsz",
    "implausible_ssz",
)


class Facts(TypedDict):
    """What the engine knows about one child on the day of the assessment."""

    age_years: int  # completed years on that day
    age_days: int  # days since birth
    sex: str  # "M" or "F"
    categories: frozenset[str]  # CATEGORIES; a child may carry several
    hukou: str  # HUKOU
    both_parents_away: bool  # both living parents are working away
    one_parent_away: bool  # exactly one living parent is away
    # A living parent at home who has a severe disability or serious illness (无监护能力).
    parent_incapable: bool
    parent_conditions: frozenset[str]  # PARENT_CONDITIONS of either parent
    # A time-bound parent condition (prison, rehab, detention, lost contact) under 6 months
    # old: a de facto unsupported case that cannot be confirmed yet (DOMAIN.md §1.5).
    dfu_pending: bool
    has_caregiver: bool  # an entrusted caregiver is recorded (MPL Art. 22)
    caregiver_health: str  # CAREGIVER_HEALTH; "" when not recorded
    caregiver_age: int | None  # None when not recorded
    # Days since the latest contact from a parent who is away (MPL Art. 23: at least weekly).
    # None when no parent is away or no contact was ever recorded.
    days_since_contact: int | None
    days_since_visit: int | None  # None when never visited
    schooling: str  # SCHOOLING
    health: str  # HEALTH, the child's own
    growth: frozenset[str]  # GROWTH_FINDINGS of the latest valid measurement; empty if none
    answers: dict[str, str]  # latest current visit: checklist item code -> "yes" / "no" / "unknown"
    unexcused_absences_30d: int  # school signal; 0 until schools report
    open_report: bool  # a mandatory report about the child is still open
    open_referral: bool  # a referral to services is still open
    low_income: bool  # 低保, 特困, 低保边缘 or 防返贫监测 household


@dataclass(frozen=True)
class FactSpec:
    kind: str  # "int", "bool", "str", "set" or "answers"
    values: tuple[str, ...] = ()  # allowed values of a "str" fact or members of a "set" fact; () = any


FACTS: dict[str, FactSpec] = {
    "age_years": FactSpec("int"),
    "age_days": FactSpec("int"),
    "sex": FactSpec("str", SEX),
    "categories": FactSpec("set", CATEGORIES),
    "hukou": FactSpec("str", HUKOU),
    "both_parents_away": FactSpec("bool"),
    "one_parent_away": FactSpec("bool"),
    "parent_incapable": FactSpec("bool"),
    "parent_conditions": FactSpec("set", PARENT_CONDITIONS),
    "dfu_pending": FactSpec("bool"),
    "has_caregiver": FactSpec("bool"),
    "caregiver_health": FactSpec("str", CAREGIVER_HEALTH),
    "caregiver_age": FactSpec("int"),
    "days_since_contact": FactSpec("int"),
    "days_since_visit": FactSpec("int"),
    "schooling": FactSpec("str", SCHOOLING),
    "health": FactSpec("str", HEALTH),
    "growth": FactSpec("set", GROWTH_FINDINGS),
    "answers": FactSpec("answers"),
    "unexcused_absences_30d": FactSpec("int"),
    "open_report": FactSpec("bool"),
    "open_referral": FactSpec("bool"),
    "low_income": FactSpec("bool"),
}
assert set(FACTS) == set(Facts.__annotations__), "FACTS and Facts must list the same names"

# A 10-year-old at school, living with both parents, no findings, never visited.
BASELINE: Facts = {
    "age_years": 10,
    "age_days": 3652,
    "sex": "M",
    "categories": frozenset(),
    "hukou": "rural",
    "both_parents_away": False,
    "one_parent_away": False,
    "parent_incapable": False,
    "parent_conditions": frozenset(),
    "dfu_pending": False,
    "has_caregiver": False,
    "caregiver_health": "",
    "caregiver_age": None,
    "days_since_contact": None,
    "days_since_visit": None,
    "schooling": "primary",
    "health": "healthy",
    "growth": frozenset(),
    "answers": {},
    "unexcused_absences_30d": 0,
    "open_report": False,
    "open_referral": False,
    "low_income": False,
}


def facts_problems(facts: dict) -> list[str]:
    """What is wrong with a facts dict (missing or unknown names, wrong types or values); [] if nothing.

    Not called by the engine (it must stay fast); meant for tests and for the code that builds facts.
    """
    problems = [f"missing fact {name!r}" for name in FACTS if name not in facts]
    problems += [f"unknown fact {name!r}" for name in facts if name not in FACTS]
    for name, value in facts.items():
        spec = FACTS.get(name)
        if spec is None or value is None:
            continue
        if spec.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(f"{name}: expected an int, got {value!r}")
        elif spec.kind == "bool" and not isinstance(value, bool):
            problems.append(f"{name}: expected a bool, got {value!r}")
        elif spec.kind == "str":
            if not isinstance(value, str):
                problems.append(f"{name}: expected a str, got {value!r}")
            elif spec.values and value not in spec.values:
                problems.append(f"{name}: unknown value {value!r}")
        elif spec.kind == "set":
            if not isinstance(value, (set, frozenset)):
                problems.append(f"{name}: expected a frozenset, got {type(value).__name__}")
            elif spec.values:
                problems += [f"{name}: unknown member {v!r}" for v in sorted(value - set(spec.values))]
        elif spec.kind == "answers" and not isinstance(value, dict):
            problems.append(f"{name}: expected a dict, got {type(value).__name__}")
    return problems
