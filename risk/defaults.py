"""The national default risk policy (DOMAIN.md §9.2, "[D] default grading model") and reason texts.

The policy is plain JSON-able data in the grammar of risk.engine; a province, prefecture or
county replaces it with its own document. Rules are listed by tier, most serious first.

Where the brief and the law pull apart, the law wins: "caregiver cannot look after the child"
and "guardian neglects the child" are report triggers for left-behind children (§1.6 B,
国发〔2016〕13号), so a "yes" to either is red like every other trigger item, and the yellow
"guardian incapable" rule covers what the registry shows (a disabled or ill parent at home
with no capable caregiver) and the Art. 22 disqualifiers. A "yes" the grading model does not
name is never ignored: the child is then not "stable", so it is at least blue.
"""

from . import legal


def _yes(item: str) -> dict:
    return {"answer": item}


def _fact(name: str, op: str, value: object) -> dict:
    return {"fact": name, op: value}


def _rule(code: str, tier: str, when: dict, reason: str = "", note: str = "", triggers: tuple[str, ...] = ()) -> dict:
    rule: dict = {"code": code, "tier": tier, "when": when, "reason": reason or code}
    if triggers:
        rule["triggers"] = list(triggers)
    if note:
        rule["note"] = note
    return rule


# Checklist items whose "yes" obliges a report (risk.legal, which applies whatever the policy
# says): one red rule each in the national default, so that the reason names the item.
_TRIGGER_ITEMS = (
    ("lives_alone", "国发〔2016〕13号; MPL Art. 21"),
    ("caregiver_incapable", "国发〔2016〕13号 (left-behind children); MPL Art. 22"),
    ("unexplained_injuries", "高检发〔2020〕9号 Art. 4(4)"),
    ("genital_injury", "高检发〔2020〕9号 Art. 4(1)"),
    ("sexual_abuse_or_pregnancy", "高检发〔2020〕9号 Art. 4(2), 4(3), 4(9)"),
    ("pregnant", "高检发〔2020〕9号 Art. 4(2), 4(3)"),
    ("impaired_consciousness", "高检发〔2020〕9号 Art. 4(4)"),
    ("domestic_violence", "国发〔2016〕13号; 高检发〔2020〕9号 Art. 4(4)"),
    ("injured_unclear", "国发〔2016〕13号"),
    ("abnormal_injury_or_death", "高检发〔2020〕9号 Art. 4(5)"),
    ("work_injury", "高检发〔2020〕9号 Art. 4(5); 国发〔2016〕13号"),
    ("begging", "高检发〔2020〕9号 Art. 4(8)"),
    ("missing_or_trafficked", "高检发〔2020〕9号 Art. 4(7); 国发〔2016〕13号"),
    ("self_harm", "高检发〔2020〕9号 Art. 4(5)"),
    ("guardian_neglect", "国发〔2016〕13号"),
    ("abandoned", "高检发〔2020〕9号 Art. 4(6)"),
    ("imminent_danger", "高检发〔2020〕9号 Art. 4(9); MPL Art. 11"),
)
_SEVERE_MALNUTRITION = ["sam", "oedema"]
_WEAK_HEALTH = ["disabled", "serious_illness", "chronic_illness", "other"]  # "" (not recorded) is not weak
_ELDERLY_CAREGIVER_AGE = 70
_LEFT_BEHIND = {"any": [_fact("categories", "has", "rural_left_behind"), _fact("both_parents_away", "is", True)]}
_NO_CAPABLE_CAREGIVER = {
    "any": [
        _fact("has_caregiver", "is", False),
        _fact("caregiver_health", "in", _WEAK_HEALTH),
        _fact("caregiver_age", "ge", _ELDERLY_CAREGIVER_AGE),
    ]
}
_NO_CAREGIVER_PARENTS_AWAY = {"all": [_fact("both_parents_away", "is", True), _fact("has_caregiver", "is", False)]}
_UNDER8_UNATTENDED = {"all": [_yes("under8_unattended"), _fact("age_years", "lt", 8)]}

RULES = [
    # RED: act now. Report immediately, supervisor told the same day, daily contact until safe.
    *(_rule(item, "red", _yes(item), note=source) for item, source in _TRIGGER_ITEMS),
    _rule(
        "suicidal_talk",
        "red",
        _yes("suicidal_talk"),
        note="MPL Art. 17(6), 70-71: get help the same day; not in itself a situation the law says to report",
    ),
    _rule(
        "sam",
        "red",
        _fact("growth", "has_any", _SEVERE_MALNUTRITION),
        note="WHO: SAM (WHZ < -3, MUAC < 115 mm or oedema) needs referral the same day",
    ),
    _rule(
        "severe_thinness",
        "red",
        _fact("growth", "has_any", ["thinness_severe"]),
        note="DOMAIN §9.2: severe malnutrition at school age, BMI-for-age < -3 SD (WHO 2007 reference)",
    ),
    _rule(
        "sam_with_abuse",
        "red",
        # Situation (4) of the legal layer, with its lists: severe malnutrition at any age (SAM,
        # oedema, severe wasting, severe thinness at 5-19 y) and the same violence or abuse items.
        # Each part is red on its own already, so this rule adds the reason, never a tier.
        {
            "all": [
                _fact("growth", "has_any", list(legal.SEVERE_MALNUTRITION)),
                {"any": [_yes(i) for i in legal.VIOLENCE_OR_ABUSE_ITEMS]},
            ]
        },
        # The report trigger itself comes from risk.legal, which no county policy can drop.
        note="高检发〔2020〕9号 Art. 4(4): severe malnutrition with suspected violence, bullying or abuse",
    ),
    _rule(
        "open_report",
        "red",
        _fact("open_report", "is", True),
        note="DOMAIN §9.2: red until safe; the report's case is still open",
    ),
    # YELLOW: visit at least every two weeks.
    _rule(
        "parent_incapable",
        "yellow",
        {"all": [_fact("parent_incapable", "is", True), _NO_CAPABLE_CAREGIVER]},
        note="无监护能力: parent at home severely disabled or ill, caregiver absent, unwell or 70+",
    ),
    _rule("caregiver_disqualified", "yellow", _yes("caregiver_disqualified"), note="MPL Art. 22"),
    _rule("under8_unattended", "yellow", _UNDER8_UNATTENDED, note="MPL Art. 21"),
    _rule("no_caregiver_parents_away", "yellow", _NO_CAREGIVER_PARENTS_AWAY, note="MPL Art. 22"),
    _rule("contact_lapsed_30d", "yellow", _fact("days_since_contact", "gt", 30), note="MPL Art. 23"),
    _rule("parents_unreachable", "yellow", _yes("parents_unreachable"), note="MPL Art. 23"),
    _rule("bullying", "yellow", _yes("bullying"), note="MPL Art. 39"),
    _rule("child_labour", "yellow", _yes("child_labour"), note="MPL Art. 61"),
    _rule("early_marriage", "yellow", _yes("early_marriage"), note="MPL Art. 17(9)"),
    _rule(
        "dropped_out",
        "yellow",
        {"any": [_fact("schooling", "eq", "dropped_out"), _yes("dropped_out")]},
        note="MPL Art. 28, 83 (控辍保学)",
    ),
    _rule("not_enrolled", "yellow", _yes("not_enrolled"), note="MPL Art. 28"),
    _rule("truancy", "yellow", _yes("truancy"), note="MPL Art. 28"),
    _rule("school_absences", "yellow", _fact("unexcused_absences_30d", "ge", 5), note="school signal"),
    _rule(
        "acute_malnutrition",
        "yellow",
        # Not also for a child the "sam" rule already names: one reason per finding on the red card.
        {
            "all": [
                _fact("growth", "has_any", ["mam", "wasting_moderate", "wasting_severe"]),
                {"not": _fact("growth", "has_any", _SEVERE_MALNUTRITION)},
            ]
        },
        note="WHO: MAM, WHZ < -2",
    ),
    _rule(
        "stunting", "yellow", _fact("growth", "has_any", ["stunting_moderate", "stunting_severe"]), note="WHO: HAZ < -2"
    ),
    _rule(
        "thinness",
        "yellow",
        # Not also for a child the "severe_thinness" rule already names (red).
        {
            "all": [
                _fact("growth", "has_any", ["thinness_moderate", "thinness_severe"]),
                {"not": _fact("growth", "has_any", ["thinness_severe"])},
            ]
        },
        note="WHO 2007 reference: BAZ < -2, the school-age counterpart of wasting",
    ),
    _rule("emotional_problems", "yellow", _yes("emotional_problems"), note="MPL Art. 17(6), 70-71"),
    _rule(
        "dfu_pending",
        "yellow",
        _fact("dfu_pending", "is", True),
        note="民发〔2019〕62号: time-bound parent condition under 6 months",
    ),
    # BLUE: visit monthly.
    _rule(
        "in_difficulty",
        "blue",
        _fact("categories", "has_any", ["difficulty_economic", "difficulty_disability", "difficulty_guardianship"]),
        note="国发〔2016〕36号",
    ),
    _rule("orphan", "blue", _fact("categories", "has", "orphan")),
    _rule("de_facto_unsupported", "blue", _fact("categories", "has", "de_facto_unsupported"), note="民发〔2019〕62号"),
    _rule("other_local", "blue", _fact("categories", "has", "other_local")),
    _rule("low_income", "blue", _fact("low_income", "is", True)),
    _rule("child_disabled_or_ill", "blue", _fact("health", "in", ["disabled", "serious_illness"])),
    _rule("caregiver_unwell", "blue", {"all": [_LEFT_BEHIND, _fact("caregiver_health", "in", _WEAK_HEALTH)]}),
    _rule("caregiver_elderly", "blue", {"all": [_LEFT_BEHIND, _fact("caregiver_age", "ge", _ELDERLY_CAREGIVER_AGE)]}),
    _rule("unsafe_home", "blue", _yes("unsafe_home")),
    _rule("looks_malnourished", "blue", _yes("looks_malnourished")),
    _rule("untreated_illness", "blue", _yes("untreated_illness")),
    _rule("missed_immunisation", "blue", _yes("missed_immunisation")),
    _rule("internet_addiction", "blue", _yes("internet_addiction")),
    _rule("not_enough_food", "blue", _yes("not_enough_food")),
    _rule("benefit_not_received", "blue", _yes("benefit_not_received")),
    # GREEN: everything else (no rule needed: no match means the least serious tier).
]

# Absolute alerts: raised whatever the tier.
ALERTS = [
    {
        "code": "under16_without_guardian",
        "reason": "under16_without_guardian",
        "when": {"all": [_fact("age_years", "lt", 16), {"any": [_yes("lives_alone"), _NO_CAREGIVER_PARENTS_AWAY]}]},
        "note": "国发〔2016〕13号: no child under 16 may live without a guardian",
    },
    {"code": "under8_unattended", "reason": "under8_unattended", "when": _UNDER8_UNATTENDED, "note": "MPL Art. 21"},
    {
        "code": "no_caregiver_parents_away",
        "reason": "no_caregiver_parents_away",
        "when": _NO_CAREGIVER_PARENTS_AWAY,
        "note": "MPL Art. 22",
    },
    {
        "code": "contact_lapsed",
        "reason": "contact_lapsed",
        "when": _fact("days_since_contact", "gt", "$contact_lapse_days"),
        "note": "MPL Art. 23: parents away contact the child at least once a week",
    },
]

NATIONAL_DEFAULT: dict = {
    "note": "National default, DOMAIN.md §9.2",
    "tiers": [
        {"code": "red", "visit_every_days": 7},
        {"code": "yellow", "visit_every_days": 14},
        {"code": "blue", "visit_every_days": 30},
        {"code": "green", "visit_every_days": 90},
    ],
    "contact_lapse_days": 7,
    "rules": RULES,
    "alerts": ALERTS,
}

# One short sentence per reason key; the Django side translates them (followup/texts.py).
REASON_EN: dict[str, str] = {
    # Red
    "lives_alone": "Lives alone without a guardian.",
    "caregiver_incapable": "The caregiver cannot look after the child.",
    "unexplained_injuries": "Several or unexplained injuries were seen.",
    "genital_injury": "An injury to the genitals or private parts was seen.",
    "sexual_abuse_or_pregnancy": "Signs of sexual abuse.",
    "domestic_violence": "There is violence at home.",
    "begging": "The child is made to beg.",
    "missing_or_trafficked": "The child is missing, of unknown origin or possibly trafficked.",
    "self_harm": "The child has hurt themselves on purpose.",
    "suicidal_talk": "The child talks of suicide or of wanting to die.",
    "pregnant": "The child is pregnant or has had an abortion.",
    "impaired_consciousness": "The child was drowsy, confused or hard to wake, possibly drugged or beaten.",
    "injured_unclear": "The child was injured in an accident or possibly harmed by someone.",
    "abnormal_injury_or_death": "Serious injury, disability or death from an unusual cause.",
    "work_injury": "The child was injured while working.",
    "guardian_neglect": "The guardian neglects the child.",
    "abandoned": "The child was abandoned or left without care for a long time.",
    "imminent_danger": "The child is in immediate danger.",
    "sam": "Severe acute malnutrition at the latest measurement.",
    "severe_thinness": "Severely thin for age (very low BMI) at the latest measurement.",
    "sam_with_abuse": "Severe malnutrition together with signs of violence or abuse.",
    "open_report": "A mandatory report about the child is still open.",
    # Yellow
    "parent_incapable": "The parent at home is severely disabled or ill, and no capable caregiver is recorded.",
    "caregiver_disqualified": "The caregiver drinks, gambles, takes drugs or has harmed children.",
    "under8_unattended": "A child under 8 is left unattended.",
    "no_caregiver_parents_away": "Both parents are away and no caregiver is recorded.",
    "contact_lapsed_30d": "No contact from a parent working away for more than 30 days.",
    "parents_unreachable": "The parents could not be reached.",
    "bullying": "The child is bullied.",
    "child_labour": "The child works for money.",
    "early_marriage": "The child is betrothed or married.",
    "dropped_out": "The child has dropped out of school.",
    "not_enrolled": "The child is not enrolled in school.",
    "truancy": "The child is often absent from school.",
    "school_absences": "The school reports 5 or more unexcused absences in 30 days.",
    "acute_malnutrition": "Moderate acute malnutrition or wasting at the latest measurement.",
    "stunting": "Stunted growth (short for age) at the latest measurement.",
    "thinness": "Thin for age (low BMI) at the latest measurement.",
    "emotional_problems": "Signs of emotional or behaviour problems.",
    "dfu_pending": "A parent's condition may make the child de facto unsupported; confirm at 6 months.",
    # Blue
    "in_difficulty": "A child in difficulty (economic, disability or guardianship).",
    "orphan": "An orphan.",
    "de_facto_unsupported": "A de facto unsupported child.",
    "other_local": "In a local category of children needing care.",
    "low_income": "A low-income household (social assistance or poverty monitoring).",
    "child_disabled_or_ill": "The child is disabled or seriously ill.",
    "caregiver_unwell": "Left behind with a caregiver in poor health.",
    "caregiver_elderly": "Left behind with a caregiver aged 70 or over.",
    "unsafe_home": "The home is unsafe.",
    "looks_malnourished": "The child looks thin or malnourished; measure them.",
    "untreated_illness": "An illness or disability is not treated.",
    "missed_immunisation": "Vaccinations were missed.",
    "internet_addiction": "The child spends whole days or nights online.",
    "not_enough_food": "There is not enough food at home.",
    "benefit_not_received": "A benefit the child is entitled to is not received.",
    # Green
    "no_risk_found": "No risk found.",
    # Absolute alerts
    "under16_without_guardian": "A child under 16 is living without a guardian.",
    "contact_lapsed": "A parent working away has not been in touch recently enough (MPL Art. 23: weekly).",
}
ALL_REASON_KEYS: tuple[str, ...] = tuple(REASON_EN)
