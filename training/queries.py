"""Reads of training records: hours per worker and year, each worker's standing in the required
courses, trained shares per area. Each takes already-scoped querysets or ids."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, QuerySet, Sum

from core.dates import add_months

from .models import Attempt, Attendance, Certificate, Course

EXPIRING_DAYS = 60  # a certificate is "expiring" this many days before it ends (renew it in time)


class Standing:
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NONE = "none"


def expiry(issued: date, course: Course) -> date:
    return add_months(issued, course.valid_months)


def hours_in_year(worker_ids, year: int) -> dict[int, Decimal]:
    """Learning hours per worker in a calendar year: sessions attended that year, plus each
    self-study course passed that year (its hours once, however many attempts)."""
    hours: dict[int, Decimal] = {}
    attended = (
        Attendance.objects.filter(worker_id__in=worker_ids, session__held_on__year=year)
        .values("worker_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for row in attended:
        hours[row["worker_id"]] = hours.get(row["worker_id"], Decimal(0)) + row["h"]
    passed = (
        Attempt.objects.filter(worker_id__in=worker_ids, passed=True, taken_at__year=year)
        .values("worker_id", "course_id", "course__hours")
        .distinct()
        .order_by()
    )
    for row in passed:
        hours[row["worker_id"]] = hours.get(row["worker_id"], Decimal(0)) + row["course__hours"]
    return hours


def latest_expiry(worker_ids, topics) -> dict[tuple[int, str], date]:
    """The last expiry date of each worker's certificates per topic: a required course is held
    through any course of its topic (the same course in another language counts)."""
    rows = (
        Certificate.objects.filter(worker_id__in=worker_ids, course__topic__in=topics)
        .values("worker_id", "course__topic")
        .annotate(last=Max("expires_on"))
        .order_by()
    )
    return {(r["worker_id"], r["course__topic"]): r["last"] for r in rows}


def standing(expires: date | None, today: date) -> str:
    if expires is None:
        return Standing.NONE
    if expires < today:
        return Standing.EXPIRED
    if expires < today + timedelta(days=EXPIRING_DAYS):
        return Standing.EXPIRING
    return Standing.VALID


@dataclass
class WorkerRecord:
    worker: object
    hours: Decimal = Decimal(0)
    courses: list[tuple[Course, str, date | None]] = field(default_factory=list)

    @property
    def overall(self) -> str:
        """The worst standing over the required courses: none, expired, expiring, valid."""
        order = [Standing.NONE, Standing.EXPIRED, Standing.EXPIRING, Standing.VALID]
        states = [s for _, s, _ in self.courses] or [Standing.VALID]
        return min(states, key=order.index)

    @property
    def trained(self) -> bool:
        return self.overall in (Standing.VALID, Standing.EXPIRING)


def required_courses(courses: QuerySet[Course]) -> list[Course]:
    """One required course per topic (the first by id: a county writes it first in Chinese)."""
    seen: dict[tuple[str | None, str], Course] = {}
    for c in courses.filter(required=True, is_active=True).order_by("topic", "pk"):
        seen.setdefault((c.county_id, c.topic), c)
    return list(seen.values())


def _mine(required: list[Course], county: str) -> list[Course]:
    """The required courses that apply to a worker of this county: national ones and its own."""
    return [c for c in required if c.county_id is None or c.county_id == county]


def records(workers, required: list[Course], today: date) -> list[WorkerRecord]:
    """Each worker's hours this year and standing in each required course (a required course of
    another county never applies: only national ones and the worker's own county's)."""
    workers = list(workers)
    ids = [w.pk for w in workers]
    hours = hours_in_year(ids, today.year)
    last = latest_expiry(ids, {c.topic for c in required})
    out = []
    for w in workers:
        courses = []
        for c in _mine(required, (w.division_id or "")[:6]):
            expires = last.get((w.pk, c.topic))
            courses.append((c, standing(expires, today), expires))
        out.append(WorkerRecord(w, hours.get(w.pk, Decimal(0)), courses))
    return out


def trained_ids(worker_ids, required: list[Course], today: date, county_of) -> set[int]:
    """The workers holding a valid (or expiring, still valid) certificate of every required
    course of their county; `county_of(worker_id)` gives a worker's county code."""
    last = latest_expiry(worker_ids, {c.topic for c in required})
    return {
        wid
        for wid in worker_ids
        if all((last.get((wid, c.topic)) or date.min) >= today for c in _mine(required, county_of(wid)))
    }
