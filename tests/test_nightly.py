"""The nightly job (shouhu/nightly.py): every job in SHOUHU_NIGHTLY_JOBS, on the database worker."""

import logging
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import make_child
from followup.models import FollowUp
from shouhu.nightly import ensure_nightly_scheduled, nightly, run_jobs

CALLS: list[tuple[str, date]] = []


def counting_job(today: date) -> int:
    CALLS.append(("counting", today))
    return 3


def failing_job(today: date) -> int:
    CALLS.append(("failing", today))
    raise RuntimeError("the partner directory is unreachable")


@pytest.mark.django_db(transaction=True)
def test_nightly_job_runs_on_the_database_worker_and_books_the_next_night(geo, people, settings):
    make_child(geo["village_a"], "张伟")
    nightly.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1")
    assert FollowUp.objects.count() == 1
    done = DBTaskResult.objects.get(status="SUCCESSFUL")
    assert done.task_path == "shouhu.nightly.nightly"
    assert done.return_value["followup.services.recompute_all"]["children"] == 1
    assert {
        "followup.services.recompute_all", "referrals.services.nightly_escalation",
        "reports.services.escalate_overdue", "caseplans.services.remind_overdue",
    } <= set(done.return_value)  # fmt: skip
    assert set(done.return_value) == set(settings.SHOUHU_NIGHTLY_JOBS)
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.task_path == "shouhu.nightly.nightly"
    assert waiting.run_after > timezone.now()
    assert ensure_nightly_scheduled() is False  # already booked


def test_a_failing_job_is_logged_and_the_others_still_run(db, settings, caplog):
    settings.SHOUHU_NIGHTLY_JOBS = ["tests.test_nightly.failing_job", "tests.test_nightly.counting_job"]
    CALLS.clear()
    with caplog.at_level(logging.ERROR, logger="shouhu.nightly"):
        results = run_jobs(date(2026, 3, 15))
    assert [("failing", date(2026, 3, 15)), ("counting", date(2026, 3, 15))] == CALLS
    assert results == {
        "tests.test_nightly.failing_job": {"error": "RuntimeError: the partner directory is unreachable"},
        "tests.test_nightly.counting_job": 3,
    }
    (record,) = caplog.records
    assert "tests.test_nightly.failing_job" in record.getMessage()
    assert record.exc_info is not None  # the traceback is in the log


def test_the_nightly_books_itself_once(db, settings):
    settings.SHOUHU_NIGHTLY_JOBS = ["tests.test_nightly.counting_job"]
    assert nightly.call() == {"tests.test_nightly.counting_job": 3}
    assert nightly.call() == {"tests.test_nightly.counting_job": 3}
    assert DBTaskResult.objects.filter(status="READY", task_path="shouhu.nightly.nightly").count() == 1


def test_recompute_followup_runs_the_jobs_now_or_books_them(db, settings):
    settings.SHOUHU_NIGHTLY_JOBS = ["tests.test_nightly.counting_job"]
    out = StringIO()
    call_command("recompute_followup", stdout=out)
    assert "tests.test_nightly.counting_job: 3" in out.getvalue()
    assert not DBTaskResult.objects.exists()
    out = StringIO()
    call_command("recompute_followup", "--schedule", stdout=out)
    call_command("recompute_followup", "--schedule", stdout=out)
    assert out.getvalue().splitlines() == ["nightly job queued", "nightly job already queued"]
