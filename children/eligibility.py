"""Derived eligibility: does a child meet the left-behind, de facto unsupported or orphan rule?

Pure functions over plain facts, so every combination of DOMAIN.md §1.5 can be tested without
a database. Every result carries the reasons a person can read. Parameters that DOMAIN.md
marks local live in `Rules` (stored per jurisdiction in EligibilityRules).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.dates import add_months, age_on

from .choices import DisabilityType, HukouType, MigrationStatus, ParentCondition, SchoolingStatus, VitalStatus

PC = ParentCondition
# 民发〔2019〕62号 counts mental and intellectual disability of grade 3 or 4 as 重残 too.
MENTAL_OR_INTELLECTUAL = (DisabilityType.MENTAL, DisabilityType.INTELLECTUAL)
# Orphans past 18 "still enrolled in school" (DOMAIN.md §1.1, local rule): secondary or university.
ORPHAN_SCHOOLING = (SchoolingStatus.JUNIOR_MIDDLE, SchoolingStatus.SENIOR_MIDDLE, SchoolingStatus.UNIVERSITY)


@dataclass(frozen=True)
class Rules:
    lbc_max_age: int = 16
    lbc_hukou_types: tuple[str, ...] = (HukouType.RURAL,)
    # 无监护能力: lost capacity through serious illness or serious disability (2016 sweep).
    lbc_incapable_conditions: tuple[str, ...] = (PC.SEVERE_DISABILITY, PC.SERIOUS_ILLNESS)
    # Local variant (e.g. Songyang): a dead or missing parent at home counts as incapable.
    lbc_absent_parent_counts: bool = False
    # Local variant (Songyang, DOMAIN.md §1.1): these count only once they have lasted
    # lbc_min_months (there: lost contact, prison, drug rehab and serious illness, one year).
    lbc_time_bound_conditions: tuple[str, ...] = ()
    lbc_min_months: int = 0
    # Set A of 民发〔2019〕62号; GUARDIANSHIP_REVOKED and DEPORTED are later local additions.
    dfu_conditions: tuple[str, ...] = (
        PC.SEVERE_DISABILITY,
        PC.SERIOUS_ILLNESS,
        PC.IMPRISONED,
        PC.COMPULSORY_DRUG_REHAB,
        PC.OTHER_DETENTION,
        PC.LOST_CONTACT,
    )
    # These count only once they have lasted dfu_min_months (for LOST_CONTACT, from the
    # date the police accepted the missing report).
    dfu_time_bound_conditions: tuple[str, ...] = (
        PC.IMPRISONED,
        PC.COMPULSORY_DRUG_REHAB,
        PC.OTHER_DETENTION,
        PC.LOST_CONTACT,
    )
    dfu_min_months: int = 6
    dfu_max_age: int = 18
    dfu_extend_in_school: bool = False
    # 重残 (SEVERE_DISABILITY above) is decided by the 残疾人证's grade (GB/T 26341-2010: grades
    # 1–4, 1 the most severe): 民发〔2019〕62号 counts grade 1–2 of any type and also grade 3–4
    # mental or intellectual disability (DOMAIN.md §1.5). Songyang's "level 1–2" counts only the first.
    severe_disability_max_grade: int = 2
    severe_disability_mental_any_grade: bool = True
    # 孤儿 are under 18; local rules continue support while still enrolled in school (DOMAIN.md §1.1).
    orphan_extend_in_school: bool = False


NATIONAL_DEFAULT = Rules()

# 民发〔2019〕62号: a lost contact counts only on the police's record (their receipt for the
# missing-person report, or their note that the search failed), not on the family's word.
EVIDENCE_REQUIRED = (PC.LOST_CONTACT,)


@dataclass(frozen=True)
class ParentFacts:
    label: str
    vital_status: str = VitalStatus.ALIVE
    condition: str = ""
    condition_start: date | None = None
    migration_status: str = MigrationStatus.AT_HOME
    evidence: str = ""
    disability_type: str = ""
    disability_grade: int | None = None
    # The day a time-bound condition ended (released, rehabilitation finished), if recorded.
    condition_until: date | None = None

    @property
    def alive(self) -> bool:
        return self.vital_status == VitalStatus.ALIVE

    @property
    def dead_or_missing(self) -> bool:
        """Dead, or declared missing by a court (民法典 Art. 40); a lost contact is alive."""
        return self.vital_status in (VitalStatus.DEAD, VitalStatus.DECLARED_MISSING)

    @property
    def missing_unconfirmed(self) -> bool:
        """Recorded as "missing" before declared missing and lost contact were told apart."""
        return self.vital_status == VitalStatus.MISSING_UNCONFIRMED

    @property
    def away(self) -> bool:
        return self.alive and self.migration_status != MigrationStatus.AT_HOME


@dataclass(frozen=True)
class ChildFacts:
    date_of_birth: date
    hukou_type: str
    schooling_status: str
    father: ParentFacts
    mother: ParentFacts


@dataclass
class Finding:
    meets: bool
    reasons: list[str] = field(default_factory=list)


def _condition_label(code: str) -> str:
    return str(ParentCondition(code).label)


def severely_disabled(p: ParentFacts, rules: Rules) -> bool | None:
    """重残, decided by the disability certificate's type and grade (Rules, 民发〔2019〕62号).

    None when unknown: the parent was marked "severe disability" before grades were recorded
    and no grade has been entered since. The grade is never guessed; the CWD enters it.
    """
    grade = p.disability_grade
    if grade is None:
        return None if p.condition == PC.SEVERE_DISABILITY else False
    if grade <= rules.severe_disability_max_grade:
        return True
    return rules.severe_disability_mental_any_grade and p.disability_type in MENTAL_OR_INTELLECTUAL


def _parent_condition(
    p: ParentFacts, rules: Rules, on: date, conditions: tuple[str, ...], time_bound: tuple[str, ...], months: int
) -> tuple[bool, str]:
    """Does a living parent have one of `conditions`, for long enough? With the reason: on
    success the condition's name, otherwise why not ("the mother: …")."""
    who = {"parent": p.label}
    why_not: list[str] = []
    if p.condition and p.condition != PC.SEVERE_DISABILITY:
        label = _condition_label(p.condition)
        lost = p.condition == PC.LOST_CONTACT
        if p.condition not in conditions:
            why_not.append(_("the %(parent)s's condition (%(cond)s) does not count") % {**who, "cond": label})
        elif p.condition_until is not None and p.condition_until < on:
            # Over: the parent is back (released, rehabilitation finished, found); re-check the file.
            why_not.append(
                _("the %(parent)s: %(cond)s ended on %(until)s")
                % {**who, "cond": label, "until": p.condition_until.isoformat()}
            )
        elif p.condition in EVIDENCE_REQUIRED and not p.evidence.strip():
            why_not.append(
                _("the %(parent)s: %(cond)s, but the police's receipt or note is not recorded") % {**who, "cond": label}
            )
        elif p.condition in time_bound and p.condition_start is None and lost:
            why_not.append(
                _(
                    "the %(parent)s: %(cond)s, but the date the police accepted the missing-person report "
                    "is not recorded"
                )
                % {**who, "cond": label}
            )
        elif p.condition in time_bound and p.condition_start is None:
            why_not.append(_("the %(parent)s: %(cond)s, but its start date is not recorded") % {**who, "cond": label})
        elif p.condition in time_bound and add_months(p.condition_start, months) > on and lost:
            why_not.append(
                _(
                    "the %(parent)s: %(cond)s; the police accepted the report on %(start)s, so it counts "
                    "from %(due)s (after %(months)s months)"
                )
                % {
                    **who,
                    "cond": label,
                    "start": p.condition_start.isoformat(),
                    "months": months,
                    "due": add_months(p.condition_start, months).isoformat(),
                }
            )
        elif p.condition in time_bound and add_months(p.condition_start, months) > on:
            why_not.append(
                _("the %(parent)s: %(cond)s since %(start)s, not yet %(months)s months (from %(due)s)")
                % {
                    **who,
                    "cond": label,
                    "start": p.condition_start.isoformat(),
                    "months": months,
                    "due": add_months(p.condition_start, months).isoformat(),
                }
            )
        else:
            return True, label
    severe = severely_disabled(p, rules)
    if severe is None:
        why_not.append(
            _(
                "the %(parent)s was marked as severely disabled before grades were recorded: "
                "enter the grade from the disability certificate"
            )
            % who
        )
    elif severe and PC.SEVERE_DISABILITY in conditions:
        return True, _("severe disability, grade %(grade)s") % {"grade": p.disability_grade}
    elif p.disability_grade is not None:
        why_not.append(
            _("the %(parent)s's disability (grade %(grade)s) does not count as severe here")
            % {**who, "grade": p.disability_grade}
        )
    if not why_not:
        why_not.append(_("the %(parent)s has no qualifying condition") % who)
    return False, "; ".join(why_not)


def left_behind(child: ChildFacts, rules: Rules, on: date) -> Finding:
    """国发〔2016〕13号: under 16, rural hukou, both parents away, or one away and the other incapable."""
    reasons: list[str] = []
    age = age_on(child.date_of_birth, on)
    ok_age = age < rules.lbc_max_age
    reasons.append(
        (_("Age %(age)s, under %(max)s.") if ok_age else _("Age %(age)s, not under %(max)s."))
        % {"age": age, "max": rules.lbc_max_age}
    )
    ok_hukou = child.hukou_type in rules.lbc_hukou_types
    hukou_label = str(HukouType(child.hukou_type).label) if child.hukou_type else _("unknown")
    reasons.append(
        (_("Hukou: %(hukou)s, which counts.") if ok_hukou else _("Hukou: %(hukou)s, which does not count."))
        % {"hukou": hukou_label}
    )

    def incapable(p: ParentFacts) -> tuple[bool, str]:
        """Whether the parent at home lacks guardianship capacity, and what (or why not)."""
        if p.missing_unconfirmed:
            return False, _unconfirmed(p)
        if p.dead_or_missing:
            return rules.lbc_absent_parent_counts, str(VitalStatus(p.vital_status).label)
        return _parent_condition(
            p, rules, on, rules.lbc_incapable_conditions, rules.lbc_time_bound_conditions, rules.lbc_min_months
        )

    f, m = child.father, child.mother
    if f.away and m.away:
        ok_parents = True
        reasons.append(_("Both parents work away from home."))
    elif f.away or m.away:
        away, home = (f, m) if f.away else (m, f)
        ok_parents, what = incapable(home)
        if ok_parents:
            reasons.append(
                _("The %(away)s works away; the %(home)s cannot act as guardian (%(what)s).")
                % {"away": away.label, "home": home.label, "what": what}
            )
        else:
            reasons.append(
                _("Only the %(away)s works away, and the other parent can act as guardian.") % {"away": away.label}
            )
            if home.missing_unconfirmed or (home.alive and (home.condition or home.disability_grade is not None)):
                reasons.append(capfirst(what) + ".")
    else:
        ok_parents = False
        reasons.append(_("Neither parent works away from home."))
    return Finding(ok_age and ok_hukou and ok_parents, reasons)


def _unconfirmed(p: ParentFacts) -> str:
    return _(
        "the %(parent)s is recorded as missing, which does not count until you confirm it: "
        "declared missing by a court, or lost contact"
    ) % {"parent": p.label}


def _dfu_status(p: ParentFacts, rules: Rules, on: date) -> tuple[str, str]:
    """Classify a parent for the de facto unsupported rule: 'A', 'D' (dead/declared missing) or ''."""
    if p.missing_unconfirmed:
        # Counting it either way would be a guess: as declared missing it would count at once,
        # as a lost contact only 6 months after the police report, with their receipt.
        return "", _unconfirmed(p)
    if p.dead_or_missing:
        return "D", _("the %(parent)s is %(status)s") % {
            "parent": p.label,
            "status": str(VitalStatus(p.vital_status).label).lower(),
        }
    ok, what = _parent_condition(
        p, rules, on, rules.dfu_conditions, rules.dfu_time_bound_conditions, rules.dfu_min_months
    )
    if ok:
        return "A", _("the %(parent)s: %(cond)s") % {"parent": p.label, "cond": what}
    return "", what


def de_facto_unsupported(child: ChildFacts, rules: Rules, on: date) -> Finding:
    """民发〔2019〕62号: both parents in A, or one dead or declared missing and the other in A
    (DOMAIN.md §1.5). A lost contact is in A: it counts 6 months after the police accepted the
    missing-person report, on their record."""
    age = age_on(child.date_of_birth, on)
    in_secondary = child.schooling_status in (SchoolingStatus.SENIOR_MIDDLE, SchoolingStatus.JUNIOR_MIDDLE)
    ok_age = age < rules.dfu_max_age or (rules.dfu_extend_in_school and in_secondary)
    reasons = [
        (_("Age %(age)s, under %(max)s.") if age < rules.dfu_max_age else _("Age %(age)s, not under %(max)s."))
        % {"age": age, "max": rules.dfu_max_age}
    ]
    if age >= rules.dfu_max_age and ok_age:
        reasons.append(_("Still in full-time secondary school, which this jurisdiction counts."))
    fs, freason = _dfu_status(child.father, rules, on)
    ms, mreason = _dfu_status(child.mother, rules, on)
    pair = {fs, ms}
    ok_parents = pair == {"A"} or pair == {"A", "D"}
    detail = "; ".join([freason, mreason])
    if ok_parents:
        reasons.append(_("Parents qualify: %(detail)s.") % {"detail": detail})
    elif pair == {"D"}:
        reasons.append(
            _("Both parents are dead or declared missing: check the orphan rule instead (%(detail)s).")
            % {"detail": detail}
        )
    else:
        reasons.append(_("Parents do not qualify: %(detail)s.") % {"detail": detail})
    return Finding(ok_age and ok_parents, reasons)


def orphan(child: ChildFacts, on: date, rules: Rules = NATIONAL_DEFAULT) -> Finding:
    """孤儿: under 18 and both parents dead or declared missing by a court (DOMAIN.md §1.4, 民法典
    Art. 40); a parent who merely lost contact does not make an orphan. Where local rules say so,
    also past 18 while still enrolled in school (DOMAIN.md §1.1)."""
    age = age_on(child.date_of_birth, on)
    f, m = child.father, child.mother
    both = f.dead_or_missing and m.dead_or_missing
    in_school = rules.orphan_extend_in_school and child.schooling_status in ORPHAN_SCHOOLING
    reasons = [
        (_("Age %(age)s, under %(max)s.") if age < 18 else _("Age %(age)s, not under %(max)s."))
        % {"age": age, "max": 18}
    ]
    if age >= 18 and in_school:
        reasons.append(_("Still enrolled in school, which this jurisdiction counts for orphans."))
    if both:
        reasons.append(_("Both parents are dead or declared missing by a court."))
    else:
        reasons.append(_("At least one parent is neither dead nor declared missing by a court."))
    reasons += [
        _("Confirm the %(parent)s's missing: declared missing by a court counts, lost contact does not.")
        % {"parent": p.label}
        for p in (f, m)
        if p.missing_unconfirmed
    ]
    return Finding((age < 18 or in_school) and both, reasons)
