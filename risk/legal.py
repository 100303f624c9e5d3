"""The legal layer: which recorded answers and findings oblige a mandatory report (DOMAIN.md §1.6).

The duty to report is the law's, not the county's: risk.engine applies this table to every
child whatever the county's risk policy says, and a policy cannot remove or change it (a policy's
rules may only add triggers). Conditions use the policy grammar of risk.engine.

Sources:
- 高检发〔2020〕9号 《关于建立侵害未成年人案件强制报告制度的意见（试行）》 Art. 4, situations (1)-(9),
  to be reported to the police immediately;
- 国发〔2016〕13号 《关于加强农村留守儿童关爱保护工作的意见》: living alone without a guardian,
  missing, guardian incapable or neglecting, suspected domestic violence, suspected accidental
  injury or unlawful harm, to be reported to the police at the first moment;
- WHO: SAM (WHZ < -3, MUAC < 115 mm at 6-59 months, bilateral pitting oedema) and, at 5-19
  years, BMI-for-age < -3 SD (WHO 2007 reference), the "severe malnutrition" of situation (4).
"""


def _yes(item: str) -> dict:
    return {"answer": item}


def _any_yes(*items: str) -> dict:
    return {"any": [_yes(i) for i in items]}


_GIRL = {"fact": "sex", "eq": "F"}
# Unknown age counts as under 14: that trigger is the broader one (any suspected assault or
# pregnancy, not only pregnancy from assault), so nothing is missed.
_UNDER14_GIRL = {"all": [_GIRL, {"not": {"fact": "age_years", "ge": 14}}]}
_OVER14_GIRL = {"all": [_GIRL, {"fact": "age_years", "ge": 14}]}
_SEXUAL_ABUSE = _yes("sexual_abuse_or_pregnancy")  # the item now asks about signs of sexual abuse only

# Severe malnutrition at every age (DOMAIN.md §9.2): growth.classify findings. WS/T 456-2014
# 重度消瘦 (Chinese school-age screening) has no finding code yet; add it here when growth has one.
SEVERE_MALNUTRITION = ("sam", "oedema", "wasting_severe", "thinness_severe")
# Situation (4): "with (suspected) domestic violence, bullying, abuse, beating or drugging".
# The national default policy's "sam_with_abuse" reason uses the same two lists (risk.defaults).
VIOLENCE_OR_ABUSE_ITEMS = (
    "unexplained_injuries",
    "genital_injury",
    "sexual_abuse_or_pregnancy",
    "impaired_consciousness",
    "domestic_violence",
    "bullying",
    "abnormal_injury_or_death",
)
_VIOLENCE_OR_ABUSE = _any_yes(*VIOLENCE_OR_ABUSE_ITEMS)

# (trigger, condition, source), in REPORT_TRIGGERS order. A trigger may have several rows.
LEGAL_TRIGGERS: tuple[tuple[str, dict, str], ...] = (
    ("GENITAL_PRIVATE_INJURY", _yes("genital_injury"), "高检发〔2020〕9号 Art. 4(1)"),
    (
        "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY",
        {"all": [_UNDER14_GIRL, _any_yes("sexual_abuse_or_pregnancy", "pregnant")]},
        "高检发〔2020〕9号 Art. 4(2)",
    ),
    (
        "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY",
        {"all": [_OVER14_GIRL, _SEXUAL_ABUSE, _yes("pregnant")]},
        "高检发〔2020〕9号 Art. 4(3): pregnancy or abortion as a result of (suspected) sexual assault",
    ),
    (
        "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS",
        _any_yes("unexplained_injuries", "impaired_consciousness"),
        "高检发〔2020〕9号 Art. 4(4): multiple injuries or impaired consciousness (the items name the suspicion)",
    ),
    (
        "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS",
        {"all": [{"fact": "growth", "has_any": list(SEVERE_MALNUTRITION)}, _VIOLENCE_OR_ABUSE]},
        "高检发〔2020〕9号 Art. 4(4): severe malnutrition with suspected violence, bullying, abuse, drugging",
    ),
    (
        "ABNORMAL_INJURY_OR_DEATH",
        _any_yes("abnormal_injury_or_death", "self_harm", "work_injury"),
        "高检发〔2020〕9号 Art. 4(5): suicide, self-harm, work injury, poisoning, drugging, beating",
    ),
    ("ABANDONED_OR_LONG_UNATTENDED", _yes("abandoned"), "高检发〔2020〕9号 Art. 4(6)"),
    ("UNKNOWN_ORIGIN_MISSING_TRAFFICKED", _yes("missing_or_trafficked"), "高检发〔2020〕9号 Art. 4(7)"),
    ("ORGANISED_BEGGING", _yes("begging"), "高检发〔2020〕9号 Art. 4(8)"),
    (
        "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER",
        # Signs of sexual abuse of a boy, or of a girl of 14+ who is not pregnant: Art. 4(2) and
        # 4(3) do not cover them; Art. 4(9) does.
        {"all": [_SEXUAL_ABUSE, {"not": _UNDER14_GIRL}, {"not": {"all": [_OVER14_GIRL, _yes("pregnant")]}}]},
        "高检发〔2020〕9号 Art. 4(9)",
    ),
    ("OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER", _yes("imminent_danger"), "高检发〔2020〕9号 Art. 4(9); MPL Art. 11"),
    ("LIVING_ALONE_WITHOUT_GUARDIAN", _yes("lives_alone"), "国发〔2016〕13号"),
    ("MISSING", _yes("missing_or_trafficked"), "国发〔2016〕13号"),
    ("GUARDIAN_INCAPABLE_OR_NEGLECTING", _any_yes("caregiver_incapable", "guardian_neglect"), "国发〔2016〕13号"),
    ("SUSPECTED_DOMESTIC_VIOLENCE", _yes("domestic_violence"), "国发〔2016〕13号"),
    (
        "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM",
        _any_yes("injured_unclear", "work_injury", "abnormal_injury_or_death"),
        "国发〔2016〕13号",
    ),
)
