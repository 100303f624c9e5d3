"""Case-plan jobs: alerts for overdue actions and reviews (run by the nightly task)."""

from datetime import date

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert_many
from alerts.models import Alert

from .alert_kinds import CASE_ACTION_OVERDUE, CASE_REVIEW_DUE
from .models import Action, CasePlan

BATCH = 2000


def _flush(rows: list[tuple[str, dict]], kind: str) -> int:
    """rows: (village, alert fields); one Alert per CWD of the village."""
    cwds = staff_by_village({village for village, _ in rows}, User.Role.CWD)
    alerts = [Alert(recipient=cwd, kind=kind, **fields) for village, fields in rows for cwd in cwds[village]]
    return do_alert_many(alerts)


def remind_overdue(today: date) -> int:
    """Alert the village CWD(s) once per overdue open action and once per passed review date.

    Idempotent: dedupe keys name the action, or the plan and its review date, so a re-run (or the
    next night) raises nothing new; a new review date after a review gives a new key. Closing a plan
    cancels its open actions, so only plans in force are alerted about.
    """
    raised = 0
    rows: list[tuple[str, dict]] = []
    overdue = (
        Action.objects.filter(status=Action.Status.OPEN, due_on__lt=today)
        .values_list("pk", "text", "due_on", "plan__uuid", "plan__child_id", "plan__village_id")
        .order_by("pk")
    )
    for pk, text, due_on, plan_uuid, child_id, village in overdue.iterator(chunk_size=BATCH):
        rows.append(
            (
                village,
                {
                    "child_id": child_id,
                    "dedupe_key": f"case-action-overdue:{pk}",
                    "params": {"plan": str(plan_uuid), "action": text[:120], "due": due_on.isoformat()},
                },
            )
        )
        if len(rows) >= BATCH:
            raised += _flush(rows, CASE_ACTION_OVERDUE)
            rows = []
    if rows:
        raised += _flush(rows, CASE_ACTION_OVERDUE)
    rows = []
    reviews = (
        CasePlan.objects.filter(status=CasePlan.Status.APPROVED, review_on__lt=today)
        .values_list("pk", "uuid", "review_on", "child_id", "village_id")
        .order_by("pk")
    )
    for pk, plan_uuid, review_on, child_id, village in reviews.iterator(chunk_size=BATCH):
        rows.append(
            (
                village,
                {
                    "child_id": child_id,
                    "dedupe_key": f"case-review-due:{pk}:{review_on.isoformat()}",
                    "params": {"plan": str(plan_uuid), "due": review_on.isoformat()},
                },
            )
        )
        if len(rows) >= BATCH:
            raised += _flush(rows, CASE_REVIEW_DUE)
            rows = []
    if rows:
        raised += _flush(rows, CASE_REVIEW_DUE)
    return raised
