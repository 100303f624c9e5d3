"""Translated labels for the checklist, report triggers and risk reasons (the engine speaks codes)."""

from django.utils.translation import gettext_lazy as _

DOMAINS = {
    "supervision": _("Supervision and neglect"),
    "abuse": _("Abuse and violence"),
    "exploitation": _("Exploitation"),
    "education": _("Education"),
    "health": _("Health and nutrition"),
    "mental_health": _("Mental health"),
    "economic": _("Economic situation"),
    "guardianship": _("Guardianship"),
}

ANSWERS = {"yes": _("Yes"), "no": _("No"), "unknown": _("Unknown")}

ITEMS = {
    "lives_alone": _("The child (under 16) lives alone, without a guardian"),
    "under8_unattended": _("A child under 8 is left without anyone looking after them"),
    "caregiver_incapable": _("The caregiver cannot look after the child (age, illness, disability)"),
    "caregiver_disqualified": _("The caregiver drinks, gambles, takes drugs or has harmed children"),
    "unsafe_home": _("The home is unsafe (electricity, fire, falls, water, traffic, animals)"),
    "unexplained_injuries": _("Several or unexplained injuries"),
    "genital_injury": _("Injury to the genitals or private parts"),
    "sexual_abuse_or_pregnancy": _("Signs that someone may have sexually abused the child"),
    "pregnant": _("The girl is pregnant or has had an abortion"),
    "impaired_consciousness": _("Was drowsy, confused or hard to wake; may have been given drugs or beaten"),
    "domestic_violence": _("Violence at home"),
    "bullying": _("Bullied at school or in the village"),
    "injured_unclear": _("Injured in an accident, or maybe hurt by someone"),
    "abnormal_injury_or_death": _(
        "Badly hurt, disabled or died from a suicide attempt, self-harm, poisoning, drugs, a beating or "
        "another unusual cause"
    ),
    "begging": _("Made to beg"),
    "child_labour": _("Works for money (under 16)"),
    "work_injury": _("Was hurt while working"),
    "missing_or_trafficked": _("Missing, of unknown origin, or possibly trafficked"),
    "early_marriage": _("Betrothed or married"),
    "not_enrolled": _("Not enrolled in school though of school age"),
    "truancy": _("Often absent from school"),
    "dropped_out": _("Has dropped out of school"),
    "looks_malnourished": _("Looks thin or malnourished"),
    "untreated_illness": _("Illness or disability without treatment or rehabilitation"),
    "missed_immunisation": _("Missed vaccinations"),
    "emotional_problems": _("Withdrawn, sad, anxious or with behaviour problems"),
    "suicidal_talk": _("Talks of suicide or of wanting to die"),
    "self_harm": _("Has hurt themselves on purpose (cuts, burns, swallowing something, a suicide attempt)"),
    "internet_addiction": _("Spends whole days or nights online or gaming"),
    "not_enough_food": _("Not enough food at home"),
    "benefit_not_received": _("A benefit the child is entitled to is not received"),
    "parents_unreachable": _("The parents cannot be reached"),
    "guardian_neglect": _("The guardian neglects the child"),
    "abandoned": _("The child has been abandoned or left without care for a long time"),
    "imminent_danger": _("The child is in immediate danger"),
}

TRIGGERS = {
    "GENITAL_PRIVATE_INJURY": _("Injury or suspected injury to the genitals or private parts"),
    "UNDER14_GIRL_SEXUAL_ABUSE_PREGNANCY": _(
        "A girl under 14 sexually assaulted (or suspected), pregnant or after an abortion"
    ),
    "OVER14_GIRL_SEXUAL_ASSAULT_PREGNANCY": _(
        "A girl of 14 or more pregnant or after an abortion because of (suspected) sexual assault"
    ),
    "MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS": _(
        "Multiple injuries, severe malnutrition or impaired consciousness with (suspected) violence, abuse or drugging"
    ),
    "ABNORMAL_INJURY_OR_DEATH": _(
        "Disability or death from suicide, self-harm, work injury, poisoning, drugging, beating or other "
        "abnormal causes"
    ),
    "ABANDONED_OR_LONG_UNATTENDED": _("Abandoned, or left without care for a long time"),
    "UNKNOWN_ORIGIN_MISSING_TRAFFICKED": _("Of unknown origin, missing, or trafficked"),
    "ORGANISED_BEGGING": _("Made to beg by an organised group"),
    "OTHER_SERIOUS_HARM_OR_IMMINENT_DANGER": _("Other serious harm, or in immediate danger of harm"),
    "LIVING_ALONE_WITHOUT_GUARDIAN": _("Living alone without a guardian"),
    "MISSING": _("Missing"),
    "GUARDIAN_INCAPABLE_OR_NEGLECTING": _("The guardian cannot or does not look after the child"),
    "SUSPECTED_DOMESTIC_VIOLENCE": _("Suspected domestic violence"),
    "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM": _("Suspected accidental injury or unlawful harm"),
}

REASONS: dict[str, object] = {
    "override": _("Tier set by the supervisor."),
    "lives_alone": _("Lives alone without a guardian."),
    "caregiver_incapable": _("The caregiver cannot look after the child."),
    "unexplained_injuries": _("Several or unexplained injuries were seen."),
    "genital_injury": _("An injury to the genitals or private parts was seen."),
    "sexual_abuse_or_pregnancy": _("Signs of sexual abuse."),
    "domestic_violence": _("There is violence at home."),
    "begging": _("The child is made to beg."),
    "missing_or_trafficked": _("The child is missing, of unknown origin or possibly trafficked."),
    "self_harm": _("The child has hurt themselves on purpose."),
    "suicidal_talk": _("The child talks of suicide or of wanting to die."),
    "pregnant": _("The child is pregnant or has had an abortion."),
    "impaired_consciousness": _("The child was drowsy, confused or hard to wake, possibly drugged or beaten."),
    "injured_unclear": _("The child was injured in an accident or possibly harmed by someone."),
    "abnormal_injury_or_death": _("Serious injury, disability or death from an unusual cause."),
    "work_injury": _("The child was injured while working."),
    "guardian_neglect": _("The guardian neglects the child."),
    "abandoned": _("The child was abandoned or left without care for a long time."),
    "imminent_danger": _("The child is in immediate danger."),
    "sam": _("Severe acute malnutrition at the latest measurement."),
    "severe_thinness": _("Severely thin for age (very low BMI) at the latest measurement."),
    "sam_with_abuse": _("Severe malnutrition together with signs of violence or abuse."),
    "open_report": _("A mandatory report about the child is still open."),
    "parent_incapable": _("The parent at home is severely disabled or ill, and no capable caregiver is recorded."),
    "caregiver_disqualified": _("The caregiver drinks, gambles, takes drugs or has harmed children."),
    "under8_unattended": _("A child under 8 is left unattended."),
    "no_caregiver_parents_away": _("Both parents are away and no caregiver is recorded."),
    "contact_lapsed_30d": _("No contact from a parent working away for more than 30 days."),
    "parents_unreachable": _("The parents could not be reached."),
    "bullying": _("The child is bullied."),
    "child_labour": _("The child works for money."),
    "early_marriage": _("The child is betrothed or married."),
    "dropped_out": _("The child has dropped out of school."),
    "not_enrolled": _("The child is not enrolled in school."),
    "truancy": _("The child is often absent from school."),
    "school_absences": _("The school reports 5 or more unexcused absences in 30 days."),
    "acute_malnutrition": _("Moderate acute malnutrition or wasting at the latest measurement."),
    "stunting": _("Stunted growth (short for age) at the latest measurement."),
    "thinness": _("Thin for age (low BMI) at the latest measurement."),
    "emotional_problems": _("Signs of emotional or behaviour problems."),
    "dfu_pending": _("A parent's condition may make the child de facto unsupported; confirm at 6 months."),
    "in_difficulty": _("A child in difficulty (economic, disability or guardianship)."),
    "orphan": _("An orphan."),
    "de_facto_unsupported": _("A de facto unsupported child."),
    "other_local": _("In a local category of children needing care."),
    "low_income": _("A low-income household (social assistance or poverty monitoring)."),
    "child_disabled_or_ill": _("The child is disabled or seriously ill."),
    "caregiver_unwell": _("Left behind with a caregiver in poor health."),
    "caregiver_elderly": _("Left behind with a caregiver aged 70 or over."),
    "unsafe_home": _("The home is unsafe."),
    "looks_malnourished": _("The child looks thin or malnourished; measure them."),
    "untreated_illness": _("An illness or disability is not treated."),
    "missed_immunisation": _("Vaccinations were missed."),
    "internet_addiction": _("The child spends whole days or nights online."),
    "not_enough_food": _("There is not enough food at home."),
    "benefit_not_received": _("A benefit the child is entitled to is not received."),
    "no_risk_found": _("No risk found."),
    "under16_without_guardian": _("A child under 16 is living without a guardian."),
    "contact_lapsed": _("A parent working away has not been in touch recently enough (MPL Art. 23: weekly)."),
}


def item_label(code: str) -> str:
    return ITEMS.get(code, code)


def domain_label(code: str) -> str:
    return DOMAINS.get(code, code)


def answer_label(code: str) -> str:
    return ANSWERS.get(code, code)


def trigger_text(code: str) -> str:
    return TRIGGERS.get(code, code)


def reason_text(key: str) -> str:
    return REASONS.get(key, key)
