"""Writing the demo data fast: straight to the driver (executemany, or COPY on PostgreSQL).

A bulk load for demonstrations and benchmarks. Its writes bypass the action functions (no audit
rows, no alerts, no per-row validation), so this module is one of the few allowed to touch
Child.objects directly; keep it that way, and never call it on a registry holding real records.
"""

import time
from collections import Counter
from datetime import date

from django.db import connection, models, transaction
from django.utils import timezone

from children.models import CATEGORY_FIELD, Child, Household, HouseholdMember, Parent
from core.bulk import FastTable
from geo.models import Division, code_range

from .planner import DemoError, HouseholdPlan, Planner, Village


def county_villages(county_code: str) -> tuple[Division, list[Village]]:
    """The county and its villages with their townships, in two queries."""
    county = Division.objects.filter(code=county_code, level=Division.Level.COUNTY).first()
    if county is None:
        raise DemoError(f"No county with code {county_code}: run `manage.py load_divisions` first.")
    rows = Division.objects.within(county).villages().select_related("parent").order_by("code")
    villages = [Village(v.code, v.name, v.parent_id, v.parent.name) for v in rows]
    if not villages:
        raise DemoError(f"{county.name} ({county_code}) has no villages: run `manage.py load_divisions` first.")
    return county, villages


def registry_is_empty() -> bool:
    return not Child.objects.exists()


def _reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """n primary keys nobody else will take, so children can point at their households."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # From the table's own sequence: safe against concurrent inserts.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock, so MAX() cannot race; sqlite_sequence keeps
        # AUTOINCREMENT's promise that deleted ids are never reused.
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        return list(range(start, start + n))


def _write(batch: list[HouseholdPlan], tables: dict[str, FastTable]) -> None:
    ids = _reserve_ids(Household, len(batch))
    parents, members, children = [], [], []
    for plan, hid in zip(batch, ids, strict=True):
        plan.household["id"] = hid
        parents += [{**p, "household_id": hid} for p in plan.parents]
        members += [{**m, "household_id": hid} for m in plan.members]
        children += [{**ch, "household_id": hid} for ch in plan.children]
    tables["household"].insert([plan.household for plan in batch])
    tables["parent"].insert(parents)
    tables["member"].insert(members)
    tables["child"].insert(children)


def generate(county_code: str, *, children: int, seed: int, batch_size: int = 5000, today: date | None = None) -> dict:
    """Fill an empty county with `children` demo children and their families; return counts.

    `today` is the reference date for ages and record dates (default: today); pass it to get
    the same data on another day. One transaction: a county is either fully loaded or
    untouched, so `seed_demo --if-empty` can trust that a non-empty registry is complete.
    Rows go in batches of about `batch_size` children, so memory stays flat at 200,000.
    """
    if children < 1:
        raise DemoError("The number of children must be positive.")
    started = time.monotonic()
    county, villages = county_villages(county_code)
    if Child.objects.filter(village__code__range=code_range(county.code)).exists():
        raise DemoError(f"{county.name} already has children; demo data goes into an empty county only.")
    planner = Planner(
        county.code, county.name, villages, children=children, seed=seed, today=today or timezone.localdate()
    )
    counts: Counter[str] = Counter()
    batch: list[HouseholdPlan] = []
    pending = 0
    with transaction.atomic():
        tables = {
            "household": FastTable(Household, with_pk=True),
            "parent": FastTable(Parent),
            "member": FastTable(HouseholdMember),
            "child": FastTable(Child),
        }
        for plan in planner.households(children):
            batch.append(plan)
            pending += len(plan.children)
            _count(counts, plan)
            if pending >= batch_size:
                _write(batch, tables)
                batch, pending = [], 0
        if batch:
            _write(batch, tables)
    counts["seconds"] = round(time.monotonic() - started, 1)
    return dict(counts)


def _count(counts: Counter, plan: HouseholdPlan) -> None:
    counts["households"] += 1
    counts["parents"] += len(plan.parents)
    counts["members"] += len(plan.members)
    counts["children"] += len(plan.children)
    for ch in plan.children:
        counts[f"status:{ch['status']}"] += 1
        for cat, name in CATEGORY_FIELD.items():
            if ch[name]:
                counts[f"category:{cat.value}"] += 1
