"""Background jobs (django-tasks, database backend; run by `manage.py db_worker`)."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from . import services

NIGHTLY_AT = time(2, 0)  # local time: after the day's visits are in, before the CWD's morning


def next_night(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(now.date(), NIGHTLY_AT))
    return run if run > now else run + timedelta(days=1)


def ensure_nightly_scheduled(now: datetime | None = None) -> bool:
    """Enqueue the next nightly run unless one is already waiting. Returns True if it enqueued."""
    path = f"{nightly_recompute.func.__module__}.{nightly_recompute.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    nightly_recompute.using(run_after=next_night(now)).enqueue()
    return True


@task()
def nightly_recompute() -> dict[str, int]:
    """Recompute every open file's tier, due date and alerts, then book the next night.

    Idempotent: a second run on the same day changes nothing and raises no duplicate alert
    (alerts carry dedupe keys).
    """
    from caseplans.services import escalate_overdue as escalate_plans
    from referrals.services import escalate_overdue as escalate_referrals
    from reports.services import escalate_overdue as escalate_reports

    totals = services.recompute_all()
    totals["referral_escalations"] = escalate_referrals()
    totals["report_escalations"] = sum(escalate_reports(timezone.localdate()).values())
    totals["case_plan_alerts"] = escalate_plans(timezone.localdate())
    ensure_nightly_scheduled()
    return totals


@task()
def reassess_children(child_ids: list[int], source: str = "visit") -> dict[str, int]:
    return services.reassess(child_ids, source=source)
