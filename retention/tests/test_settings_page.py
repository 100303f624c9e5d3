"""The county's retention page: only the county's officers reach it; changes are versioned and audited."""

import pytest

from audit.models import AuditEvent
from retention.audit_actions import POLICY
from retention.models import RetentionPolicy

URL = "/retention/"


@pytest.mark.parametrize("who", ["cwd_a", "supervisor", "partner", "admin"])
def test_only_county_officers_reach_the_page(people, login, who):
    client = login(people[who])
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"minimise_after_years": 1, "lock_version": 0}).status_code == 404
    assert not RetentionPolicy.objects.exists()


def test_the_page_shows_the_default_and_saves_the_county_period(people, login, geo):
    client = login(people["county"])
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="minimise_after_years" value="3"' in page.content.decode()

    response = client.post(URL, {"minimise_after_years": 5, "note": "县档案馆规定", "lock_version": 0})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(division=geo["county"])
    assert (policy.minimise_after_years, policy.note, policy.updated_by) == (5, "县档案馆规定", people["county"])
    event = AuditEvent.objects.get(action=POLICY)
    assert event.actor == people["county"]
    assert event.details == {"county": "511324", "minimise_after_years": [3, 5]}

    client.post(URL, {"minimise_after_years": 4, "note": "县档案馆规定", "lock_version": policy.lock_version})
    assert RetentionPolicy.objects.get(division=geo["county"]).minimise_after_years == 4
    assert AuditEvent.objects.filter(action=POLICY).count() == 2


def test_the_other_county_sets_its_own_period(people, login, geo):
    login(people["other_county"]).post(URL, {"minimise_after_years": 7, "lock_version": 0})
    assert list(RetentionPolicy.objects.values_list("division_id", "minimise_after_years")) == [("511321", 7)]


@pytest.mark.parametrize("years", [0, -1, 31, ""])
def test_a_period_out_of_range_is_refused(people, login, years):
    page = login(people["county"]).post(URL, {"minimise_after_years": years, "lock_version": 0})
    assert page.status_code == 200
    assert "fielderror" in page.content.decode()
    assert not RetentionPolicy.objects.exists()


def test_a_stale_form_shows_the_conflict_instead_of_overwriting(people, login, geo):
    client = login(people["county"])
    client.post(URL, {"minimise_after_years": 5, "lock_version": 0})
    # A second form opened on the defaults, before the first save.
    page = client.post(URL, {"minimise_after_years": 10, "lock_version": 0})
    assert page.status_code == 409
    assert RetentionPolicy.objects.get(division=geo["county"]).minimise_after_years == 5


def test_the_county_officer_finds_the_page_in_the_menu(people, login):
    page = login(people["county"]).get(URL)
    assert f'href="{URL}"' in page.content.decode()
    assert f'href="{URL}"' not in login(people["supervisor"]).get("/children/").content.decode()
