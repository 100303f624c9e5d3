"""The home-visit checklist (DOMAIN.md §9.1): items by domain, each answered yes / no / unknown.

A "yes" is always the worrying answer. Items that match a mandatory-report trigger
(DOMAIN.md §1.6) name it; `triggers_for` resolves the ones that depend on age and sex.
Labels live on the Django side (followup/texts.py) so that they are translated.
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
    trigger: str = ""  # a ReportTrigger code, or "" if a "yes" does not oblige a report


ITEMS: tuple[Item, ...] = (
    # Supervision / neglect — MPL Art. 18, 21, 22, 23; 国发〔2016〕13号.
    Item("lives_alone", "supervision", "LIVING_ALONE_WITHOUT_GUARDIAN"),
    Item("under8_unattended", "supervision"),
    Item("caregiver_incapable", "supervision", "GUARDIAN_INCAPABLE_OR_NEGLECTING"),
    Item("caregiver_disqualified", "supervision"),
    Item("unsafe_home", "supervision"),
    # Abuse / violence — 高检发〔2020〕9号 Art. 4.
    Item("unexplained_injuries", "abuse", "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS"),
    Item("genital_injury", "abuse", "GENITAL_PRIVATE_INJURY"),
    Item("sexual_abuse_or_pregnancy", "abuse", "SEXUAL_ABUSE_OR_PREGNANCY"),
    Item("domestic_violence", "abuse", "SUSPECTED_DOMESTIC_VIOLENCE"),
    Item("bullying", "abuse"),
    # Exploitation — MPL Art. 17, 61.
    Item("begging", "exploitation", "ORGANISED_BEGGING"),
    Item("child_labour", "exploitation"),
    Item("missing_or_trafficked", "exploitation", "UNKNOWN_ORIGIN_MISSING_TRAFFICKED"),
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
    Item("self_harm", "mental_health", "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"),
    Item("internet_addiction", "mental_health"),
    # Economic.
    Item("not_enough_food", "economic"),
    Item("benefit_not_received", "economic"),
    # Guardianship status.
    Item("parents_unreachable", "guardianship"),
    Item("guardian_neglect", "guardianship", "GUARDIAN_INCAPABLE_OR_NEGLECTING"),
    Item("abandoned", "guardianship", "ABANDONED_OR_LONG_UNATTENDED"),
    Item("imminent_danger", "guardianship", "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER"),
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


def triggers_for(answers: dict[str, str], *, age_years: int, sex: str) -> list[str]:
    """The report triggers that the "yes" answers match, in REPORT_TRIGGERS order."""
    found = set()
    for code, answer in answers.items():
        item = BY_CODE.get(code)
        if answer != YES or item is None or not item.trigger:
            continue
        if item.trigger == "SEXUAL_ABUSE_OR_PREGNANCY":
            # A girl under 14 and a girl of 14 or more are two triggers; for a boy, the
            # catch-all "other serious harm" applies.
            if sex == "F":
                found.add(
                    "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY" if age_years < 14 else "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY"
                )
            else:
                found.add("OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER")
        else:
            found.add(item.trigger)
    return [t for t in REPORT_TRIGGERS if t in found]
