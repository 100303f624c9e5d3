"""The retention job: erase the personal data of files closed longer than their county's period.

Closing a file already archives it (children.actions: read-only, hidden from the default roster,
still counted in the overview). This job is the second step: once the closure is older than the
county's `RetentionPolicy.minimise_after_years`, it erases the file's identity and free text
(children.minimise, then every app's registered minimiser) and keeps what statistics count, so
the overview's figures do not change. It runs nightly (SHOUHU_NIGHTLY_JOBS) and from
`manage.py apply_retention`.

Batches of BATCH files, one transaction each: a failure leaves earlier batches done and the rest
for the next run. Each batch re-reads its files under a row lock, so a file reopened since the
plan was made, or minimised by a concurrent run, is skipped: the job is idempotent.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, Q

from audit.actions import do_log_many
from children.access import children_for_jobs
from children.choices import Status
from children.minimise import minimise_children, minimise_households
from children.models import Child
from core.scope import code_range
from geo.models import Division

from . import registry
from .audit_actions import MINIMISE
from .models import DEFAULT_YEARS, MIN_YEARS, Minimised, RetentionPolicy

BATCH = 500
COUNTY = 6  # digits of a county's division code


def cutoff(today: date, years: int) -> date:
    """The latest closure date that is `years` old on `today` (29 February counts from the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def years_by_county(codes) -> dict[str, int]:
    """Each county's period: its RetentionPolicy, else DEFAULT_YEARS."""
    found = dict(
        RetentionPolicy.objects.filter(division_id__in=list(codes)).values_list("division_id", "minimise_after_years")
    )
    return {code: found.get(code, DEFAULT_YEARS) for code in codes}


@dataclass
class CountyPlan:
    """What the job finds in one county: closed (archived) files, those already minimised, those due."""

    code: str
    name: str
    years: int
    closed: int = 0
    minimised: int = 0
    due: list[int] = field(default_factory=list)


def _not_minimised(qs):
    """Closed files not yet minimised for their latest closure."""
    return qs.filter(status=Status.CLOSED).exclude(minimised__closed_on=F("closed_on"))


def plan(today: date, counties: list[str] | None = None) -> list[CountyPlan]:
    """Per county with closed files (or only `counties`): the counts and the files due on `today`."""
    closed = children_for_jobs().filter(status=Status.CLOSED)
    if counties is not None:
        q = Q()
        for code in counties:
            q |= Q(village__code__range=code_range(code))
        closed = closed.filter(q)
    per_village = closed.values("village_id").annotate(
        n=Count("id"), done=Count("id", filter=Q(minimised__closed_on=F("closed_on")))
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in per_village.order_by():
        counts[r["village_id"][:COUNTY]].update(closed=r["n"], minimised=r["done"])
    codes = sorted(set(counts) | set(counties or ()))
    years = years_by_county(codes)
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    plans = {
        code: CountyPlan(code, names.get(code, code), years[code], counts[code]["closed"], counts[code]["minimised"])
        for code in codes
    }
    # Only closures older than the shortest period allowed can be due anywhere.
    candidates = _not_minimised(closed).filter(closed_on__lte=cutoff(today, MIN_YEARS))
    for pk, village_id, closed_on in candidates.values_list("pk", "village_id", "closed_on").order_by("pk"):
        p = plans[village_id[:COUNTY]]
        if closed_on <= cutoff(today, p.years):
            p.due.append(pk)
    return list(plans.values())


def _erasable_households(child_ids: set[int]) -> list[int]:
    """Households of these children none of whose other children still needs its data: every
    other child is minimised already (for its latest closure)."""
    households = children_for_jobs().filter(pk__in=child_ids).values("household_id")
    rows = children_for_jobs().filter(household_id__in=households).values_list("household_id", "pk")
    done = set(
        children_for_jobs()
        .filter(household_id__in=households, status=Status.CLOSED, minimised__closed_on=F("closed_on"))
        .values_list("pk", flat=True)
    )
    keep = {hh for hh, pk in rows if pk not in child_ids and pk not in done}
    return sorted({hh for hh, _ in rows} - keep)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def minimise_batch(child_ids: list[int], *, years: int, today: date) -> int:
    """Minimise these files if they are still due; returns how many were."""
    with transaction.atomic():
        due = (
            _not_minimised(children_for_jobs().select_for_update(of=("self",)))
            .filter(pk__in=child_ids, closed_on__lte=cutoff(today, years))
            .values_list("pk", "closed_on")
        )
        closed_on = dict(due)
        ids = sorted(closed_on)
        if not ids:
            return 0
        photos = minimise_children(ids)
        for minimiser in registry.minimisers():
            minimiser(ids)
        minimise_households(_erasable_households(set(ids)))
        Minimised.objects.bulk_create(
            [Minimised(child_id=pk, closed_on=closed_on[pk], after_years=years) for pk in ids],
            update_conflicts=True,
            unique_fields=["child"],
            update_fields=["closed_on", "after_years", "minimised_at"],
        )
        # No personal data here: the old values are exactly what is being erased.
        events = [(Child(pk=pk), {"after_years": years, "closed_on": closed_on[pk].isoformat()}) for pk in ids]
        do_log_many(None, MINIMISE, events)
        # A photo file goes only once its erasure is committed; a rolled-back batch keeps it.
        transaction.on_commit(lambda: _delete_files(photos))
    return len(ids)


def apply_retention(today: date, counties: list[str] | None = None) -> dict[str, int]:
    """Minimise every due file; returns the number minimised per county code."""
    done: dict[str, int] = {}
    for p in plan(today, counties):
        n = 0
        for start in range(0, len(p.due), BATCH):
            n += minimise_batch(p.due[start : start + BATCH], years=p.years, today=today)
        if n:
            done[p.code] = n
    return done


def nightly(today: date) -> dict[str, int]:
    """The nightly job (SHOUHU_NIGHTLY_JOBS)."""
    done = apply_retention(today)
    return {"minimised": sum(done.values()), "counties": len(done)}
