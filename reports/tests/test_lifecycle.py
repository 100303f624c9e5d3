"""A report's steps: filed → acknowledged → actioned → feedback received → closed, each with when and who."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reports.models import MandatoryReport, ReportDecision

from .conftest import file

S = MandatoryReport.Status
TODAY = timezone.localdate()


def steps(report) -> dict[str, int]:
    return {e.kind: e.by_id for e in report.events.all()}


def test_full_lifecycle_is_timestamped_with_who_acted(people, kids, police, officer, login):
    report = file(people["cwd_a"], kids["a"], police=police)
    url = lambda name: reverse(name, args=[report.uuid])  # noqa: E731
    police_client = login(officer)
    assert police_client.post(url("report_receipt"), {"receipt_number": "JC2024-0012"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.receipt_number) == (S.ACKNOWLEDGED, "JC2024-0012")

    assert (
        police_client.post(
            url("report_decision"),
            {
                "kind": "reprimand",
                "decided_on": TODAY.isoformat(),
                "deciding_body": "金城派出所",
                "note": "已训诫父亲",
            },
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == S.ACTIONED  # a decision means the body acted
    decision = ReportDecision.objects.get()
    assert (decision.kind, decision.recorded_by) == ("reprimand", officer)

    assert (
        police_client.post(
            url("report_feedback"), {"feedback": "已出警，父亲已被训诫", "received_on": TODAY.isoformat()}
        ).status_code
        == 302
    )
    # The receiving body may not close the report: that is the reporting side's call.
    assert police_client.post(url("report_close"), {"note": "x"}).status_code == 404

    client = login(people["cwd_a"])
    assert client.post(url("report_close"), {"note": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == S.CLOSED
    assert report.feedback == "已出警，父亲已被训诫"
    assert report.feedback_received_on == TODAY
    assert steps(report) == {
        "filed": people["cwd_a"].pk,
        "acknowledged": officer.pk,
        "decision": officer.pk,
        "actioned": officer.pk,
        "feedback_received": officer.pk,
        "closed": people["cwd_a"].pk,
    }
    assert all(e.at is not None for e in report.events.all())
    audit = AuditEvent.objects.filter(details__report=str(report.uuid)).order_by("id")
    assert [a.action for a in audit] == ["create", "update", "update", "update", "update"]
    # Closed: nobody records anything more.
    assert client.post(url("report_receipt"), {"receipt_number": "X"}).status_code == 404
    html = client.get(url("report_detail")).content.decode()
    for step in ("filed", "acknowledged", "actioned", "feedback_received", "closed"):
        assert f'data-step="{step}"' in html
    assert "JC2024-0012" in html
    assert "已训诫父亲" in html


def test_receipt_number_can_be_added_later(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    client = login(people["cwd_a"])
    client.post(reverse("report_receipt", args=[report.uuid]), {"receipt_number": ""})
    report.refresh_from_db()
    assert (report.status, report.receipt_number) == (S.ACKNOWLEDGED, "")
    client.post(reverse("report_actioned", args=[report.uuid]), {"note": "已出警"})
    client.post(reverse("report_receipt", args=[report.uuid]), {"receipt_number": "110-778"})
    report.refresh_from_db()
    assert (report.status, report.receipt_number) == (S.ACTIONED, "110-778")  # the status does not go back
    assert [e.kind for e in report.events.all()] == ["filed", "acknowledged", "actioned", "receipt"]


def test_steps_cannot_be_repeated(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    client = login(people["supervisor"])
    client.post(reverse("report_feedback", args=[report.uuid]), {"feedback": "ok", "received_on": TODAY})
    response = client.post(reverse("report_actioned", args=[report.uuid]), {"note": ""}, follow=True)
    report.refresh_from_db()
    assert report.status == S.FEEDBACK_RECEIVED
    assert report.events.filter(kind="actioned").count() == 0
    assert response.status_code == 200


def test_closing_without_feedback_needs_a_reason(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    client = login(people["cwd_a"])
    response = client.post(reverse("report_close", args=[report.uuid]), {"note": ""})
    assert response.status_code == 200
    assert 'class="fielderror"' in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.FILED
    client.post(reverse("report_close", args=[report.uuid]), {"note": "孩子已随父母外出，派出所电话无人接"})
    report.refresh_from_db()
    assert report.status == S.CLOSED


def test_feedback_dates_are_checked(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    client = login(people["cwd_a"])
    for bad in (TODAY + timedelta(days=1), TODAY - timedelta(days=30)):
        response = client.post(
            reverse("report_feedback", args=[report.uuid]), {"feedback": "结果", "received_on": bad.isoformat()}
        )
        assert response.status_code == 200
        assert "结果" in response.content.decode()  # kept
    report.refresh_from_db()
    assert report.status == S.FILED


def test_get_on_a_step_url_goes_back_to_the_report(people, kids, login):
    report = file(people["cwd_a"], kids["a"])
    response = login(people["cwd_a"]).get(reverse("report_close", args=[report.uuid]))
    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.uuid])
