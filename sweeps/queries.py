"""Read-side queries of sweeps: each item's outcome, the progress per village and township, and
the report of changes. Every function takes items that came from sweeps.access.

While a sweep runs, an item's outcome is worked out from the file itself, so nothing has to be
kept in step: a closed file is "closed"; a file whose record, household or parents were saved
since the start (their lock_version moved, core.versioning) is "corrected"; else a tap on "still
here" made it "confirmed"; else it is still to check. When the sweep closes, the outcome is stored
(sweeps.actions.do_close_sweep) and the report reads only what was stored.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from children.choices import Status
from children.models import CATEGORY_FIELD, Child, Household, Parent
from geo.models import CODE_LENGTH, Division

from .models import Sweep, SweepItem

OUT = SweepItem.Outcome
K = SweepItem.Kind
CHECKED = (OUT.CONFIRMED, OUT.CORRECTED, OUT.CLOSED)


def categories_expr(prefix: str = "") -> Concat:
    """A child's categories as one string of codes, each followed by "," (the same form at the
    start and at the end, so that SQL can compare them)."""
    parts = [
        Case(
            When(**{f"{prefix}{name}": True}, then=Value(f"{cat.value},")), default=Value(""), output_field=CharField()
        )
        for cat, name in CATEGORY_FIELD.items()
    ]
    return Concat(*parts, output_field=CharField())


def parents_version_expr(household_ref: str) -> Coalesce:
    """The sum of (lock_version + 1) over the household's parents: it moves when a parent is
    edited or added."""
    sums = (
        Parent.objects.filter(household_id=OuterRef(household_ref))
        .order_by()
        .values("household_id")
        .annotate(s=Sum(F("lock_version") + 1))
        .values("s")
    )
    return Coalesce(Subquery(sums, output_field=IntegerField()), Value(0))


@contextmanager
def no_jit() -> Iterator[None]:
    """Run the queries inside without PostgreSQL's JIT compiler. The planner counts the parents'
    look-up once per item (190,000 at a 200,000-child county) and so compiles the query: measured,
    6.2 s of compiling for a query that runs in 0.7 s (docs/performance.md, "Sweeps")."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def live_outcome() -> Case:
    """The outcome of an item while the sweep runs, as an expression on SweepItem: joins to the
    child and its household, and one look-up of the household's parents on their index."""
    return Case(
        When(kind=K.FOUND, then=Value(OUT.FOUND)),
        When(child__status=Status.CLOSED, then=Value(OUT.CLOSED)),
        When(
            ~Q(child__lock_version=F("child_version"))
            | ~Q(child__household__lock_version=F("household_version"))
            | ~Q(parents_version=parents_version_expr("child__household_id")),
            then=Value(OUT.CORRECTED),
        ),
        When(confirmed_at__isnull=False, then=Value(OUT.CONFIRMED)),
        default=Value(OUT.PENDING),
        output_field=CharField(),
    )


def with_state(items: QuerySet[SweepItem], sweep: Sweep) -> QuerySet[SweepItem]:
    """Items annotated with `state`: stored once the sweep is closed, worked out while it runs."""
    if sweep.is_closed:
        return items.annotate(state=F("outcome"))
    return items.annotate(state=live_outcome())


# ---- Progress --------------------------------------------------------------------------------


@dataclass
class Progress:
    code: str
    name: str = ""
    total: int = 0
    confirmed: int = 0
    corrected: int = 0
    closed: int = 0
    found: int = 0
    villages: int = 0
    villages_not_started: int = 0

    @property
    def checked(self) -> int:
        return self.confirmed + self.corrected + self.closed

    @property
    def left(self) -> int:
        return self.total - self.checked

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.checked / self.total)

    @property
    def not_started(self) -> bool:
        return self.total > 0 and self.checked == 0

    @property
    def is_village(self) -> bool:
        return len(self.code) == CODE_LENGTH[Division.Level.VILLAGE]

    def add(self, other: "Progress") -> None:
        for name in ("total", "confirmed", "corrected", "closed", "found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.villages += 1
        self.villages_not_started += int(other.not_started)


def village_progress(items: QuerySet[SweepItem], sweep: Sweep) -> dict[str, Progress]:
    """One row per village, from one query grouped by village and state (so that each item's
    state is worked out once)."""
    if not sweep.is_closed:
        rows = _live_counts(items)
    else:
        rows = list(items.values_list("village_id", "outcome").annotate(n=Count("pk")).order_by())
    out: dict[str, Progress] = {}
    for village, state, n in rows:
        p = out.setdefault(village, Progress(village))
        if state == OUT.FOUND:
            p.found += n
            continue
        p.total += n
        if state in (OUT.CONFIRMED, OUT.CORRECTED, OUT.CLOSED):
            setattr(p, state, getattr(p, state) + n)
    return out


def _live_counts(items: QuerySet[SweepItem]) -> list[tuple[str, str, int]]:
    """(village, state, count) of running items, in one pass: the parents' versions are summed per
    household once, in a derived table joined to the items, rather than looked up item by item as
    `live_outcome` does (at 190,000 items: a second instead of three, docs/performance.md). The
    rows are those of `items` (the user's scoped queryset), as a sub-query."""
    qn = connection.ops.quote_name
    item, child, household, parent = (qn(m._meta.db_table) for m in (SweepItem, Child, Household, Parent))
    scoped_sql, scoped_params = items.values("pk").query.sql_with_params()
    sql = f"""
        SELECT i.village_id,
               CASE WHEN i.kind = %s THEN %s
                    WHEN c.status = %s THEN %s
                    WHEN c.lock_version <> i.child_version OR h.lock_version <> i.household_version
                         OR i.parents_version <> COALESCE(p.s, 0) THEN %s
                    WHEN i.confirmed_at IS NOT NULL THEN %s
                    ELSE %s END AS state,
               COUNT(*)
        FROM {item} i
        JOIN {child} c ON c.id = i.child_id
        JOIN {household} h ON h.id = c.household_id
        LEFT JOIN (
            SELECT household_id, SUM(lock_version + 1) AS s FROM {parent}
            WHERE household_id IN (
                SELECT c2.household_id FROM {child} c2 JOIN {item} i2 ON i2.child_id = c2.id
                WHERE i2.id IN ({scoped_sql}))
            GROUP BY household_id
        ) p ON p.household_id = c.household_id
        WHERE i.id IN ({scoped_sql})
        GROUP BY 1, 2
    """  # noqa: S608  (names from the models' metadata, quoted; every value a parameter)
    params = [K.FOUND, OUT.FOUND, Status.CLOSED, OUT.CLOSED, OUT.CORRECTED, OUT.CONFIRMED, OUT.PENDING]
    with no_jit(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, *scoped_params, *scoped_params])
        return [(village, state, int(n)) for village, state, n in cursor.fetchall()]


def progress(items: QuerySet[SweepItem], sweep: Sweep, level: int) -> tuple[list[Progress], Progress]:
    """Rows per village (level 5) or per township (level 4), named, and the total."""
    villages = village_progress(items, sweep)
    width = CODE_LENGTH[level]
    rows: dict[str, Progress] = {}
    total = Progress("")
    for code, row in villages.items():
        group = rows.setdefault(code[:width], Progress(code[:width]))
        if level == Division.Level.VILLAGE:
            rows[code] = row
            row.villages, row.villages_not_started = 1, int(row.not_started)
        else:
            group.add(row)
        total.add(row)
    names = dict(Division.objects.filter(code__in=rows).values_list("code", "name"))
    for code, row in rows.items():
        row.name = names.get(code, code)
    return list(rows.values()), total


def sort_rows(rows: list[Progress], how: str) -> list[Progress]:
    if how == "name":
        return sorted(rows, key=lambda r: r.code)
    # Least progress first: those who need a call from the township or county.
    return sorted(rows, key=lambda r: (r.percent, -r.left, r.code))


# ---- The report ------------------------------------------------------------------------------


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    closed_by_reason: Counter = field(default_factory=Counter)
    category_added: Counter = field(default_factory=Counter)
    category_removed: Counter = field(default_factory=Counter)
    changed_fields: Counter = field(default_factory=Counter)
    eligibility_yes: Counter = field(default_factory=Counter)  # the rules say yes, the file says no
    eligibility_no: Counter = field(default_factory=Counter)  # the file says yes, the rules say no
    villages_not_started: int = 0

    @property
    def checked(self) -> int:
        return sum(self.counts[o] for o in CHECKED)

    @property
    def listed(self) -> int:
        return self.checked + self.counts[OUT.PENDING]


def category_changes(items: QuerySet[SweepItem]) -> QuerySet[SweepItem]:
    """Files still open whose categories differ between the start and the close."""
    return items.filter(kind=K.LISTED).exclude(end_status=Status.CLOSED).exclude(end_categories=F("start_categories"))


def report(items: QuerySet[SweepItem]) -> Report:
    """The counts of a closed sweep's report, from what was stored when it closed."""
    r = Report()
    for row in items.values("outcome").annotate(n=Count("pk")).order_by():
        r.counts[row["outcome"]] = row["n"]
    for row in items.filter(outcome=OUT.CLOSED).values("closure_reason").annotate(n=Count("pk")).order_by():
        r.closed_by_reason[row["closure_reason"]] = row["n"]
    for start, end in category_changes(items).values_list("start_categories", "end_categories"):
        before, after = set(filter(None, start.split(","))), set(filter(None, end.split(",")))
        r.category_added.update(after - before)
        r.category_removed.update(before - after)
    for fields in items.exclude(changed_fields=[]).values_list("changed_fields", flat=True):
        r.changed_fields.update(fields)
    for differs in items.exclude(eligibility_differs={}).values_list("eligibility_differs", flat=True):
        for cat, meets in differs.items():
            (r.eligibility_yes if meets else r.eligibility_no)[cat] += 1
    by_village: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        items.filter(kind=K.LISTED)
        .values("village_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(outcome__in=CHECKED)))
        .order_by()
    ):
        by_village[row["village_id"]] = [row["n"], row["done"]]
    r.villages_not_started = sum(1 for n, done in by_village.values() if n and not done)
    return r
