"""Caseloads per CWD, the county's norm and its warning, and the dashboard figures."""

from datetime import timedelta

import pytest

from alerts.models import Alert
from conftest import make_child
from core import indicators
from followup.services import recompute_all
from workforce import actions, caseload, queries, services
from workforce.indicators import workforce_figures
from workforce.models import CaseloadNorm, CaseloadSnapshot, Worker


def test_estimated_hours_use_explicit_defaults():
    # 10 visits × (60 + 30) minutes + 40 files × 15 minutes = 1,500 minutes.
    assert caseload.estimate_hours(40, 10) == 25.0
    assert (
        caseload.estimate_hours(40, 10, minutes_per_visit=30, travel_minutes_per_visit=0, file_minutes_per_month=0)
        == 5.0
    )


@pytest.mark.django_db
def test_a_caseload_counts_the_villages_served(people, workers, geo, kids, today, login):
    make_child(geo["village_a"], "李四")
    actions.do_assign_village(people["county"], workers["cwd_a"], geo["village_b"], kind="main", starts_on=today)
    recompute_all()
    load = queries.caseloads([workers["cwd_a"]], today)[0]
    assert load.villages == [geo["village_a"].code, geo["village_b"].code]
    assert load.files == 3
    assert load.visits_due == 3  # never visited: due now
    assert load.hours == caseload.estimate_hours(3, 3)
    assert not load.over_norm
    page = login(people["county"]).get("/workforce/caseloads/").content.decode()
    assert f'data-caseload="{workers["cwd_a"].uuid}"' in page


@pytest.mark.django_db
def test_the_county_is_warned_once_a_month_of_a_caseload_above_its_norm(people, workers, geo, kids, today, login):
    make_child(geo["village_a"], "李四")
    recompute_all()
    client = login(people["county"])
    assert client.post("/workforce/caseloads/", {"max_files": 1, "max_hours": 40}).status_code == 302
    services.nightly(today)
    services.nightly(today)
    warned = Alert.objects.filter(kind="caseload_over_norm")
    assert [a.recipient for a in warned] == [people["county"]]
    assert warned.get().params["name"] == "李红"
    assert CaseloadSnapshot.objects.get(worker=workers["cwd_a"]).files == 2
    assert 'data-over-norm="1"' in client.get("/workforce/caseloads/").content.decode()
    # A supervisor cannot set the norm.
    assert (
        login(people["supervisor"]).post("/workforce/caseloads/", {"max_files": 500, "max_hours": 400}).status_code
        == 200
    )
    assert CaseloadNorm.objects.get().max_files == 1


@pytest.mark.django_db
def test_workforce_figures_for_the_dashboards(people, workers, geo, kids, today):
    codes = {i.code for i in indicators.indicators()}
    assert {"cwds_active", "cwds_vacant_villages", "cwds_over_norm", "cwds_left_365d"} <= codes
    # cwd_b leaves through a handover to the supervisor: village B has no CWD, one left this year.
    h = actions.do_start_handover(people["county"], workers["cwd_b"], handover_on=today)
    actions.do_complete_handover(people["county"], h)
    figures = workforce_figures(today, "511324")
    a, b, c = geo["village_a"].code, geo["village_b"].code, geo["village_c"].code
    assert figures[a]["cwds_active"] == 1
    assert figures[a]["cwds_vacant_villages"] == 0
    assert figures[b]["cwds_active"] == 0
    assert figures[b]["cwds_vacant_villages"] == 1
    assert figures[b]["cwds_left_365d"] == 1
    assert figures[c]["cwds_vacant_villages"] == 0
    assert geo["village_d"].code not in figures
    # The day before, village B still had its CWD.
    assert workforce_figures(today - timedelta(days=1), "511324")[b]["cwds_active"] == 1
    assert Worker.objects.get(pk=workers["cwd_b"].pk).left_on == today
