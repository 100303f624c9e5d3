"""Re-checks on the day things change: the nightly job that tells the CWD when a child's
categories change although nobody edited the file.

- A time-bound parent condition (prison, compulsory drug rehabilitation, other detention, lost
  contact) reaches the months the rule asks (民发〔2019〕62号: 6 months; for lost contact, from the
  day the police accepted the missing report; DOMAIN.md §1.5): it now counts for the de facto
  unsupported rule.
- In a jurisdiction whose left-behind rule counts some conditions only after they have lasted
  (`EligibilityRules.lbc_min_months`, e.g. Songyang: one year of lost contact, prison, drug
  rehabilitation or serious illness), the condition reaches that period: the parent now counts as
  unable to care for the child under the left-behind rule.
- A parent's condition reaches its recorded end (`Parent.condition_until`: release, end of
  rehabilitation): it stops counting (DOMAIN.md §1.5 exit reasons, W9).
- A child recorded as rural left-behind reaches the age limit (国发〔2016〕13号: under 16;
  DOMAIN.md §1.1), and any child turns 18 (orphan, de facto unsupported and in-difficulty
  support are for under-18s, 国发〔2016〕36号, 民发〔2019〕62号; W9 closure).

The months and the left-behind age are the jurisdiction's (children.assess.rules_for). Each event
is found again on every night for CATCH_UP_DAYS after it happened, and its dedupe key (the child,
the event and its date) makes it one alert per recipient: a missed night is caught up the next
night, a second run on the same night raises nothing. Closed files raise nothing.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert
from core.dates import add_months, age_on
from geo.models import Division

from . import alert_kinds as kinds
from . import eligibility as e
from .access import children_for_jobs
from .assess import rules_for
from .choices import Status
from .models import EligibilityRules, Parent

# How long after an event a night still raises it (a worker down over a long holiday).
CATCH_UP_DAYS = 31
ADULT_AGE = 18


class _Rules:
    """Each village's eligibility rules, looked up once per village."""

    def __init__(self) -> None:
        self._by_village: dict[str, e.Rules] = {}

    def __call__(self, village: str) -> e.Rules:
        if village not in self._by_village:
            division = Division.objects.filter(code=village).first()
            self._by_village[village] = rules_for(division)[0] if division else e.NATIONAL_DEFAULT
        return self._by_village[village]


def _local_values(field: str, default: int) -> set[int]:
    return {default, *EligibilityRules.objects.values_list(field, flat=True)}


def _condition_events(since: date, today: date, rules: _Rules) -> list[tuple[dict, str, dict, str]]:
    """(child, kind, params, dedupe key) for the parents' conditions that reached their months or
    their end in (since, today]."""
    longest = max(
        _local_values("dfu_min_months", e.NATIONAL_DEFAULT.dfu_min_months)
        | _local_values("lbc_min_months", e.NATIONAL_DEFAULT.lbc_min_months)
    )
    parents = list(
        Parent.objects.exclude(condition="")
        .filter(condition_start__isnull=False, condition_start__gt=add_months(since, -longest) - timedelta(days=3))
        .values("id", "household_id", "role", "condition", "condition_start", "condition_until")
    ) + list(
        Parent.objects.exclude(condition="")
        .filter(condition_until__gt=since, condition_until__lte=today)
        .values("id", "household_id", "role", "condition", "condition_start", "condition_until")
    )
    if not parents:
        return []
    children = defaultdict(list)
    for child in (
        children_for_jobs()
        .filter(household_id__in={p["household_id"] for p in parents})
        .exclude(status=Status.CLOSED)
        .values("id", "household_id", "village_id", "date_of_birth")
    ):
        children[child["household_id"]].append(child)
    events, seen = [], set()
    for p in parents:
        if p["id"] in seen:
            continue
        seen.add(p["id"])
        start, until = p["condition_start"], p["condition_until"]
        base = {"role": p["role"], "condition": p["condition"], "start": start.isoformat() if start else ""}
        for child in children[p["household_id"]]:
            r = rules(child["village_id"])
            due = add_months(start, r.dfu_min_months) if start else None
            if (
                due
                and since < due <= today
                and p["condition"] in r.dfu_time_bound_conditions
                and (until is None or until > due)  # ended before it counted: nothing changed
                and age_on(child["date_of_birth"], due) < ADULT_AGE
            ):
                params = {**base, "date": due.isoformat(), "months": r.dfu_min_months}
                key = f"recheck:counts:{child['id']}:{p['id']}:{p['condition']}:{due}"
                events.append((child, kinds.CONDITION_COUNTS, params, key))
            lbc_due = add_months(start, r.lbc_min_months) if start and r.lbc_min_months else None
            if (
                lbc_due
                and since < lbc_due <= today
                and p["condition"] in r.lbc_time_bound_conditions
                and (until is None or until > lbc_due)
                and age_on(child["date_of_birth"], lbc_due) < r.lbc_max_age
            ):
                params = {**base, "date": lbc_due.isoformat(), "months": r.lbc_min_months}
                key = f"recheck:lbc-counts:{child['id']}:{p['id']}:{p['condition']}:{lbc_due}"
                events.append((child, kinds.LEFT_BEHIND_CONDITION_COUNTS, params, key))
            if until and since < until <= today and age_on(child["date_of_birth"], until) < ADULT_AGE:
                params = {**base, "date": until.isoformat()}
                key = f"recheck:ended:{child['id']}:{p['id']}:{p['condition']}:{until}"
                events.append((child, kinds.CONDITION_ENDED, params, key))
    return events


def _birthday(born: date, age: int) -> date:
    """The day the child reaches `age`, as core.dates.age_on counts it (29 February: 1 March)."""
    day = add_months(born, 12 * age)
    return day if age_on(born, day) >= age else day + timedelta(days=1)


def _birthday_events(since: date, today: date, rules: _Rules) -> list[tuple[dict, str, dict, str]]:
    """(child, kind, params, dedupe key) for the open files whose child reached the left-behind
    age limit (if recorded as left-behind) or 18 in (since, today]."""
    events = []
    for age in sorted(_local_values("lbc_max_age", e.NATIONAL_DEFAULT.lbc_max_age) | {ADULT_AGE}):
        # A birthday on 29 February falls on 28 February in other years: a day's slack each side.
        born = (add_months(since, -12 * age) - timedelta(days=1), add_months(today, -12 * age) + timedelta(days=1))
        for child in (
            children_for_jobs()
            .filter(date_of_birth__range=born)
            .exclude(status=Status.CLOSED)
            .values("id", "village_id", "date_of_birth", "cat_rural_left_behind")
        ):
            day = _birthday(child["date_of_birth"], age)
            if not since < day <= today:
                continue
            params = {"age": age, "date": day.isoformat()}
            if age == ADULT_AGE:
                events.append((child, kinds.TURNED_ADULT, params, f"recheck:18:{child['id']}:{day}"))
            if child["cat_rural_left_behind"] and age == rules(child["village_id"]).lbc_max_age:
                events.append((child, kinds.LEFT_BEHIND_AGE, params, f"recheck:lbc{age}:{child['id']}:{day}"))
    return events


def nightly(today: date) -> dict[str, int]:
    """Raise the re-check alerts of the last CATCH_UP_DAYS to the village's CWDs (and, for a child
    turning 18, the township's supervisors: the file usually closes then)."""
    since = today - timedelta(days=CATCH_UP_DAYS)
    rules = _Rules()
    events = _condition_events(since, today, rules) + _birthday_events(since, today, rules)
    staff = staff_by_village({child["village_id"] for child, *_ in events}, User.Role.CWD, User.Role.SUPERVISOR)
    alerts = []
    counts: dict[str, int] = defaultdict(int)
    for child, kind, params, key in events:
        counts[kind] += 1
        roles = {User.Role.CWD, User.Role.SUPERVISOR} if kind == kinds.TURNED_ADULT else {User.Role.CWD}
        for user in staff[child["village_id"]]:
            if user.role in roles:
                alerts.append(Alert(recipient=user, kind=kind, child_id=child["id"], params=params, dedupe_key=key))
    with transaction.atomic():
        counts["alerts"] = do_alert_many(alerts)
    return dict(counts)
