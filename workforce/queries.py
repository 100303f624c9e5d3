"""Reads the workforce pages, the nightly job and the indicators share: who serves which village
on a day, caseloads, quiet workers. Each is a few grouped queries for any number of workers."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q

from children import choices as c
from children.access import children_for_jobs
from core.scope import code_range
from followup.models import FollowUp, Tier
from geo.models import Division
from visits.models import ParentContact, Visit

from .caseload import estimate_hours
from .models import Assignment, CaseloadNorm, Worker

VISIT_HORIZON_DAYS = 30  # "visits due per month": due (or overdue) within the next 30 days
DEFAULT_NORM = (60, 40)  # open files, estimated hours a month: CaseloadNorm's defaults


def serving(villages, day: date) -> dict[str, list[Assignment]]:
    """For each village code, the assignments covering `day` whose worker is in service that day."""
    villages = set(villages)
    out: dict[str, list[Assignment]] = {v: [] for v in villages}
    rows = (
        Assignment.objects.filter(village_id__in=villages, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("worker__user")
        .order_by("village_id", "kind", "starts_on")
    )
    for a in rows:
        if a.worker.active_on(day):
            out[a.village_id].append(a)
    return out


def villages_of(worker: Worker, day: date, kinds=(Assignment.Kind.MAIN, Assignment.Kind.DEPUTY)) -> list[str]:
    return sorted(
        {
            a.village_id
            for a in worker.assignments.filter(kind__in=kinds, starts_on__lte=day).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=day)
            )
        }
    )


@dataclass
class Caseload:
    worker: Worker
    villages: list[str] = field(default_factory=list)
    files: int = 0
    red: int = 0
    yellow: int = 0
    visits_due: int = 0
    overdue: int = 0
    max_files: int = DEFAULT_NORM[0]
    max_hours: int = DEFAULT_NORM[1]

    @property
    def hours(self) -> float:
        return estimate_hours(self.files, self.visits_due)

    @property
    def over_norm(self) -> bool:
        return self.files > self.max_files or self.hours > self.max_hours

    @property
    def overdue_rate(self) -> int:
        """Overdue visits as a whole percentage of open files."""
        return round(100 * self.overdue / self.files) if self.files else 0


def village_counts(villages, day: date) -> dict[str, dict[str, int]]:
    """Open files, red, yellow, visits due within the horizon and overdue visits per village."""
    villages = sorted(set(villages))
    out = {v: {"files": 0, "red": 0, "yellow": 0, "visits_due": 0, "overdue": 0} for v in villages}
    if not villages:
        return out
    files = (
        children_for_jobs()
        .filter(village_id__in=villages)
        .exclude(status=c.Status.CLOSED)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    for row in files:
        out[row["village_id"]]["files"] = row["n"]
    horizon = day + timedelta(days=VISIT_HORIZON_DAYS)
    follow = (
        FollowUp.objects.filter(village_id__in=villages)
        .values("village_id")
        .annotate(
            red=Count("pk", filter=Q(tier=Tier.RED)),
            yellow=Count("pk", filter=Q(tier=Tier.YELLOW)),
            visits_due=Count("pk", filter=Q(due_on__lte=horizon)),
            overdue=Count("pk", filter=Q(due_on__lt=day)),
        )
    )
    for row in follow:
        village = out[row.pop("village_id")]
        village.update(row)
    return out


def norms(county_codes) -> dict[str, tuple[int, int]]:
    codes = set(county_codes)
    found = {n.county_id: (n.max_files, n.max_hours) for n in CaseloadNorm.objects.filter(county_id__in=codes)}
    return {code: found.get(code, DEFAULT_NORM) for code in codes}


def caseloads(workers, day: date) -> list[Caseload]:
    """The caseload of each CWD (their main and deputy villages on the day), in four queries."""
    workers = [w for w in workers if w.role == Worker.Role.CWD]
    ids = [w.pk for w in workers]
    by_worker: dict[int, set[str]] = defaultdict(set)
    for a in (
        Assignment.objects.filter(worker_id__in=ids, starts_on__lte=day, kind__in=("main", "deputy"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .only("worker_id", "village_id")
    ):
        by_worker[a.worker_id].add(a.village_id)
    counts = village_counts({v for vs in by_worker.values() for v in vs}, day)
    county_norms = norms(w.division_id[:6] for w in workers)
    out = []
    for w in workers:
        load = Caseload(w, sorted(by_worker[w.pk]))
        load.max_files, load.max_hours = county_norms[w.division_id[:6]]
        for v in load.villages:
            for key, value in counts[v].items():
                setattr(load, key, getattr(load, key) + value)
        out.append(load)
    return out


@dataclass
class Quiet:
    worker: Worker
    last_visit: date | None
    last_contact: date | None
    last_login: date | None

    @property
    def last_seen(self) -> date | None:
        days = [d for d in (self.last_visit, self.last_contact, self.last_login) if d]
        return max(days) if days else None


def quiet_workers(workers, day: date, days: int) -> list[Quiet]:
    """Active CWDs with no visit, no parent-contact log and no login in the last `days` days."""
    workers = [w for w in workers if w.role == Worker.Role.CWD and w.active_on(day) and w.user_id]
    users = [w.user_id for w in workers]
    visits = dict(
        Visit.objects.filter(recorded_by_id__in=users)
        .values("recorded_by_id")
        .annotate(last=Max("visited_on"))
        .values_list("recorded_by_id", "last")
    )
    contacts = dict(
        ParentContact.objects.filter(recorded_by_id__in=users)
        .values("recorded_by_id")
        .annotate(last=Max("contact_on"))
        .values_list("recorded_by_id", "last")
    )
    since = day - timedelta(days=days)
    out = []
    for w in workers:
        login = w.user.last_login.date() if w.user.last_login else None
        q = Quiet(w, visits.get(w.user_id), contacts.get(w.user_id), login)
        if q.last_seen is None or q.last_seen < since:
            out.append(q)
    return out


def county_villages(county_code: str):
    """Village codes of a county (the geo registry; a statistics read, no user's scope)."""
    return list(
        Division.objects.filter(level=Division.Level.VILLAGE, code__range=code_range(county_code)).values_list(
            "code", flat=True
        )
    )
