"""The nightly job (django-tasks, database backend; run by `manage.py db_worker`).

It runs every dotted path in settings.SHOUHU_NIGHTLY_JOBS in order, then books the next night.
A job is a callable called as `job(today=<date>)` that returns its counts (an int or a dict); an
app adds its own by adding its path to the setting, so this module names no app. Each job must
be idempotent: a second run on the same day changes nothing and raises no duplicate alert.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

NIGHTLY_AT = time(2, 0)  # local time: after the day's visits are in, before the CWD's morning


def next_night(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(now.date(), NIGHTLY_AT))
    return run if run > now else run + timedelta(days=1)


def ensure_nightly_scheduled(now: datetime | None = None) -> bool:
    """Enqueue the next nightly run unless one is already waiting. Returns True if it enqueued."""
    if DBTaskResult.objects.filter(task_path=nightly.module_path, status="READY").exists():
        return False
    nightly.using(run_after=next_night(now)).enqueue()
    return True


def run_jobs(today: date | None = None) -> dict[str, int | dict]:
    """Run every job in SHOUHU_NIGHTLY_JOBS; returns each job's counts under its dotted path.

    A failing job is logged with its traceback and recorded as {"error": ...}; the jobs after
    it still run, since they do not depend on one another.
    """
    today = today or timezone.localdate()
    results: dict[str, int | dict] = {}
    for path in settings.SHOUHU_NIGHTLY_JOBS:
        try:
            results[path] = import_string(path)(today=today)
        except Exception as exc:
            logger.exception("Nightly job %s failed", path)
            results[path] = {"error": f"{type(exc).__name__}: {exc}"}
    return results


@task()
def nightly() -> dict[str, int | dict]:
    """The night's jobs, then the booking of the next night."""
    results = run_jobs()
    ensure_nightly_scheduled()
    return results
