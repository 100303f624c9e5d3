"""The workforce's nightly job: terms ending and ended, access ended on the leaving day, caseload
snapshots and the county's warning above the norm, overdue supervision actions, visits to review."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert

from . import actions
from .alert_kinds import CASELOAD_OVER_NORM, SUPERVISION_ACTION_OVERDUE, TERM_ENDING
from .models import CaseloadSnapshot, FollowUpAction, Handover, Worker
from .queries import caseloads

TERM_NOTICE_DAYS = 30


def _county_officers(codes) -> dict[str, list[User]]:
    """The officers of each division's county (one query)."""
    return staff_by_village({c[:6] + "0" * 6 for c in codes}, User.Role.COUNTY_OFFICER)


def end_terms(today: date) -> dict[str, int]:
    """Alert the county a month before a term ends; when it has ended without a new term, the
    worker's access ends: a CWD's villages pass to the supervisor as interim (a handover, so no
    child is without someone), other workers are simply deactivated."""
    soon = list(
        Worker.objects.filter(
            left_on__isnull=True, term_ends_on__gte=today, term_ends_on__lte=today + timedelta(days=TERM_NOTICE_DAYS)
        )
    )
    officers = _county_officers(w.division_id for w in soon)
    warned = 0
    for w in soon:
        warned += len(
            do_alert(
                officers[w.division_id[:6] + "0" * 6],
                TERM_ENDING,
                params={"worker": str(w.uuid), "name": w.full_name, "date": w.term_ends_on.isoformat()},
                dedupe_key=f"term:{w.pk}:{w.term_ends_on.isoformat()}",
            )
        )
    ended = 0
    for w in Worker.objects.filter(left_on__isnull=True, term_ends_on__lt=today).select_related("user"):
        with transaction.atomic():
            if w.role == Worker.Role.CWD and actions.interim_for(w) is not None:
                handover = Handover.objects.filter(leaving=w, status=Handover.Status.OPEN).first()
                if handover is None:
                    handover = Handover.objects.create(
                        leaving=w, interim=True, handover_on=today, township_id=w.division_id[:9]
                    )
                handover.successor, handover.interim, handover.handover_on = None, True, today
                handover.save(update_fields=["successor", "interim", "handover_on"])
                actions.do_complete_handover(None, handover, reason="term ended")
            elif w.role != Worker.Role.CWD:
                w.left_on, w.leaving_reason = w.term_ends_on + timedelta(days=1), "term ended"
                w.save(update_fields=["left_on", "leaving_reason"])
                actions._end_access(w, today)
            else:
                continue  # no supervisor to cover: the county was warned a month ago and is warned daily
            ended += 1
    return {"term_warned": warned, "term_ended": ended}


def end_access(today: date) -> int:
    """Accounts of workers whose leaving day has come stop working."""
    users = Worker.objects.filter(left_on__lte=today, user__is_active=True).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=list(users)).update(is_active=False)


def snapshot_caseloads(today: date) -> dict[str, int]:
    """This month's caseload per CWD (rewritten daily; the month's last run stays) and a warning to
    the county, once a month per CWD, when a caseload is above the county's norm."""
    month = today.replace(day=1)
    workers = list(Worker.objects.filter(role=Worker.Role.CWD).filter(Q(left_on__isnull=True) | Q(left_on__gt=today)))
    loads = [load for load in caseloads(workers, today) if load.villages]
    for load in loads:
        CaseloadSnapshot.objects.update_or_create(
            worker=load.worker,
            month=month,
            defaults={
                "files": load.files,
                "red": load.red,
                "yellow": load.yellow,
                "visits_due": load.visits_due,
                "overdue": load.overdue,
                "hours": load.hours,
            },
        )
    over = [load for load in loads if load.over_norm]
    officers = _county_officers(load.worker.division_id for load in over)
    warned = 0
    for load in over:
        warned += len(
            do_alert(
                officers[load.worker.division_id[:6] + "0" * 6],
                CASELOAD_OVER_NORM,
                params={
                    "worker": str(load.worker.uuid),
                    "name": load.worker.full_name,
                    "files": load.files,
                    "hours": load.hours,
                    "max_files": load.max_files,
                    "max_hours": load.max_hours,
                },
                dedupe_key=f"caseload:{load.worker.pk}:{month:%Y-%m}",
            )
        )
    return {"caseloads": len(loads), "over_norm": warned}


def alert_overdue_actions(today: date) -> int:
    """Once per overdue supervision action: its author and the village's CWDs."""
    overdue = list(
        FollowUpAction.objects.filter(done_on__isnull=True, due_on__lt=today).select_related("village", "created_by")
    )
    staff = staff_by_village({a.village_id for a in overdue}, User.Role.CWD)
    sent = 0
    for a in overdue:
        sent += len(
            do_alert(
                [a.created_by, *staff[a.village_id]],
                SUPERVISION_ACTION_OVERDUE,
                params={"village": a.village.name, "date": a.due_on.isoformat(), "text": a.text[:200]},
                dedupe_key=f"supervision_action:{a.pk}",
            )
        )
    return sent


def nightly(today: date) -> dict[str, int]:
    counts = end_terms(today)
    counts["access_ended"] = end_access(today)
    counts.update(snapshot_caseloads(today))
    counts["actions_overdue"] = alert_overdue_actions(today)
    counts["visits_to_review"] = actions.sync_reviews(
        Worker.objects.filter(role=Worker.Role.CWD, review_visits__gt=0, left_on__isnull=True)
    )
    return counts
