"""The assumptions page: a county officer changes their county's, an administrator the defaults;
saves are versioned (a stale form shows the conflict page) and audited."""

import pytest

from audit.models import AuditEvent
from planning.audit_actions import ASSUMPTIONS
from planning.defaults import DEFAULTS
from planning.estimates import assumptions_for
from planning.models import FIELDS, PlanningAssumptions

URL = "/planning/assumptions/511324/"
DEFAULTS_URL = "/planning/assumptions/default/"


def _post(version=0, note="", **changes) -> dict:
    data = {name: getattr(DEFAULTS, name) for name, *_ in FIELDS}
    return data | {"note": note, "lock_version": version} | changes


def test_the_county_officer_saves_the_county_assumptions(people, login, geo):
    client = login(people["county"])
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="cwd_hours" value="20"' in text
    assert 'name="travel_511324100201"' in text
    assert "红岩村" not in text
    assert "13.8" in text  # where the villages-per-supervisor default comes from

    response = client.post(URL, _post(cwd_hours=16, note="县民政局测算", travel_511324101201=240))
    assert response.status_code == 302
    assert response["Location"] == "/planning/511324/"
    row = PlanningAssumptions.objects.get(area="511324")
    assert (row.cwd_hours, row.travel_overrides, row.note) == (16, {"511324101201": 240}, "县民政局测算")
    a = assumptions_for("511324")
    assert (a.cwd_hours, a.travel_for("511324101201"), a.travel_for("511324100201")) == (16, 240, 60)
    assert assumptions_for("511321") == DEFAULTS  # the other county keeps the defaults
    event = AuditEvent.objects.get(action=ASSUMPTIONS)
    assert event.actor == people["county"]
    assert event.details["changed"]["cwd_hours"] == [20, 16]

    client.post(URL, _post(version=row.lock_version, cwd_hours=18, travel_511324101201=240))
    assert PlanningAssumptions.objects.get(area="511324").cwd_hours == 18
    assert AuditEvent.objects.filter(action=ASSUMPTIONS).count() == 2


def test_a_stale_save_shows_the_conflict_page(people, login):
    client = login(people["county"])
    client.post(URL, _post(cwd_hours=16))
    # A second form, opened before the first save, sets the same number otherwise.
    page = client.post(URL, _post(cwd_hours=24))
    assert page.status_code == 409
    assert PlanningAssumptions.objects.get(area="511324").cwd_hours == 16


def test_a_stale_save_of_other_numbers_is_merged(people, login):
    client = login(people["county"])
    client.get(URL)
    first = client.get(URL).context["form"]["lock_base"].value()
    client.post(URL, _post(cwd_hours=16, lock_base=first))
    response = client.post(URL, _post(target_percent=95, lock_base=first))
    assert response.status_code == 302
    row = PlanningAssumptions.objects.get(area="511324")
    assert (row.cwd_hours, row.target_percent) == (16, 95)


@pytest.mark.parametrize("value", [0, -1, 745, ""])
def test_a_number_out_of_range_is_refused(people, login, value):
    page = login(people["county"]).post(URL, _post(cwd_hours=value))
    assert page.status_code == 200
    assert "fielderror" in page.content.decode()
    assert not PlanningAssumptions.objects.exists()


@pytest.mark.parametrize("who", ["cwd_a", "supervisor", "other_county", "partner"])
def test_only_the_county_and_the_administrator_change_the_county_assumptions(people, login, who):
    client = login(people[who])
    assert client.get(URL).status_code == 404
    assert client.post(URL, _post(cwd_hours=1)).status_code == 404
    assert client.get(DEFAULTS_URL).status_code == 404
    assert not PlanningAssumptions.objects.exists()


def test_the_administrator_sets_the_defaults_for_counties_without_their_own(people, login):
    login(people["county"]).post(URL, _post(cwd_hours=16))
    response = login(people["admin"]).post(DEFAULTS_URL, _post(cwd_hours=25))
    assert response.status_code == 302
    assert assumptions_for("511321").cwd_hours == 25
    assert assumptions_for("511324").cwd_hours == 16
    assert login(people["county"]).get(DEFAULTS_URL).status_code == 404


def test_an_official_cannot_change_assumptions(login, official):
    client = login(official)
    assert client.get(URL).status_code == 404
    assert client.get(DEFAULTS_URL).status_code == 404
