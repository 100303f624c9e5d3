"""Jobs on mandatory reports: escalating reports whose feedback is overdue (nightly)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from alerts.escalation import Overdue, escalate
from core.scope import in_scope

from .alert_kinds import REPORT_FEEDBACK_OVERDUE
from .models import MandatoryReport

DEFAULT_ESCALATE_DAYS = 7


def escalate_days() -> int:
    """Days past the feedback due date after which the county is alerted too (default 7)."""
    return int(getattr(settings, "SHOUHU_REPORT_ESCALATE_DAYS", DEFAULT_ESCALATE_DAYS))


@transaction.atomic
def escalate_overdue(today: date) -> dict[str, int]:
    """Alert about reports still without feedback after their due date (MPL Art. 11(3)).

    Overdue: the filer and the township's supervisors. Overdue by more than
    SHOUHU_REPORT_ESCALATE_DAYS: also the county's officers. Each alert has a dedupe key per
    report and level, so a re-run (or the next night) does not repeat it. Returns counts.
    """
    late = today - timedelta(days=escalate_days())
    reports = list(
        MandatoryReport.objects.filter(status__in=MandatoryReport.WAITING, feedback_due_on__lt=today)
        .select_related("child", "filed_by")
        .order_by("feedback_due_on", "pk")
    )
    counts = escalate(
        (
            Overdue(
                child=report.child,
                key=f"report-overdue:{report.uuid}",
                to_county=report.feedback_due_on < late,
                params={
                    "report": str(report.uuid),
                    "due": report.feedback_due_on.isoformat(),
                    "reported": report.reported_at.date().isoformat(),
                    "body": report.receiving_body,
                    "days": (today - report.feedback_due_on).days,
                },
                # Only people who may see the child get an alert naming it (a moved CWD no longer may).
                township_also=[report.filed_by] if in_scope(report.filed_by, report.child.village_id) else [],
            )
            for report in reports
        ),
        REPORT_FEEDBACK_OVERDUE,
    )
    if reports:
        counts["reports"] = len(reports)
    return dict(counts)
