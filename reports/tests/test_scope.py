"""Who can reach which report: outside the child's scope (or the receiving organisation), 404 on
every URL and method, and nothing written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import MandatoryReport, ReportDecision

from .conftest import file

TODAY = timezone.localdate().isoformat()
OUTSIDE = ["cwd_b", "cwd_c", "supervisor_t2", "other_county", "cwd_d", "partner"]
STEP_POSTS = {
    "report_receipt": {"receipt_number": "R-1"},
    "report_actioned": {"note": "x"},
    "report_decision": {"kind": "kinship_care", "decided_on": TODAY, "deciding_body": "民政局"},
    "report_feedback": {"feedback": "x", "received_on": TODAY},
    "report_close": {"note": "x"},
}


@pytest.fixture
def report(people, kids, police):
    return file(people["cwd_a"], kids["a"], police=police)


def urls(report) -> dict[str, str]:
    return {name: reverse(name, args=[report.uuid]) for name in ["report_detail", *STEP_POSTS]} | {
        "report_new": reverse("report_new", args=[report.child.uuid]),
        "reports_list_child": reverse("reports_list") + f"?child={report.child.uuid}",
    }


def assert_untouched(report):
    fresh = MandatoryReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.receipt_number) == ("filed", "")
    assert MandatoryReport.objects.count() == 1
    assert not ReportDecision.objects.exists()


@pytest.mark.parametrize("persona", OUTSIDE)
def test_outsiders_get_404_on_every_report_url(people, report, login, persona):
    client = login(people[persona])
    for name, url in urls(report).items():
        assert client.get(url).status_code == 404, (persona, name, "GET")
        assert client.post(url, STEP_POSTS.get(name, {"triggers": ["MISSING"], "facts": "x"})).status_code == 404, (
            persona,
            name,
            "POST",
        )
    assert_untouched(report)
    assert str(report.uuid) not in client.get(reverse("reports_list") + "?show=all").content.decode()


@pytest.mark.parametrize("persona", ["cwd_a", "supervisor", "county", "admin"])
def test_staff_in_scope_reach_every_url(people, report, login, persona):
    client = login(people[persona])
    for name, url in urls(report).items():
        assert client.get(url).status_code in (200, 302), (persona, name)
    assert str(report.uuid) in client.get(reverse("reports_list")).content.decode()


def test_receiving_body_staff_reach_their_report_but_not_the_child(people, report, officer, login):
    client = login(officer)
    assert client.get(reverse("report_detail", args=[report.uuid])).status_code == 200
    assert str(report.uuid) in client.get(reverse("reports_list")).content.decode()
    assert client.get(reverse("report_new", args=[report.child.uuid])).status_code == 404
    assert client.get(reverse("child_detail", args=[report.child.uuid])).status_code == 404
    assert client.post(reverse("report_close", args=[report.uuid]), {"note": "x"}).status_code == 404
    assert_untouched(report)


def test_a_report_to_another_body_is_missing_for_the_police(people, kids, officer, login):
    other = file(people["cwd_a"], kids["a"], channel="hotline_12355", receiving_body="12355")
    assert login(officer).get(reverse("report_detail", args=[other.uuid])).status_code == 404


def test_bad_uuid_is_404(people, login):
    assert login(people["county"]).get("/reports/not-a-uuid/").status_code == 404


def test_anonymous_is_sent_to_log_in(report, client):
    response = client.get(reverse("report_detail", args=[report.uuid]))
    assert response.status_code == 302
    assert "login" in response["Location"]
