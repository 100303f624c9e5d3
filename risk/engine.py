"""The risk rules engine: a policy (rules, tiers, thresholds as JSON-able data) turns facts into a tier.

Policy document (risk.defaults.NATIONAL_DEFAULT is the national one)::

    {
      "tiers": [{"code": "red", "visit_every_days": 7}, ...],   # most serious first
      "contact_lapse_days": 7,                                  # MPL Art. 23: weekly contact
      "rules":  [{"code": "sam", "tier": "red", "when": CONDITION, "reason": "sam",
                  "triggers": ["MULTIPLE_INJURIES_MALNUTRITION_UNCONSCIOUS"],   # optional
                  "note": "source or comment"}, ...],                           # optional
      "alerts": [{"code": "contact_lapsed", "when": CONDITION, "reason": "contact_lapsed", "note": ""}, ...],
      "reasons": {"local_reason": "English text"},   # optional: reason keys this policy adds
      "note": "free text"                            # optional
    }

CONDITION is one of:

- ``{"all": [C, ...]}``, ``{"any": [C, ...]}``, ``{"not": C}``;
- ``{"answer": ITEM}``: the latest visit answered "yes" to checklist item ITEM (risk.checklist);
- ``{"fact": NAME, OP: VALUE}`` with NAME from risk.facts.FACTS and one OP:

  ===========================  =========================  ===================================
  OP                           facts                      true when
  ===========================  =========================  ===================================
  eq, ne                       int, str                   fact == VALUE, fact != VALUE
  lt, le, gt, ge               int                        fact < VALUE, ...
  in                           int, str                   fact is one of the list VALUE
  has                          set                        the set contains VALUE
  has_any                      set                        the set shares a member with VALUE
  is                           any                        bool(fact) == VALUE (true/false)
  ===========================  =========================  ===================================

  An int VALUE may be ``"$contact_lapse_days"``, read from the policy, so the threshold is one number.

A fact that is None (or missing) is unknown, and every test on it is false, ``ne`` and ``is``
included: ``{"fact": "caregiver_age", "ge": 70}`` is false for an unknown age, and so is
``{"fact": "caregiver_age", "lt": 70}``. To make "unknown" count, wrap the opposite test in ``not``.

A child's tier is the most serious tier among the rules that match; with none, the least serious
tier, with the hit ``("no_risk_found", "no_risk_found", tier)``. Every matching rule is a hit,
most serious tier first, then in policy order, so the reasons for the tier come first and the
lesser concerns follow. Report triggers come from the legal layer (risk.legal.LEGAL_TRIGGERS,
applied whatever the policy says: the duty to report is the law's, not the county's) plus the
triggers of matching rules; a policy can add triggers, never remove one.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from risk.checklist import BY_CODE, REPORT_TRIGGERS, YES
from risk.defaults import REASON_EN
from risk.facts import FACTS, FactSpec
from risk.legal import LEGAL_TRIGGERS

Pred = Callable[[Mapping[str, Any]], bool]

NO_RISK_FOUND = "no_risk_found"
# Rule codes the engine or the Django side use for hits of their own.
RESERVED_CODES = frozenset({NO_RISK_FOUND, "override"})
PARAMS = ("contact_lapse_days",)  # policy numbers a VALUE can name as "$name"

_ORDERED_OPS = ("lt", "le", "gt", "ge")
OPS_BY_KIND = {
    "int": ("eq", "ne", *_ORDERED_OPS, "in", "is"),
    "str": ("eq", "ne", "in", "is"),
    "bool": ("is",),
    "set": ("has", "has_any", "is"),
    "answers": (),
}
ALL_OPS = ("eq", "ne", *_ORDERED_OPS, "in", "has", "has_any", "is")
_FORMS = ("all", "any", "not", "fact", "answer")
_RULE_KEYS = {"code", "tier", "when", "reason", "triggers", "note"}
_ALERT_KEYS = {"code", "when", "reason", "note"}
_POLICY_KEYS = {"tiers", "contact_lapse_days", "rules", "alerts", "reasons", "note"}
_TRIGGER_ORDER = {t: i for i, t in enumerate(REPORT_TRIGGERS)}


class PolicyError(ValueError):
    """A policy document that cannot be used; the message says where and why."""


class Hit(NamedTuple):
    rule: str  # rule code
    reason: str  # reason key
    tier: str


class AlertHit(NamedTuple):
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    tier: str
    hits: tuple[Hit, ...]  # every matching rule, most serious tier first
    triggers: tuple[str, ...]  # report triggers that match, in REPORT_TRIGGERS order
    alerts: tuple[AlertHit, ...]  # absolute alerts, whatever the tier


@dataclass(frozen=True)
class Tier:
    code: str
    visit_every_days: int


@dataclass(frozen=True)
class Rule:
    code: str
    tier: str
    reason: str
    triggers: tuple[str, ...]
    test: Pred = field(repr=False, compare=False)


@dataclass(frozen=True)
class Alert:
    code: str
    reason: str
    test: Pred = field(repr=False, compare=False)


@dataclass(frozen=True, eq=False)
class Policy:
    """A compiled policy; build it with compile_policy()."""

    tiers: tuple[Tier, ...]  # most serious first
    contact_lapse_days: int
    rules: tuple[Rule, ...]  # in evaluation order: most serious tier first, then as written
    alerts: tuple[Alert, ...]
    reasons: Mapping[str, str]  # English text of every reason key this policy may produce
    data: Mapping[str, Any] = field(repr=False)  # the source document (a private copy)
    # Derived in __post_init__ so that assess() only runs tests and appends ready-made tuples.
    _rank: dict[str, int] = field(init=False, repr=False)
    _checks: tuple[tuple[Pred, Hit, tuple[str, ...]], ...] = field(init=False, repr=False)
    _alert_checks: tuple[tuple[Pred, AlertHit], ...] = field(init=False, repr=False)
    _no_risk: tuple[Hit] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        init = object.__setattr__  # the dataclass is frozen
        init(self, "_rank", {t.code: i for i, t in enumerate(self.tiers)})
        init(self, "_checks", tuple((r.test, Hit(r.code, r.reason, r.tier), r.triggers) for r in self.rules))
        init(self, "_alert_checks", tuple((a.test, AlertHit(a.code, a.reason)) for a in self.alerts))
        init(self, "_no_risk", (Hit(NO_RISK_FOUND, NO_RISK_FOUND, self.tiers[-1].code),))

    @property
    def tier_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.tiers)

    def rank(self, tier: str) -> int:
        """0 for the most serious tier, 1 for the next, ..."""
        try:
            return self._rank[tier]
        except KeyError:
            raise PolicyError(f"unknown tier {tier!r}; this policy has {', '.join(self.tier_codes)}") from None

    def visit_every_days(self, tier: str) -> int:
        return self.tiers[self.rank(tier)].visit_every_days

    def more_serious(self, a: str, b: str) -> str:
        """The more serious of two tiers."""
        return a if self.rank(a) <= self.rank(b) else b


# ---------------------------------------------------------------- compiling


def compile_policy(data: Mapping[str, Any], facts: Mapping[str, FactSpec] = FACTS) -> Policy:
    """Validate a policy document and compile its conditions; raises PolicyError naming the bad part.

    `facts` are the facts a condition may test: risk.facts.FACTS, plus any that the apps providing
    facts declare (followup.providers on the Django side)."""
    if not isinstance(data, Mapping):
        raise PolicyError(f"a policy must be an object, got {type(data).__name__}")
    _no_unknown_keys(data, _POLICY_KEYS, "policy")
    for key in ("tiers", "contact_lapse_days", "rules", "alerts"):
        if key not in data:
            raise PolicyError(f"policy: {key!r} is missing")
    data = copy.deepcopy(dict(data))
    tiers = _tiers(data["tiers"])
    lapse = data["contact_lapse_days"]
    if not _is_int(lapse) or lapse < 1:
        raise PolicyError(f"contact_lapse_days: expected a whole number of days (1 or more), got {lapse!r}")
    reasons = _reasons(data.get("reasons", {}))
    params = {"contact_lapse_days": lapse}
    tier_codes = [t.code for t in tiers]
    rules = _entries(data["rules"], "rules", "rule", _RULE_KEYS, tier_codes, reasons, params, facts)
    alerts = _entries(data["alerts"], "alerts", "alert", _ALERT_KEYS, None, reasons, params, facts)
    rank = {code: i for i, code in enumerate(tier_codes)}
    ordered = sorted(rules, key=lambda r: rank[r.tier])  # stable: policy order within a tier
    used = {r.reason for r in rules} | {a.reason for a in alerts} | {NO_RISK_FOUND}
    return Policy(
        tiers=tuple(tiers),
        contact_lapse_days=lapse,
        rules=tuple(ordered),
        alerts=tuple(alerts),
        reasons=MappingProxyType({k: reasons[k] for k in reasons if k in used}),
        data=MappingProxyType(data),
    )


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _suggest(word: object, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _no_unknown_keys(obj: Mapping, allowed: set[str], where: str) -> None:
    for key in obj:
        if key not in allowed:
            raise PolicyError(
                f"{where}: unknown key {key!r}{_suggest(key, allowed)}; allowed: {', '.join(sorted(allowed))}"
            )


def _tiers(raw: object) -> list[Tier]:
    if not isinstance(raw, list) or not raw:
        raise PolicyError("tiers: expected a non-empty list, most serious first")
    tiers, seen = [], set()
    for i, t in enumerate(raw):
        where = f"tiers[{i}]"
        if not isinstance(t, Mapping):
            raise PolicyError(f"{where}: expected an object with 'code' and 'visit_every_days'")
        _no_unknown_keys(t, {"code", "visit_every_days"}, where)
        code = t.get("code")
        if not isinstance(code, str) or not code.isidentifier():
            raise PolicyError(f"{where}: 'code' must be a short name such as 'red', got {code!r}")
        where = f"tier {code!r}"
        if code in seen:
            raise PolicyError(f"{where}: duplicate tier code")
        seen.add(code)
        days = t.get("visit_every_days")
        if not _is_int(days) or days < 1:
            raise PolicyError(f"{where}: visit_every_days must be a whole number of days (1 or more), got {days!r}")
        tiers.append(Tier(code, days))
    return tiers


def _reasons(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise PolicyError("reasons: expected an object of reason key -> English text")
    for key, text in raw.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise PolicyError(f"reasons: {key!r} is not a valid reason key (letters, digits and _)")
        if not isinstance(text, str) or not text.strip():
            raise PolicyError(f"reasons: {key!r} needs a non-empty text")
    return {**REASON_EN, **raw}


def _entries(
    raw: object,
    section: str,
    kind: str,
    allowed: set[str],
    tier_codes: list[str] | None,
    reasons: Mapping[str, str],
    params: Mapping[str, int],
    facts: Mapping[str, FactSpec],
) -> list:
    if not isinstance(raw, list):
        raise PolicyError(f"{section}: expected a list")
    out, seen = [], set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            raise PolicyError(f"{section}[{i}]: expected an object")
        code = entry.get("code")
        if not isinstance(code, str) or not code.isidentifier():
            raise PolicyError(f"{section}[{i}]: 'code' must be a short name (letters, digits and _), got {code!r}")
        where = f"{kind} {code!r}"
        _no_unknown_keys(entry, allowed, where)
        if code in seen:
            raise PolicyError(f"{where}: duplicate code (used by an earlier {kind})")
        if code in RESERVED_CODES:
            raise PolicyError(f"{where}: the code {code!r} is reserved")
        seen.add(code)
        for key in sorted(allowed - {"triggers", "note"}):
            if key not in entry:
                raise PolicyError(f"{where}: {key!r} is missing")
        if tier_codes is not None and entry["tier"] not in tier_codes:
            raise PolicyError(
                f"{where}: unknown tier {entry['tier']!r}{_suggest(entry['tier'], tier_codes)}; "
                f"this policy has {', '.join(tier_codes)}"
            )
        reason = entry["reason"]
        if reason not in reasons:
            raise PolicyError(
                f"{where}: unknown reason key {reason!r}{_suggest(reason, reasons)}; "
                "add its text under the policy's 'reasons'"
            )
        if not isinstance(entry.get("note", ""), str):
            raise PolicyError(f"{where}: 'note' must be text")
        test = _condition(entry["when"], f"{where}: when", params, facts)
        if tier_codes is None:
            out.append(Alert(code, reason, test))
            continue
        tier = entry["tier"]
        triggers = entry.get("triggers", [])
        if not isinstance(triggers, list):
            raise PolicyError(f"{where}: 'triggers' must be a list of report trigger codes")
        for t in triggers:
            if t not in _TRIGGER_ORDER:
                raise PolicyError(f"{where}: unknown report trigger {t!r}{_suggest(t, REPORT_TRIGGERS)}")
        out.append(Rule(code, tier, reason, tuple(sorted(set(triggers), key=_TRIGGER_ORDER.__getitem__)), test))
    return out


def _condition(cond: object, where: str, params: Mapping[str, int], facts: Mapping[str, FactSpec]) -> Pred:
    if not isinstance(cond, Mapping):
        raise PolicyError(f"{where}: a condition must be an object, got {cond!r}")
    forms = [k for k in _FORMS if k in cond]
    if len(forms) != 1:
        raise PolicyError(
            f"{where}: a condition needs exactly one of {', '.join(_FORMS)}; got keys "
            f"{', '.join(map(repr, cond)) or 'none'}"
        )
    form = forms[0]
    if form in ("all", "any"):
        _no_unknown_keys(cond, {form}, where)
        parts = cond[form]
        if not isinstance(parts, list) or not parts:
            raise PolicyError(f"{where}: {form!r} needs a non-empty list of conditions")
        preds = tuple(_condition(p, f"{where}.{form}[{i}]", params, facts) for i, p in enumerate(parts))
        return _all(preds) if form == "all" else _any(preds)
    if form == "not":
        _no_unknown_keys(cond, {"not"}, where)
        inner = _condition(cond["not"], f"{where}.not", params, facts)
        return lambda f: not inner(f)
    if form == "answer":
        _no_unknown_keys(cond, {"answer"}, where)
        item = cond["answer"]
        if item not in BY_CODE:
            raise PolicyError(f"{where}: unknown checklist item {item!r}{_suggest(item, BY_CODE)}")
        return _answer(item)
    return _fact(cond, where, params, facts)


def _all(preds: tuple[Pred, ...]) -> Pred:
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        a, b = preds
        return lambda f: a(f) and b(f)

    def test(f: Mapping[str, Any]) -> bool:
        for p in preds:  # noqa: SIM110  (a loop is faster than all() over a generator here)
            if not p(f):
                return False
        return True

    return test


def _any(preds: tuple[Pred, ...]) -> Pred:
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        a, b = preds
        return lambda f: a(f) or b(f)

    def test(f: Mapping[str, Any]) -> bool:
        for p in preds:  # noqa: SIM110  (a loop is faster than any() over a generator here)
            if p(f):
                return True
        return False

    return test


def _answer(item: str) -> Pred:
    def test(f: Mapping[str, Any]) -> bool:
        answers = f.get("answers")
        return answers is not None and answers.get(item) == YES

    return test


def _fact(cond: Mapping, where: str, params: Mapping[str, int], facts: Mapping[str, FactSpec]) -> Pred:
    name = cond["fact"]
    spec = facts.get(name) if isinstance(name, str) else None
    if spec is None:
        raise PolicyError(f"{where}: unknown fact {name!r}{_suggest(name, facts)}")
    if spec.kind == "answers":
        raise PolicyError(f'{where}: test checklist answers with {{"answer": ITEM}}, not as a fact')
    ops = [k for k in cond if k != "fact"]
    if len(ops) != 1:
        raise PolicyError(
            f"{where}: fact {name!r} needs exactly one operator ({', '.join(OPS_BY_KIND[spec.kind])}); "
            f"got {', '.join(map(repr, ops)) or 'none'}"
        )
    op = ops[0]
    if op not in ALL_OPS:
        raise PolicyError(
            f"{where}: unknown operator {op!r}{_suggest(op, ALL_OPS)}; "
            f"for fact {name!r} use one of {', '.join(OPS_BY_KIND[spec.kind])}"
        )
    if op not in OPS_BY_KIND[spec.kind]:
        raise PolicyError(
            f"{where}: operator {op!r} does not apply to the {spec.kind} fact {name!r}; "
            f"use one of {', '.join(OPS_BY_KIND[spec.kind])}"
        )
    value = _value(cond[op], op, name, spec, f"{where}: fact {name!r} {op}", params)
    return _make_test(name, op, value)


def _value(raw: object, op: str, name: str, spec: Any, where: str, params: Mapping[str, int]) -> Any:
    if op == "is":
        if not isinstance(raw, bool):
            raise PolicyError(f"{where}: expected true or false, got {raw!r}")
        return raw
    if isinstance(raw, str) and raw.startswith("$"):
        if spec.kind != "int" or op == "in":
            raise PolicyError(f"{where}: {raw!r} can only stand for a number compared with a number fact")
        if raw[1:] not in params:
            raise PolicyError(f"{where}: unknown policy number {raw!r}; known: {', '.join('$' + p for p in PARAMS)}")
        return params[raw[1:]]

    def scalar(v: object) -> object:
        if spec.kind == "int":
            if not _is_int(v):
                raise PolicyError(f"{where}: expected a whole number, got {v!r}")
        elif not isinstance(v, str):
            raise PolicyError(f"{where}: expected text, got {v!r}")
        elif spec.values and v not in spec.values:
            raise PolicyError(
                f"{where}: {v!r} is not a value of {name!r}{_suggest(v, spec.values)}; "
                f"known: {', '.join(repr(x) for x in spec.values)}"
            )
        return v

    if op in ("in", "has_any"):
        if not isinstance(raw, list) or not raw:
            raise PolicyError(f"{where}: expected a non-empty list, got {raw!r}")
        return frozenset(scalar(v) for v in raw)
    return scalar(raw)


def _make_test(name: str, op: str, v: Any) -> Pred:
    # Each test reads the fact once and is false when it is None (unknown).
    if op == "is":
        return lambda f: (x := f.get(name)) is not None and bool(x) is v
    if op == "eq":
        return lambda f: (x := f.get(name)) is not None and x == v
    if op == "ne":
        return lambda f: (x := f.get(name)) is not None and x != v
    if op == "lt":
        return lambda f: (x := f.get(name)) is not None and x < v
    if op == "le":
        return lambda f: (x := f.get(name)) is not None and x <= v
    if op == "gt":
        return lambda f: (x := f.get(name)) is not None and x > v
    if op == "ge":
        return lambda f: (x := f.get(name)) is not None and x >= v
    if op == "in":
        return lambda f: f.get(name) in v  # v holds no None
    if op == "has":
        return lambda f: (x := f.get(name)) is not None and v in x
    if op == "has_any":
        return lambda f: (x := f.get(name)) is not None and not v.isdisjoint(x)
    raise AssertionError(op)  # unreachable: ops are validated first


# ---------------------------------------------------------------- assessing

# The legal layer, compiled once; no county policy reaches it.
_LEGAL: tuple[tuple[str, Pred], ...] = tuple(
    (trigger, _condition(when, f"legal trigger {trigger} ({source})", {}, FACTS))
    for trigger, when, source in LEGAL_TRIGGERS
)


def legal_triggers(facts: Mapping[str, Any]) -> list[str]:
    """The report triggers the law attaches to these facts (risk.legal), in REPORT_TRIGGERS order.

    Works on partial facts too (a visit's answers, age and sex): an unknown fact matches nothing."""
    if not facts.get("answers"):
        return []  # every legal condition needs a "yes" to a checklist item; most children have none
    found = {trigger for trigger, test in _LEGAL if test(facts)}
    return [t for t in REPORT_TRIGGERS if t in found]


def assess(facts: Mapping[str, Any], policy: Policy) -> Assessment:
    """The child's tier, the reasons for it, the report triggers and the absolute alerts."""
    hits = []
    extra: tuple[str, ...] = ()
    for test, hit, triggers in policy._checks:
        if test(facts):
            hits.append(hit)
            if triggers:
                extra += triggers
    if hits:
        tier = hits[0].tier  # rules are ordered most serious tier first
    else:
        hits = policy._no_risk
        tier = hits[0].tier
    triggers = legal_triggers(facts)
    if extra:
        triggers = sorted(set(triggers).union(extra), key=_TRIGGER_ORDER.__getitem__)
    alerts = tuple(hit for test, hit in policy._alert_checks if test(facts))
    return Assessment(tier, tuple(hits), tuple(triggers), alerts)


def assess_many(many_facts: Iterable[Mapping[str, Any]], policy: Policy) -> list[Assessment]:
    """assess() for each facts dict, in order."""
    return [assess(f, policy) for f in many_facts]


def next_due(last_visit: date | None, tier: str, policy: Policy, today: date) -> date:
    """When the next visit is due: the last visit plus the tier's interval; never visited: today.

    The date follows the current tier, not the tier at the last visit, so a child who becomes more
    serious is due sooner at once (possibly already overdue: the result may be before today), and
    one who becomes less serious is due later.
    """
    if last_visit is None:
        return today
    return last_visit + timedelta(days=policy.visit_every_days(tier))
