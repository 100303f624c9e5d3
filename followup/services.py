"""Recomputing risk tiers, due dates and alerts: after a visit, and for everyone each night.

Facts are read in chunks with one query per table (no per-child queries), assessed with the
pure risk engine and written back with one upsert per chunk, so 200,000 children take
seconds, not hours.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert
from children.access import children_for_jobs
from children.choices import AssistanceStatus, MigrationStatus, ParentCondition, Status, VitalStatus
from children.eligibility import NATIONAL_DEFAULT as ELIGIBILITY_DEFAULT
from children.eligibility import ParentFacts, severely_disabled
from children.models import CATEGORY_FIELD, Household, Parent
from core.bulk import FastTable
from core.dates import add_months, age_on
from geo.models import CODE_LENGTH
from risk.defaults import NATIONAL_DEFAULT
from risk.engine import Policy, assess, compile_policy, next_due

from . import alert_kinds as kinds
from . import providers
from .models import TIER_RANK, FollowUp, RiskPolicy, TierHistory, TierOverride
from .providers import latest_per_child

CHUNK = 5000
INCAPABLE = {ParentCondition.SEVERE_DISABILITY, ParentCondition.SERIOUS_ILLNESS}
TIME_BOUND = {
    ParentCondition.IMPRISONED,
    ParentCondition.COMPULSORY_DRUG_REHAB,
    ParentCondition.OTHER_DETENTION,
    ParentCondition.LOST_CONTACT,
}
LOW_INCOME = {
    AssistanceStatus.DIBAO,
    AssistanceStatus.TEKUN,
    AssistanceStatus.DIBAO_EDGE,
    AssistanceStatus.POVERTY_MONITORING,
}
# The risk policy's absolute alerts, by code, as alert kinds (a code a county adds is a policy alert).
ALERT_KIND = {
    "under16_without_guardian": kinds.UNDER16_WITHOUT_GUARDIAN,
    "under8_unattended": kinds.UNDER8_UNATTENDED,
    "no_caregiver_parents_away": kinds.NO_CAREGIVER,
    "contact_lapsed": kinds.CONTACT_LAPSED,
}


class Policies:
    """Compiled policies by division, nearest ancestor first, national default last."""

    def __init__(self) -> None:
        self._rows = {p.division_id: p.data for p in RiskPolicy.objects.all()}
        self._compiled: dict[str | None, Policy] = {None: compile_policy(NATIONAL_DEFAULT, providers.fact_specs())}
        self._by_village: dict[str, Policy] = {}

    def for_village(self, village: str) -> Policy:
        if village not in self._by_village:
            code = next(
                (village[:n] for n in sorted(CODE_LENGTH.values(), reverse=True) if village[:n] in self._rows), None
            )
            if code not in self._compiled:
                self._compiled[code] = compile_policy(self._rows[code], providers.fact_specs())
            self._by_village[village] = self._compiled[code]
        return self._by_village[village]


def build_facts(child_rows: list[dict], today: date) -> tuple[dict[int, dict], dict[int, dict]]:
    """Facts per child for risk.engine (the registry's own, then every app's providers), and
    each child's active override."""
    ids = [r["id"] for r in child_rows]
    households = {
        h["id"]: h
        for h in Household.objects.filter(id__in={r["household_id"] for r in child_rows}).values(
            "id", "has_caregiver", "caregiver_health", "caregiver_birth_year", "assistance_status"
        )
    }
    parents: dict[int, list[dict]] = defaultdict(list)
    for p in Parent.objects.filter(household_id__in=households).values(
        "household_id",
        "vital_status",
        "condition",
        "condition_start",
        "condition_until",
        "migration_status",
        "last_contact",
        "disability_type",
        "disability_grade",
    ):
        # 重残 is decided by the certificate's grade (national rule, children.eligibility); a parent
        # marked "severe disability" before grades were recorded still counts here until graded.
        if p["condition_until"] and p["condition_until"] < today:
            p["condition"] = ""  # ended (released, rehabilitation finished): it no longer counts
        facts = ParentFacts("", disability_type=p["disability_type"], disability_grade=p["disability_grade"])
        p["severe_disability"] = bool(severely_disabled(facts, ELIGIBILITY_DEFAULT))
        parents[p["household_id"]].append(p)
    overrides = latest_per_child(
        TierOverride.objects.filter(child_id__in=ids, ended_at__isnull=True, expires_on__gte=today)
        .order_by("child_id", "-created_at")
        .values("child_id", "tier", "reason", "expires_on")
    )
    facts = {}
    for r in child_rows:
        household = households.get(r["household_id"], {})
        ps = parents.get(r["household_id"], [])
        away = [
            p for p in ps if p["vital_status"] == VitalStatus.ALIVE and p["migration_status"] != MigrationStatus.AT_HOME
        ]
        contacts = [p["last_contact"] for p in away if p["last_contact"]]
        birth_year = household.get("caregiver_birth_year")
        facts[r["id"]] = {
            "age_years": age_on(r["date_of_birth"], today),
            "age_days": (today - r["date_of_birth"]).days,
            "sex": r["sex"],
            "categories": frozenset(cat.value for cat, field in CATEGORY_FIELD.items() if r[field]),
            "hukou": r["hukou_type"],
            "both_parents_away": len(away) == 2,
            "one_parent_away": len(away) == 1,
            "parent_incapable": any(
                p["vital_status"] == VitalStatus.ALIVE
                and p not in away
                and (p["condition"] in INCAPABLE or p["severe_disability"])
                for p in ps
            ),
            "parent_conditions": frozenset(p["condition"] for p in ps if p["condition"])
            | frozenset(ParentCondition.SEVERE_DISABILITY.value for p in ps if p["severe_disability"]),
            "dfu_pending": any(
                p["condition"] in TIME_BOUND and p["condition_start"] and add_months(p["condition_start"], 6) > today
                for p in ps
            ),
            "has_caregiver": bool(household.get("has_caregiver")),
            "caregiver_health": household.get("caregiver_health") or "",
            "caregiver_age": today.year - birth_year if birth_year else None,
            "days_since_contact": (today - max(contacts)).days if contacts else None,
            "schooling": r["schooling_status"],
            "health": r["health_status"],
            "low_income": household.get("assistance_status") in LOW_INCOME,
        }
    for provider in providers.providers():
        for cid, provided in provider(ids, today).items():
            facts[cid].update(provided)
    return facts, overrides


CHILD_FIELDS = [
    "id",
    "date_of_birth",
    "sex",
    "hukou_type",
    "schooling_status",
    "health_status",
    "household_id",
    "village_id",
    *CATEGORY_FIELD.values(),
]


class _Recipients:
    """The village's CWDs and its township's supervisors for one chunk of children, in one
    query (accounts.staff.staff_by_village is the rule for who hears about a child)."""

    def __init__(self, villages: Iterable[str]) -> None:
        self.cwds: dict[str, list[int]] = {}
        self.supervisors: dict[str, list[int]] = {}
        for village, users in staff_by_village(villages, User.Role.CWD, User.Role.SUPERVISOR).items():
            self.cwds[village] = [u.pk for u in users if u.role == User.Role.CWD]
            self.supervisors[village] = [u.pk for u in users if u.role == User.Role.SUPERVISOR]

    def for_child(self, village: str, *, supervisors: bool) -> list[int]:
        return self.cwds[village] + (self.supervisors[village] if supervisors else [])


def _red_params(reasons: list[str], policy: Policy) -> dict:
    """The new-red alert's params: the reason keys, and the county's text of any key of its own."""
    texts = kinds.policy_texts(reasons, policy.reasons)
    return {"reasons": reasons, "texts": texts} if texts else {"reasons": reasons}


def _reassess_rows(child_rows: list[dict], today: date, source: str, policies: Policies) -> dict[str, int]:
    facts, overrides = build_facts(child_rows, today)
    recipients = _Recipients({r["village_id"] for r in child_rows})
    existing = {
        cid: (tier, state)
        for cid, tier, state in FollowUp.objects.filter(child_id__in=facts).values_list("child_id", "tier", "state")
    }
    now = timezone.now()
    week = today.strftime("%G-W%V")
    rows, history, alerts = [], [], []
    counts = defaultdict(int)
    for r in child_rows:
        cid, village = r["id"], r["village_id"]
        policy = policies.for_village(village)
        result = assess(facts[cid], policy)
        override = overrides.get(cid)
        tier = override["tier"] if override else result.tier
        last, planned = facts[cid].get("last_visit_on"), facts[cid].get("next_visit_on")
        due = next_due(last, tier, policy, today)
        if planned and last and last <= planned < due:
            due = planned  # the CWD planned sooner than the tier requires
        reasons = [list(h) for h in result.hits]
        if override:
            reasons.insert(0, ["override", "override", tier])
        alert_list = [list(a) for a in result.alerts]
        state = hashlib.blake2b(
            repr((village, tier, result.tier, reasons, result.triggers, alert_list, due, last)).encode(), digest_size=16
        ).hexdigest()
        before_tier, before_state = existing.get(cid, (None, None))
        counts[tier] += 1
        if state != before_state:
            rows.append(
                {
                    "child_id": cid,
                    "village_id": village,
                    "tier": tier,
                    "computed_tier": result.tier,
                    "tier_rank": TIER_RANK[tier],
                    "reasons": reasons,
                    "triggers": list(result.triggers),
                    "alerts": alert_list,
                    "due_on": due,
                    "last_visit_on": last,
                    "state": state,
                    "computed_at": now,
                }
            )
        if before_tier != tier:
            history.append(
                {
                    "child_id": cid,
                    "tier": tier,
                    "previous": before_tier or "",
                    "reasons": reasons,
                    "source": source,
                    "created_at": now,
                }
            )
            if tier == "red":
                for uid in recipients.for_child(village, supervisors=True):
                    alerts.append(
                        Alert(
                            recipient_id=uid,
                            kind=kinds.NEW_RED,
                            child_id=cid,
                            params=_red_params([h.reason for h in result.hits], policy),
                            dedupe_key=f"red:{cid}:{today}",
                        )
                    )
        for code, reason in result.alerts:
            kind = ALERT_KIND.get(code, kinds.POLICY_ALERT)
            if kind == kinds.POLICY_ALERT:
                key, params = f"{code}:{cid}:{week}", {"reason": reason, "text": policy.reasons.get(reason, "")}
            elif kind == kinds.CONTACT_LAPSED:
                # Once per lapse: the key is the date of the last contact.
                days = facts[cid]["days_since_contact"]
                key, params = f"contact:{cid}:{today - timedelta(days=days or 0)}", {"days": days}
            else:
                key, params = f"{code}:{cid}:{week}", {}
            for uid in recipients.for_child(village, supervisors=kind == kinds.UNDER16_WITHOUT_GUARDIAN):
                alerts.append(Alert(recipient_id=uid, kind=kind, child_id=cid, params=params, dedupe_key=key))
        if due < today:
            for uid in recipients.for_child(village, supervisors=False):
                alerts.append(
                    Alert(
                        recipient_id=uid,
                        kind=kinds.OVERDUE_VISIT,
                        child_id=cid,
                        params={"due": due.isoformat()},
                        dedupe_key=f"overdue:{cid}:{due}",
                    )
                )
    with transaction.atomic():
        # Replace the changed rows: a delete by primary key and a COPY are much faster than an
        # upsert compiled by the ORM (measured: 57 s → see docs/performance.md at 200,000).
        FollowUp.objects.filter(child_id__in=[r["child_id"] for r in rows]).delete()
        FastTable(FollowUp, with_pk=True).insert(rows)
        FastTable(TierHistory).insert(history)
        counts["alerts"] = do_alert_many(alerts)
    counts["changed"] = len(history)
    counts["written"] = len(rows)
    return counts


def reassess(child_ids: list[int], *, today: date | None = None, source: str = "visit") -> dict[str, int]:
    """Recompute the given children now (after a visit, a contact, an override)."""
    today = today or timezone.localdate()
    rows = list(children_for_jobs().filter(pk__in=child_ids).exclude(status=Status.CLOSED).values(*CHILD_FIELDS))
    return _reassess_rows(rows, today, source, Policies())


def recompute_all(*, today: date | None = None) -> dict[str, int]:
    """Every open file, in chunks of CHUNK children (the nightly job)."""
    today = today or timezone.localdate()
    policies = Policies()
    totals: dict[str, int] = defaultdict(int)
    # Closed files leave follow-up (they stay in the registry and its statistics); the close
    # action removes them at once, this catches anything closed outside it.
    FollowUp.objects.filter(child__status=Status.CLOSED).delete()
    base = children_for_jobs().exclude(status=Status.CLOSED).order_by("pk")
    last = 0
    while True:
        rows = list(base.filter(pk__gt=last).values(*CHILD_FIELDS)[:CHUNK])
        if not rows:
            break
        for k, v in _reassess_rows(rows, today, "nightly", policies).items():
            totals[k] += v
        totals["children"] += len(rows)
        last = rows[-1]["id"]
    if connection.vendor == "postgresql" and totals["written"] > totals["children"] // 10:
        # After rewriting much of the table, fresh statistics keep the planner on the indexes
        # for the "today" and overdue pages (stale ones made them 2–3× slower).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE followup_followup, followup_tierhistory")
    return dict(totals)
