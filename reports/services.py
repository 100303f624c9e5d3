"""Jobs on mandatory reports: escalating reports whose feedback is overdue (nightly)."""

from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert

from .alert_kinds import REPORT_FEEDBACK_OVERDUE
from .models import MandatoryReport

DEFAULT_ESCALATE_DAYS = 7


def escalate_days() -> int:
    """Days past the feedback due date after which the county is alerted too (default 7)."""
    return int(getattr(settings, "SHOUHU_REPORT_ESCALATE_DAYS", DEFAULT_ESCALATE_DAYS))


def _in_scope(user: User, village_code: str) -> bool:
    # Only people who may see the child get an alert naming it (a moved CWD no longer may).
    return user.division_id is not None and village_code.startswith(user.division_id)


@transaction.atomic
def escalate_overdue(today: date) -> dict[str, int]:
    """Alert about reports still without feedback after their due date (MPL Art. 11(3)).

    Overdue: the filer and the township's supervisors. Overdue by more than
    SHOUHU_REPORT_ESCALATE_DAYS: also the county's officers. Each alert has a dedupe key per
    report and level, so a re-run (or the next night) does not repeat it. Returns counts.
    """
    counts: Counter[str] = Counter()
    late = today - timedelta(days=escalate_days())
    reports = list(MandatoryReport.objects.filter(status__in=MandatoryReport.WAITING, feedback_due_on__lt=today)
                   .select_related("child", "filed_by").order_by("feedback_due_on", "pk"))
    if not reports:
        return dict(counts)
    villages = {r.child.village_id for r in reports}
    supervisors = staff_by_village(villages, User.Role.SUPERVISOR)
    officers = staff_by_village(villages, User.Role.COUNTY_OFFICER)
    for report in reports:
        village = report.child.village_id
        params = {"report": str(report.uuid), "due": report.feedback_due_on.isoformat(),
                  "reported": report.reported_at.date().isoformat(), "body": report.receiving_body,
                  "days": (today - report.feedback_due_on).days}
        township = supervisors[village]
        filer = [report.filed_by] if _in_scope(report.filed_by, village) else []
        made = do_alert(filer + township, REPORT_FEEDBACK_OVERDUE, child=report.child,
                        params=params | {"level": "township"}, dedupe_key=f"report-overdue:{report.uuid}")
        counts["township"] += len(made)
        if report.feedback_due_on < late:
            made = do_alert(officers[village], REPORT_FEEDBACK_OVERDUE, child=report.child,
                            params=params | {"level": "county"}, dedupe_key=f"report-overdue-county:{report.uuid}")
            counts["county"] += len(made)
    counts["reports"] = len(reports)
    return dict(counts)

