"""Overdue feedback escalates: filer and township supervisor first, then the county; re-runs do not repeat."""

from datetime import timedelta

from django.utils import timezone

from alerts.kinds import alert_text
from alerts.models import Alert
from reports.alert_kinds import REPORT_FEEDBACK_OVERDUE
from reports.models import MandatoryReport
from reports.services import escalate_overdue

from .conftest import WITNESS, file

K = REPORT_FEEDBACK_OVERDUE


def alerted(kind=K) -> set[str]:
    return set(Alert.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_nothing_before_the_due_date(people, kids):
    report = file(people["cwd_a"], kids["a"])
    assert escalate_overdue(report.feedback_due_on) == {}
    assert not Alert.objects.filter(kind=K).exists()


def test_overdue_alerts_filer_and_supervisor_then_county(people, kids, settings):
    settings.SHOUHU_REPORT_ESCALATE_DAYS = 7
    report = file(people["cwd_a"], kids["a"], relayed=True)
    due = report.feedback_due_on
    counts = escalate_overdue(due + timedelta(days=1))
    assert alerted() == {"cwd_a", "sup1"}
    assert counts["township"] == 2
    assert counts.get("county", 0) == 0
    alert = Alert.objects.filter(kind=K, recipient=people["supervisor"]).get()
    assert alert.child == kids["a"]
    assert alert.params["report"] == str(report.uuid)
    text = alert_text(alert)
    assert kids["a"].name in text
    assert WITNESS not in text

    # Re-run the same night and the next: no repeats.
    escalate_overdue(due + timedelta(days=1))
    escalate_overdue(due + timedelta(days=2))
    assert Alert.objects.filter(kind=K).count() == 2

    # More than 7 days late: the county officers of the child's county, once.
    escalate_overdue(due + timedelta(days=8))
    escalate_overdue(due + timedelta(days=9))
    assert alerted() == {"cwd_a", "sup1", "county"}
    assert Alert.objects.filter(kind=K).count() == 3
    county_alert = Alert.objects.get(kind=K, recipient=people["county"])
    assert county_alert.params["level"] == "county"
    assert county_alert.params["days"] == 8


def test_feedback_stops_escalation(people, kids):
    report = file(people["cwd_a"], kids["a"])
    report.status = MandatoryReport.Status.FEEDBACK_RECEIVED
    report.save(update_fields=["status"])
    assert escalate_overdue(report.feedback_due_on + timedelta(days=30)) == {}
    assert not Alert.objects.filter(kind=K).exists()


def test_only_the_childs_township_and_county(people, kids):
    report = file(people["cwd_c"], kids["c"])  # township 2
    escalate_overdue(report.feedback_due_on + timedelta(days=30))
    assert alerted() == {"cwd_c", "sup2", "county"}


def test_a_filer_who_lost_the_child_from_scope_is_not_alerted(people, kids):
    report = file(people["cwd_a"], kids["a"])
    cwd = people["cwd_a"]
    cwd.division = people["cwd_b"].division  # moved to village B
    cwd.save(update_fields=["division"])
    escalate_overdue(report.feedback_due_on + timedelta(days=1))
    assert alerted() == {"sup1"}


def test_overdue_is_flagged_in_the_list(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    MandatoryReport.objects.filter(pk=report.pk).update(feedback_due_on=timezone.localdate() - timedelta(days=3))
    client = login(people["supervisor"])
    html = client.get("/reports/?show=overdue").content.decode()
    assert str(report.uuid) in html
    assert "data-overdue" in html
    fresh = file(people["cwd_a"], kids["a"])
    html = client.get("/reports/?show=overdue").content.decode()
    assert str(fresh.uuid) not in html
