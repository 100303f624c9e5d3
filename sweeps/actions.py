"""Every write of sweeps: start, confirm (and undo), close a file on the list, record a child found,
close the sweep. Each owns its transaction and writes its audit event; a file's own changes go
through the registry's actions (children.actions), which audit them."""

import json
import logging
from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert
from audit.actions import do_log
from audit.models import AuditEvent
from children import actions as child_actions
from children import eligibility as e
from children.access import children_for, children_for_jobs
from children.assess import rules_for
from children.choices import Category, ParentRole, Status
from children.models import Parent
from core.bulk import FastTable
from core.errors import ActionError
from core.scope import code_range
from geo.models import Division

from . import access
from .alert_kinds import SWEEP_STARTED
from .audit_actions import SWEEP_CLOSE, SWEEP_CONFIRM, SWEEP_FOUND, SWEEP_START, SWEEP_UNDO
from .models import Sweep, SweepItem
from .queries import categories_expr, no_jit, with_state

OUT = SweepItem.Outcome
K = SweepItem.Kind
logger = logging.getLogger(__name__)
CHUNK = 5000  # files read and written per round at the start and at the close
# The categories the eligibility rules decide (children.eligibility); the others are recorded by people.
RULED = {
    Category.RURAL_LEFT_BEHIND: "cat_rural_left_behind",
    Category.DE_FACTO_UNSUPPORTED: "cat_de_facto_unsupported",
    Category.ORPHAN: "cat_orphan",
}


@transaction.atomic
def do_start_sweep(actor, *, name: str, reference_date: date, deadline: date, request=None) -> Sweep:
    """Start a sweep of the officer's county: one item per open file, in bulk, and an alert to
    each village's CWDs with the number of children on their list."""
    if not access.can_start(actor):
        raise ActionError("only a county officer starts a sweep")
    area = actor.division
    if Sweep.objects.filter(area=area, status__in=[Sweep.Status.RUNNING, Sweep.Status.CLOSING]).exists():
        raise ActionError("a sweep is already running in this county")
    now = timezone.now()
    try:
        with transaction.atomic():
            sweep = Sweep.objects.create(
                area=area, name=name, reference_date=reference_date, deadline=deadline, started_by=actor, started_at=now
            )
    except IntegrityError:  # another officer started one at the same moment
        raise ActionError("a sweep is already running in this county") from None
    open_files = children_for(actor).filter(village__code__range=code_range(area.code)).exclude(status=Status.CLOSED)
    files = (
        open_files.annotate(cats=categories_expr())
        .values_list("pk", "village_id", "status", "cats", "lock_version", "household__lock_version", "household_id")
        .order_by("pk")
    )
    # The parents' versions summed per household in one grouped pass (not one look-up per file).
    parents = dict(
        Parent.objects.filter(household_id__in=open_files.values("household_id"))
        .values("household_id")
        .annotate(s=Sum(F("lock_version") + 1))
        .values_list("household_id", "s")
        .order_by()
    )
    table = FastTable(SweepItem)
    per_village: dict[str, int] = defaultdict(int)
    rows: list[dict] = []
    total = 0
    with no_jit():  # compiling this one pass would take longer than running it
        snapshot = list(files)
    for pk, village, status, cats, version, household_version, household_id in snapshot:
        rows.append(
            {
                "sweep_id": sweep.pk,
                "child_id": pk,
                "village_id": village,
                "kind": K.LISTED,
                "start_status": status,
                "start_categories": cats,
                "child_version": version,
                "household_version": household_version,
                "parents_version": parents.get(household_id, 0),
                "changed_fields": [],
                "eligibility_differs": {},
            }
        )
        per_village[village] += 1
        if len(rows) == CHUNK:
            table.insert(rows)
            total += len(rows)
            rows = []
    table.insert(rows)
    total += len(rows)
    sweep.files_at_start = total
    sweep.save(update_fields=["files_at_start"])
    do_log(
        actor,
        SWEEP_START,
        details={
            "sweep": str(sweep.uuid),
            "name": name,
            "reference_date": reference_date.isoformat(),
            "deadline": deadline.isoformat(),
            "files": total,
        },
        request=request,
    )
    staff = staff_by_village(per_village, User.Role.CWD)
    alerts = [
        Alert(
            recipient=user,
            kind=SWEEP_STARTED,
            params={
                "sweep": str(sweep.uuid),
                "village": village,
                "name": name,
                "count": count,
                "deadline": deadline.isoformat(),
            },
            dedupe_key=f"sweep:{sweep.uuid}:start",
        )
        for village, count in per_village.items()
        for user in staff[village]
    ]
    do_alert_many(alerts)
    return sweep


def _check_item(actor, item: SweepItem) -> None:
    if not access.can_work(actor, item.sweep) or item.kind != K.LISTED:
        raise ActionError("not open to changes")
    if not access.items_for(actor, item.sweep).filter(pk=item.pk).exists():
        raise ActionError("item outside the user's reach")


@transaction.atomic
def do_confirm_item(actor, item: SweepItem, *, request=None) -> None:
    """ "Still here, nothing changed": one tap by the village's CWD (or the township, the county)."""
    _check_item(actor, item)
    if item.child.is_closed:
        raise ActionError("the file is closed")
    item.confirmed_at, item.confirmed_by = timezone.now(), actor
    item.save(update_fields=["confirmed_at", "confirmed_by"])
    do_log(actor, SWEEP_CONFIRM, child=item.child, details={"sweep": str(item.sweep.uuid)}, request=request)


@transaction.atomic
def do_undo_confirm(actor, item: SweepItem, *, request=None) -> None:
    """Take back a "still here" tapped by mistake."""
    _check_item(actor, item)
    if item.confirmed_at is None:
        return
    item.confirmed_at, item.confirmed_by = None, None
    item.save(update_fields=["confirmed_at", "confirmed_by"])
    do_log(actor, SWEEP_UNDO, child=item.child, details={"sweep": str(item.sweep.uuid)}, request=request)


@transaction.atomic
def do_close_file(actor, item: SweepItem, reason: str, closed_on: date, note: str = "", *, request=None) -> None:
    """ "No longer here": the registry's own close action (reason, date, audit); the item reads
    as closed from the file."""
    _check_item(actor, item)
    child_actions.do_close_child(actor, item.child, reason, closed_on, note, request=request)


def do_record_found(child_ids: list[int]) -> int:
    """Add children just registered to the running sweep of their county as "found" (called by
    the registry's signal, inside the registration's transaction). Returns how many were added."""
    if not child_ids:
        return 0
    children = list(children_for_jobs().filter(pk__in=child_ids).select_related("registered_by"))
    counties = {child.village_id[:6] for child in children}
    running = {
        s.area_id: s for s in Sweep.objects.filter(area_id__in=counties, status=Sweep.Status.RUNNING).order_by("pk")
    }
    added = 0
    for child in children:
        sweep = running.get(child.village_id[:6])
        if sweep is None:
            continue
        _, created = SweepItem.objects.get_or_create(
            sweep=sweep, child=child, defaults={"village_id": child.village_id, "kind": K.FOUND}
        )
        if created:
            added += 1
            do_log(child.registered_by, SWEEP_FOUND, child=child, details={"sweep": str(sweep.uuid)})
    return added


@transaction.atomic
def do_close_sweep(actor, sweep: Sweep, *, request=None) -> dict:
    """Close the sweep: add the children registered in the county since the start that are not on
    it yet (an import, say), store each item's outcome, the file's status, categories and closure
    reason at the close, the fields changed through the edit form, and where the rules at the
    reference date disagree with the file's categories. Afterwards the sweep is read-only."""
    if not access.can_close(actor, sweep, closing=True):
        raise ActionError("only the county's officer closes a running sweep")
    sweep = Sweep.objects.select_for_update().get(pk=sweep.pk)
    if sweep.is_closed:
        raise ActionError("already closed")
    items = SweepItem.objects.filter(sweep=sweep)
    late = (
        children_for_jobs()
        .filter(village__code__range=code_range(sweep.area_id), registered_at__gte=sweep.started_at)
        .exclude(pk__in=items.values("child_id"))
        .values_list("pk", "village_id")
    )
    SweepItem.objects.bulk_create(
        [SweepItem(sweep=sweep, child_id=pk, village_id=village, kind=K.FOUND) for pk, village in late],
        batch_size=2000,
        ignore_conflicts=True,
    )
    # The outcome: worked out once per item (joins), then written a state and a chunk at a time.
    by_state: dict[str, list[int]] = defaultdict(list)
    with no_jit():
        for pk, state in with_state(items, sweep).values_list("pk", "state"):
            by_state[state].append(pk)
    for state, pks in by_state.items():
        for start in range(0, len(pks), CHUNK):
            SweepItem.objects.filter(pk__in=pks[start : start + CHUNK]).update(outcome=state)
    child = children_for_jobs().filter(pk=OuterRef("child_id"))
    with no_jit():
        items.update(
            end_status=Subquery(child.values("status")[:1]),
            end_categories=Subquery(child.annotate(c=categories_expr()).values("c")[:1]),
            closure_reason=Subquery(child.values("closure_reason")[:1]),
        )
    _store_changed_fields(sweep)
    _store_eligibility(sweep)
    sweep.status, sweep.closed_at, sweep.closed_by = Sweep.Status.CLOSED, timezone.now(), actor
    sweep.close_error = ""
    sweep.save(update_fields=["status", "closed_at", "closed_by", "close_error"])
    counts = {row["outcome"]: row["n"] for row in items.values("outcome").annotate(n=Count("pk")).order_by()}
    do_log(actor, SWEEP_CLOSE, details={"sweep": str(sweep.uuid), "outcomes": counts}, request=request)
    return counts


def _store_changed_fields(sweep: Sweep) -> None:
    """The fields saved through the edit form during the sweep, from the audit trail: each
    update event of a file lists its changes ({"changes": {field: [old, new]}}); a school's
    dropout report changes the schooling status ({"schooling_status": [...]})."""
    changed: dict[int, set[str]] = defaultdict(set)
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE,
        created_at__gte=sweep.started_at,
        child_id__in=SweepItem.objects.filter(sweep=sweep, kind=K.LISTED).values("child_id"),
    ).values_list("child_id", "details")
    for child_id, details in events.iterator(chunk_size=CHUNK):
        keys = set((details or {}).get("changes") or {})
        if "schooling_status" in (details or {}):
            keys.add("schooling_status")
        changed[child_id] |= {k for k in keys if not k.startswith("member.")} | (
            {"member"} if any(k.startswith("member.") for k in keys) else set()
        )
    _update_grouped(sweep, "changed_fields", {child: sorted(fields) for child, fields in changed.items()})


def _store_eligibility(sweep: Sweep) -> None:
    """For each file open at the close: where the rules at the reference date (children.eligibility,
    with the village's local rules) disagree with the categories recorded on the file."""
    on = sweep.reference_date
    rules: dict[str, e.Rules] = {}
    open_items = SweepItem.objects.filter(sweep=sweep).exclude(end_status=Status.CLOSED).order_by("child_id")
    ids = list(open_items.values_list("child_id", flat=True))
    differs: dict[int, dict[str, bool]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        children = list(
            children_for_jobs()
            .filter(pk__in=chunk)
            .values(
                "pk",
                "village_id",
                "household_id",
                "date_of_birth",
                "hukou_type",
                "schooling_status",
                *RULED.values(),
            )
        )
        parents: dict[tuple[int, str], e.ParentFacts] = {}
        for p in Parent.objects.filter(household_id__in={c["household_id"] for c in children}).values(
            "household_id",
            "role",
            "vital_status",
            "condition",
            "condition_start",
            "migration_status",
            "condition_evidence",
            "disability_type",
            "disability_grade",
            "condition_until",
        ):
            parents[(p["household_id"], p["role"])] = e.ParentFacts(
                p["role"],
                p["vital_status"],
                p["condition"],
                p["condition_start"],
                p["migration_status"],
                p["condition_evidence"],
                disability_type=p["disability_type"],
                disability_grade=p["disability_grade"],
                condition_until=p["condition_until"],
            )
        for c in children:
            village = c["village_id"]
            if village not in rules:
                division = Division.objects.filter(code=village).first()
                rules[village] = rules_for(division)[0] if division else e.NATIONAL_DEFAULT
            facts = e.ChildFacts(
                c["date_of_birth"],
                c["hukou_type"],
                c["schooling_status"],
                parents.get((c["household_id"], ParentRole.FATHER)) or e.ParentFacts(ParentRole.FATHER),
                parents.get((c["household_id"], ParentRole.MOTHER)) or e.ParentFacts(ParentRole.MOTHER),
            )
            r = rules[village]
            found = {
                Category.RURAL_LEFT_BEHIND: e.left_behind(facts, r, on).meets,
                Category.DE_FACTO_UNSUPPORTED: e.de_facto_unsupported(facts, r, on).meets,
                Category.ORPHAN: e.orphan(facts, on, r).meets,
            }
            diff = {cat.value: meets for cat, meets in found.items() if meets != c[RULED[cat]]}
            if diff:
                differs[c["pk"]] = diff
    _update_grouped(sweep, "eligibility_differs", differs)


def _update_grouped(sweep: Sweep, field: str, values: dict[int, object]) -> None:
    """Write `values` ({child id: value}) into the sweep's items, one UPDATE per distinct value and
    chunk: a few kinds of values for many rows (bulk_update's CASE per row is far slower)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for child_id, value in values.items():
        groups[json.dumps(value, sort_keys=True)].append(child_id)
    for key, child_ids in groups.items():
        value = json.loads(key)
        for start in range(0, len(child_ids), CHUNK):
            chunk = child_ids[start : start + CHUNK]
            SweepItem.objects.filter(sweep=sweep, child_id__in=chunk).update(**{field: value})


def do_request_close(actor, sweep: Sweep, *, request=None) -> Sweep:
    """Ask for the sweep to be closed: the lists stop taking changes at once, and a background job
    (sweeps.tasks.close_sweep, queued when this commits) stores the outcomes and the report; for
    190,000 files that takes minutes, too long for the request. A second request does nothing."""
    from .tasks import close_sweep  # the task module imports these actions

    with transaction.atomic():
        if not access.can_close(actor, sweep):
            raise ActionError("only the county's officer closes a running sweep")
        claimed = Sweep.objects.filter(pk=sweep.pk, status=Sweep.Status.RUNNING).update(
            status=Sweep.Status.CLOSING, closed_by=actor, close_error=""
        )
        if claimed:
            transaction.on_commit(lambda: close_sweep.enqueue(sweep.pk))
    sweep.refresh_from_db()
    return sweep


def run_close(sweep_id: int) -> dict:
    """The closing job: close the sweep for the officer who asked, if it still waits to be closed
    (a second run does nothing). On failure the sweep runs again with the reason kept, so that
    the page says so plainly and the officer may try again."""
    sweep = Sweep.objects.select_related("closed_by").filter(pk=sweep_id, status=Sweep.Status.CLOSING).first()
    if sweep is None:
        return {"skipped": 1}
    actor = sweep.closed_by
    try:
        if actor is None or not actor.is_active:
            raise ActionError("the officer who asked is gone")
        return do_close_sweep(actor, sweep)
    except Exception as exc:
        logger.exception("Closing sweep %s failed", sweep.uuid)
        error = "no_access" if isinstance(exc, ActionError) else "error"
        Sweep.objects.filter(pk=sweep_id, status=Sweep.Status.CLOSING).update(
            status=Sweep.Status.RUNNING, closed_by=None, close_error=error
        )
        return {"failed": 1}
