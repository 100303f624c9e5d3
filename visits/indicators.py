"""Visits' figures for the dashboards (core.indicators): visits made, visits made on time, and
parents working away who have not kept in touch."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.access import children_for_jobs
from children.choices import MigrationStatus, Status, VitalStatus
from children.models import Parent
from core import indicators
from core.scope import code_range
from followup.services import Policies

from .models import Visit

VISIT_LOG = _("visit records (the current version of each visit)")
LAST_30_DAYS = _("in the 30 days up to and including the day")
CONTACT_EVERY_DAYS = 7  # MPL Art. 23: parents working away contact the child at least once a week

indicators.define(
    "visits_done_30d",
    _("Visits made"),
    group="visits",
    counts=_("Visits recorded in the period (home, phone, video, school or children's home), each visit counted once."),
    period=LAST_30_DAYS,
    source=VISIT_LOG,
    public=True,
    order=210,
)
indicators.define(
    "visits_on_time_30d",
    _("Visits made on time"),
    group="visits",
    counts=_(
        "Of the visits made, those made no later than due: by the next visit date set at the child's previous"
        " visit, else the previous visit plus the interval of the child's tier in the county's risk policy; a"
        " child's first visit within that interval of registration."
    ),
    period=LAST_30_DAYS,
    source=VISIT_LOG,
    of="visits_done_30d",
    public=True,
    order=211,
)
indicators.define(
    "parent_contact_lapsed",
    _("Parents out of touch"),
    group="visits",
    counts=_(
        "Children with an open file who have a living parent working away whose last contact with the child is"
        " unrecorded or more than 7 days before the day (MPL Art. 23: at least once a week)."
    ),
    period=_("on the day"),
    source=_("parents' contacts recorded on visits and by the CWD"),
    of="files_open",
    order=212,
)


@indicators.source("visits_done_30d", "visits_on_time_30d")
def visit_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    previous = Visit.objects.filter(
        child_id=OuterRef("child_id"), is_current=True, visited_on__lt=OuterRef("visited_on")
    ).order_by("-visited_on", "-created_at")
    rows = (
        Visit.objects.filter(
            is_current=True,
            child__village__code__range=code_range(county_code),
            visited_on__gt=day - timedelta(days=30),
            visited_on__lte=day,
        )
        .annotate(
            prev_on=Subquery(previous.values("visited_on")[:1]),
            prev_next=Subquery(previous.values("next_visit_on")[:1]),
        )
        .values_list(
            "child__village_id", "visited_on", "prev_on", "prev_next", "child__followup__tier", "child__registered_at"
        )
    )
    policies = Policies()
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"visits_done_30d": 0, "visits_on_time_30d": 0})
    for village, visited_on, prev_on, prev_next, tier, registered_at in rows:
        figures = out[village]
        figures["visits_done_30d"] += 1
        if prev_next is not None:
            due = prev_next
        else:
            interval = policies.for_village(village).visit_every_days(tier or "green")
            since = prev_on if prev_on is not None else timezone.localtime(registered_at).date()
            due = since + timedelta(days=interval)
        if visited_on <= due:
            figures["visits_on_time_30d"] += 1
    return dict(out)


@indicators.source("parent_contact_lapsed")
def contact_figures(day: date, county_code: str) -> dict[str, dict[str, int]]:
    lapsed = (
        Parent.objects.filter(
            household_id=OuterRef("household_id"),
            vital_status=VitalStatus.ALIVE,  # Parent.is_away: alive and not at home
        )
        .exclude(migration_status=MigrationStatus.AT_HOME)
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=day - timedelta(days=CONTACT_EVERY_DAYS)))
    )
    rows = (
        children_for_jobs()
        .filter(
            village__code__range=code_range(county_code),
            status__in=[Status.REGISTERED, Status.CONFIRMED, Status.ACTIVE],
            registered_at__lt=indicators.end_of(day),
        )
        .filter(Exists(lapsed))
        .values("village_id")
        .annotate(parent_contact_lapsed=Count("pk"))
        .order_by()
    )
    return {r.pop("village_id"): r for r in rows}
