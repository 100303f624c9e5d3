"""The home-visit checklist (DOMAIN.md §9.1): items by domain, each answered yes / no / unknown.

A "yes" is always the worrying answer. Which answers oblige a report (DOMAIN.md §1.6) is the
law's, not a county's: risk.legal holds that table, and the engine applies it whatever the
county's risk policy says. Labels live on the Django side (followup/texts.py) so that they are
translated.
"""

from dataclasses import dataclass

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWERS = (YES, NO, UNKNOWN)

DOMAINS = (
    "supervision",
    "abuse",
    "exploitation",
    "education",
    "health",
    "mental_health",
    "economic",
    "guardianship",
)


@dataclass(frozen=True)
class Item:
    code: str
    domain: str


# Codes are stored in visits' answers and named in counties' saved policies, so a code is never
# reused for another question. Two kept their code when their question was narrowed (issue 12):
# "sexual_abuse_or_pregnancy" now asks only about signs of sexual abuse (pregnancy is "pregnant"),
# "self_harm" only about actual self-injury (talk of suicide is "suicidal_talk"). An older "yes"
# to either therefore counts as the narrower, more serious answer: a report is prompted rather
# than missed.
ITEMS: tuple[Item, ...] = (
    # Supervision / neglect — MPL Art. 18, 21, 22, 23; 国发〔2016〕13号.
    Item("lives_alone", "supervision"),
    Item("under8_unattended", "supervision"),
    Item("caregiver_incapable", "supervision"),
    Item("caregiver_disqualified", "supervision"),
    Item("unsafe_home", "supervision"),
    # Abuse / violence — 高检发〔2020〕9号 Art. 4; 国发〔2016〕13号.
    Item("unexplained_injuries", "abuse"),
    Item("genital_injury", "abuse"),
    Item("sexual_abuse_or_pregnancy", "abuse"),  # signs of sexual abuse (see above)
    Item("pregnant", "abuse"),
    Item("impaired_consciousness", "abuse"),
    Item("domestic_violence", "abuse"),
    Item("bullying", "abuse"),
    Item("injured_unclear", "abuse"),
    Item("abnormal_injury_or_death", "abuse"),
    # Exploitation — MPL Art. 17, 61.
    Item("begging", "exploitation"),
    Item("child_labour", "exploitation"),
    Item("work_injury", "exploitation"),
    Item("missing_or_trafficked", "exploitation"),
    Item("early_marriage", "exploitation"),
    # Education — MPL Art. 28, 83.
    Item("not_enrolled", "education"),
    Item("truancy", "education"),
    Item("dropped_out", "education"),
    # Health and nutrition.
    Item("looks_malnourished", "health"),
    Item("untreated_illness", "health"),
    Item("missed_immunisation", "health"),
    # Mental health — MPL Art. 17(6), 70–71.
    Item("emotional_problems", "mental_health"),
    Item("suicidal_talk", "mental_health"),
    Item("self_harm", "mental_health"),  # actual self-injury (see above)
    Item("internet_addiction", "mental_health"),
    # Economic.
    Item("not_enough_food", "economic"),
    Item("benefit_not_received", "economic"),
    # Guardianship status.
    Item("parents_unreachable", "guardianship"),
    Item("guardian_neglect", "guardianship"),
    Item("abandoned", "guardianship"),
    Item("imminent_danger", "guardianship"),
)
BY_CODE = {item.code: item for item in ITEMS}

# Every trigger code a report can carry (DOMAIN.md §1.6 A and B).
REPORT_TRIGGERS = (
    "GENITAL_PRIVATE_INJURY",
    "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY",
    "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY",
    "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS",
    "ABNORMAL_INJURY_OR_DEATH",
    "ABANDONED_OR_LONG_UNATTENDED",
    "UNKNOWN_ORIGIN_MISSING_TRAFFICKED",
    "ORGANISED_BEGGING",
    "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER",
    "LIVING_ALONE_WITHOUT_GUARDIAN",
    "MISSING",
    "GUARDIAN_INCAPABLE_OR_NEGLECTING",
    "SUSPECTED_DOMESTIC_VIOLENCE",
    "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM",
)

# 高检发〔2020〕9号 Art. 4: these nine must be reported to the police, immediately.
POLICE_TRIGGERS = REPORT_TRIGGERS[:9]
