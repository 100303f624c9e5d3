"""The allowance figures of the county officer and the supervisor: within scope, amounts only for
the county, every list paged with its total, each table as a formula-safe audited .xlsx."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from benefits import actions, figures
from benefits.models import Application, Step
from children import choices as c
from conftest import make_child

from .conftest import DEAD, PRISON, TODAY, approved

URL = reverse("benefit_dashboard")
THIS_MONTH = TODAY.replace(day=1)


def _dfu(village, name):
    return make_child(village, name, father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,))


@pytest.fixture
def county_data(people, geo, standards):
    """Two allowances in village A (one paid this month), one in township 2's village C, and an
    application waiting for the township since 12 days."""
    a1 = approved(_dfu(geo["village_a"], "=CMD|1"), people, start=THIS_MONTH).approved_benefit
    approved(_dfu(geo["village_a"], "甲二"), people, start=THIS_MONTH)
    c1 = _dfu(geo["village_c"], "丙一")
    app = actions.do_create_application(people["cwd_c"], c1, category="de_facto_unsupported")
    actions.do_submit(people["cwd_c"], app, posting_from=TODAY - timedelta(days=20))
    Step.objects.filter(application=app).update(at=timezone.now() - timedelta(days=12))
    roll = actions.do_build_roll(people["county"], THIS_MONTH)
    actions.do_issue_roll(people["county"], roll)
    actions.do_record_payments(people["county"], roll, outcome="paid")
    return {"a1": a1, "app": app}


def test_county_sees_townships_then_villages(people, geo, county_data, login):
    client = login(people["county"])
    r = client.get(URL)
    assert r.status_code == 200
    rows = {row.code: row.total for row in r.context["areas_page"]}
    assert rows == {geo["t1"].pk: 2}
    assert r.context["areas_total"] == 2
    # Drill down: the township's villages.
    r = client.get(URL, {"area": geo["t1"].pk})
    assert {row.code: row.total for row in r.context["areas_page"]} == {geo["village_a"].pk: 2}
    # An area out of reach is never answered: the user's own is shown instead.
    r = client.get(URL, {"area": geo["other_county"].pk})
    assert r.context["area"] == geo["county"].pk


def test_waiting_applications_by_step_oldest_first(people, county_data, login):
    r = login(people["county"]).get(URL)
    steps = {s.status: s for s in r.context["steps"]}
    assert steps[Application.Status.POSTING].count == 1
    assert steps[Application.Status.POSTING].max_days == 12
    assert steps[Application.Status.POSTING].median_days == 12
    assert [a.uuid for a in r.context["waiting_page"]] == [county_data["app"].uuid]
    assert r.context["waiting_page"][0].days == 12


def test_spending_amounts_for_the_county_counts_for_the_supervisor(people, county_data, login):
    r = login(people["county"]).get(URL)
    this = r.context["spending"][-1]
    assert this.month == THIS_MONTH
    assert this.total == Decimal("3186.80")
    assert len(r.context["spending"]) == 12
    sup = login(people["supervisor"]).get(URL)
    assert sup.status_code == 200
    assert sup.context["spending"][-1].total == 2  # children paid, no money
    assert b"3186.80" not in sup.content
    assert b"1593.40" not in sup.content


def test_supervisor_sees_only_their_township(people, geo, county_data, login):
    r = login(people["supervisor_t2"]).get(URL)
    assert r.context["areas_total"] == 0
    assert [a.uuid for a in r.context["waiting_page"]] == [county_data["app"].uuid]
    r = login(people["supervisor"]).get(URL)
    assert {row.code for row in r.context["areas_page"]} == {geo["village_a"].pk}
    assert list(r.context["waiting_page"]) == []


@pytest.mark.parametrize("who", ["cwd_a", "partner", "other_county"])
def test_others_do_not_see_this_county(people, county_data, login, who):
    r = login(people[who]).get(URL)
    if who == "other_county":
        assert r.status_code == 200
        assert r.context["areas_total"] == 0
        assert list(r.context["waiting_page"]) == []
        assert r.context["spending"][-1].total == 0
    else:
        assert r.status_code == 404
        assert login(people[who]).get(reverse("benefit_dashboard_xlsx", args=["areas"])).status_code == 404


@pytest.mark.parametrize("table", ["areas", "waiting", "spending"])
def test_exports_are_formula_safe_and_audited(people, county_data, login, table):
    r = login(people["county"]).get(reverse("benefit_dashboard_xlsx", args=[table]))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [cell for row in ws.iter_rows(values_only=True) for cell in row if cell is not None]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert AuditEvent.objects.filter(action="ben_export", child=None, details__table=table).exists()
    if table == "waiting":
        assert "丙一" in cells
        assert AuditEvent.objects.filter(action="ben_export", child__name="丙一").exists()


def test_dashboard_queries_are_bounded(people, geo, county_data, login, django_assert_max_num_queries):
    client = login(people["county"])
    client.get(URL)
    for i in range(5):
        approved(_dfu(geo["village_a"], f"乙{i}"), people, start=THIS_MONTH)
    with django_assert_max_num_queries(20):
        client.get(URL)


def test_area_for_refuses_above_the_user(people, geo):
    assert figures.area_for(people["supervisor"], geo["county"].pk) == geo["t1"].pk
    assert figures.area_for(people["county"], geo["t1"].pk) == geo["t1"].pk
    assert figures.area_for(people["supervisor"], geo["village_a"].pk) == geo["t1"].pk  # nothing below a village
    assert figures.area_for(people["supervisor"], "abc") == geo["t1"].pk
