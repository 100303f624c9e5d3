"""A relayed report's original reporter is seen by the filer, the county and the receiving body only."""

import json

import pytest
from django.urls import reverse
from ninja.testing import TestClient

from accounts.models import User
from conftest import make_user
from reports.access import can_see_reporter
from reports.api import router

from .conftest import WITNESS, WITNESS_PHONE, file

SEE = ["cwd_a", "county", "officer"]
HIDDEN_IN_SCOPE = ["supervisor", "admin", "cwd_a2"]  # may open the report, not see who reported it
OUTSIDE = ["cwd_b", "cwd_c", "supervisor_t2", "other_county", "cwd_d", "partner"]  # may not open it


@pytest.fixture
def everyone(people, officer, geo):
    return people | {
        "officer": officer,
        "cwd_a2": make_user("cwd_a2", User.Role.CWD, geo["village_a"], full_name="张明"),
    }


def page(client, report) -> tuple[int, str]:
    response = client.get(reverse("report_detail", args=[report.uuid]))
    return response.status_code, response.content.decode()


def api(user, report):
    return TestClient(router).get(f"/{report.uuid}/", user=user)


@pytest.mark.parametrize("persona", SEE)
def test_who_may_see_the_reporter(everyone, relayed_report, login, persona):
    user = everyone[persona]
    status, html = page(login(user), relayed_report)
    assert status == 200
    assert WITNESS in html
    assert WITNESS_PHONE in html
    data = api(user, relayed_report).json()
    assert data["reporter"]["name"] == WITNESS
    assert data["reporter"]["phone"] == WITNESS_PHONE
    assert can_see_reporter(user, relayed_report)


@pytest.mark.parametrize("persona", HIDDEN_IN_SCOPE)
def test_reporter_hidden_from_others_in_scope(everyone, relayed_report, login, persona):
    user = everyone[persona]
    status, html = page(login(user), relayed_report)
    assert status == 200
    assert WITNESS not in html
    assert WITNESS_PHONE not in html
    assert "data-reporter-hidden" in html
    # The role would name the teacher in a village just as well.
    assert "data-reporter>" not in html
    response = api(user, relayed_report)
    assert response.status_code == 200
    data = response.json()
    assert data["reporter"] is None
    assert data["relayed"] is True
    assert WITNESS not in json.dumps(data, ensure_ascii=False)
    assert data["handoff_minutes"] == 120  # the hand-off itself is tracked for everyone
    assert not can_see_reporter(user, relayed_report)
    # Nor in the list.
    listing = login(user).get(reverse("reports_list")).content.decode()
    assert WITNESS not in listing


@pytest.mark.parametrize("persona", OUTSIDE)
def test_outsiders_see_nothing(everyone, relayed_report, login, persona):
    user = everyone[persona]
    status, html = page(login(user), relayed_report)
    assert status == 404
    assert WITNESS not in html
    assert api(user, relayed_report).status_code == 404
    assert WITNESS not in login(user).get(reverse("reports_list")).content.decode()


def test_another_filer_does_not_reveal_a_colleagues_witness(everyone, kids, police, login):
    """The CWD who holds the file sees the reporter only of reports she took herself."""
    report = file(everyone["supervisor"], kids["a"], police=police, relayed=True)
    assert can_see_reporter(everyone["supervisor"], report)
    assert not can_see_reporter(everyone["cwd_a"], report)
    assert WITNESS not in page(login(everyone["cwd_a"]), report)[1]


def test_partner_sees_only_name_age_and_village(everyone, relayed_report, login, kids):
    status, html = page(login(everyone["officer"]), relayed_report)
    assert status == 200
    child = kids["a"]
    assert child.name in html
    assert child.village.name in html
    for private in (child.id_number, "张奶奶", "张父", "金城镇中心小学"):
        assert private not in html
    assert reverse("child_detail", args=[child.uuid]) not in html
    data = api(everyone["officer"], relayed_report).json()
    assert data["child"] == {
        "uuid": None,
        "name": child.name,
        "age": data["child"]["age"],
        "village_name": child.village.name,
    }


def test_audit_rows_never_name_the_reporter(relayed_report):
    from audit.models import AuditEvent

    for event in AuditEvent.objects.all():
        assert WITNESS not in json.dumps(event.details, ensure_ascii=False)
