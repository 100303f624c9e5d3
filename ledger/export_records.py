"""A child's file as the ledger exports read it: the child, household, parents and members, loaded
in chunks (a county of 200,000 children is never in memory at once), with the words of the
Chinese forms for its coded values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils import translation

from children import access
from children import choices as c
from children import eligibility as e
from children.assess import facts_for, rules_for
from children.models import Child, Household, HouseholdMember, Parent
from core.scope import code_range
from geo.models import Division

CHUNK = 2000
DIFFICULTY = (
    c.Category.DIFFICULTY_ECONOMIC,
    c.Category.DIFFICULTY_DISABILITY,
    c.Category.DIFFICULTY_GUARDIANSHIP,
    c.Category.ORPHAN,
    c.Category.DE_FACTO_UNSUPPORTED,
    c.Category.OTHER_LOCAL,
)


def label(obj: Model, attr: str) -> str:
    """The Chinese word for a coded value ("" when blank), whatever the user's language: the
    两表一册 and the exchange file are Chinese documents."""
    value = getattr(obj, attr)
    if value is None or value == "":
        return ""
    return _label(type(obj), attr, value)


@cache
def _label(model: type[Model], attr: str, value: Any) -> str:
    # Looked up once per value: switching languages for each of a county's cells would cost more
    # than writing them.
    choices = dict(model._meta.get_field(attr).flatchoices)
    with translation.override("zh-hans"):
        return str(choices.get(value, value))


@cache
def category_label(category: str) -> str:
    with translation.override("zh-hans"):
        return str(c.Category(category).label)


@dataclass
class Record:
    child: Child
    places: dict[str, str] = field(default_factory=dict)  # code -> name of the village's ancestors

    @property
    def household(self) -> Household:
        return self.child.household

    @property
    def father(self) -> Parent | None:
        return self.household.parent(c.ParentRole.FATHER)

    @property
    def mother(self) -> Parent | None:
        return self.household.parent(c.ParentRole.MOTHER)

    @property
    def members(self) -> list[HouseholdMember]:
        return list(self.household.members.all())

    def place(self, level: int) -> str:
        """The name of the village's province (1) … township (4)."""
        length = {1: 2, 2: 4, 3: 6, 4: 9}[level]
        return self.places.get(self.child.village_id[:length], "")


def children_in(user, division: Division, *, open_only: bool) -> QuerySet[Child]:
    """The files of the division the user may see (children.access), open ones only if asked."""
    qs = access.children_for(user).filter(village__code__range=code_range(division.code))
    if open_only:
        qs = qs.exclude(status=c.Status.CLOSED)
    return qs


def with_family(qs: QuerySet[Child]) -> QuerySet[Child]:
    return qs.select_related("village", "household").prefetch_related(
        Prefetch("household__parents", queryset=Parent.objects.order_by("role")),
        Prefetch("household__members", queryset=HouseholdMember.objects.order_by("pk")),
    )


def place_names(division: Division) -> dict[str, str]:
    """Names of the division, its ancestors and everything within it down to townships."""
    codes = {division.code[:n] for n in (2, 4, 6, 9) if n <= len(division.code)}
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    names |= dict(
        Division.objects.within(division).filter(level__lte=Division.Level.TOWNSHIP).values_list("code", "name")
    )
    return names


def records(qs: QuerySet[Child], places: dict[str, str]) -> Iterator[Record]:
    """Each child of `qs` (ordered as given) with its family, loaded CHUNK at a time."""
    for child in with_family(qs).iterator(chunk_size=CHUNK):
        yield Record(child, places)


def ordered(qs: QuerySet[Child]) -> QuerySet[Child]:
    return qs.order_by("village_id", "name_pinyin", "pk")


# ------------------------------------------------------------------ words of the forms


def categories_text(child: Child) -> str:
    return "、".join(category_label(cat) for cat in child.categories)


def difficulty_text(record: Record) -> str:
    return "、".join(category_label(cat) for cat in record.child.categories if cat in DIFFICULTY)


def left_behind_type(record: Record) -> str:
    """双亲外出 or 一方外出、另一方无监护能力 (DOMAIN.md §1.2), read from the parents, for a
    left-behind child; "" otherwise."""
    if not record.child.cat_rural_left_behind:
        return ""
    away = [p for p in (record.father, record.mother) if p is not None and p.is_away]
    if len(away) == 2:
        return "父母双方外出务工"
    if len(away) == 1:
        return "一方外出务工、另一方无监护能力"
    return ""


def parent_status(parent: Parent | None) -> str:
    """健在、省外务工 / 死亡 / 服刑（2024-05-01起）: what the roster's "status" column says."""
    if parent is None:
        return ""
    if parent.vital_status != c.VitalStatus.ALIVE:
        return label(parent, "vital_status")
    parts = []
    if parent.condition:
        since = f"（{parent.condition_start:%Y-%m-%d}起）" if parent.condition_start else ""
        parts.append(label(parent, "condition") + since)
    parts.append(label(parent, "migration_status"))
    return "，".join(parts)


def schooling_text(child: Child) -> str:
    parts = [label(child, "schooling_status"), child.school, child.grade]
    if child.boarding:
        parts.append("寄宿")
    return " ".join(p for p in parts if p)


def health_text(child: Child) -> str:
    text = label(child, "health_status")
    detail = "，".join(p for p in (label(child, "disability_type"), label(child, "disability_grade")) if p)
    return f"{text}（{detail}）" if detail else text


def relation_text(household: Household) -> str:
    if household.caregiver_relation == c.CaregiverRelation.OTHER and household.caregiver_relation_other:
        return household.caregiver_relation_other
    return label(household, "caregiver_relation")


class Reasons:
    """Why a child meets its categories: the eligibility findings (children.eligibility) with the
    rules of its jurisdiction, looked up once per village."""

    def __init__(self, on):
        self.on = on
        self._rules: dict[str, Any] = {}

    def __call__(self, child: Child) -> list[str]:
        if child.village_id not in self._rules:
            self._rules[child.village_id] = rules_for(child.village)[0]
        rules = self._rules[child.village_id]
        with translation.override("zh-hans"):
            facts = facts_for(child)
            found = []
            checks = (
                (c.Category.RURAL_LEFT_BEHIND, lambda: e.left_behind(facts, rules, self.on)),
                (c.Category.ORPHAN, lambda: e.orphan(facts, self.on, rules)),
                (c.Category.DE_FACTO_UNSUPPORTED, lambda: e.de_facto_unsupported(facts, rules, self.on)),
            )
            for cat, check in checks:
                if cat in child.categories:
                    finding = check()
                    verdict = "符合" if finding.meets else "不符合（请核实）"
                    reasons = "".join(r if r.endswith(("。", "；", ".")) else r + "；" for r in finding.reasons)
                    found.append(f"{cat.label}：{verdict}。{reasons}")
            household = child.household
            if child.cat_difficulty_economic:
                found.append(
                    f"{c.Category.DIFFICULTY_ECONOMIC.label}：" + (label(household, "assistance_status") or "—")
                )
            if child.cat_difficulty_disability:
                found.append(f"{c.Category.DIFFICULTY_DISABILITY.label}：" + health_text(child))
            if child.cat_other_local and child.other_category_note:
                found.append(f"{c.Category.OTHER_LOCAL.label}：{child.other_category_note}")
        return found
