"""The generated figures of counties without records (dashboards.simulate): plausible, consistent
the way counted ones are, rolled up exactly, labelled, and kept away from counties with records."""

from datetime import date

import pytest

from accounts.models import User
from dashboards import demo, simulate
from dashboards.board import SIMULATED, trend_days
from dashboards.models import Figure
from geo.models import Division

LATEST = date(2026, 12, 2)


@pytest.fixture
def country(geo):
    """Two more provinces with a county each besides the fixtures' 四川 (two counties)."""
    for code, name, level, parent in (
        ("41", "河南省", 1, None),
        ("4115", "信阳市", 2, "41"),
        ("411521", "罗山县", 3, "4115"),
        ("31", "上海市", 1, None),
        ("3101", "市辖区", 2, "31"),
        ("310101", "黄浦区", 3, "3101"),
    ):
        Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)
    return geo


def test_every_county_gets_consistent_figures_on_the_trend_days(country):
    done = simulate.simulate(LATEST, months=3, exclude={"511324"})
    assert done["counties"] == 3
    assert sorted(Figure.objects.filter(area="411521").values_list("day", flat=True).distinct()) == trend_days(
        LATEST, 3
    )
    assert not Figure.objects.filter(area="511324").exists()  # a county with records is left alone
    for county in ("411521", "511321", "310101"):
        f = dict(Figure.objects.filter(day=LATEST, area=county).values_list("indicator", "value"))
        assert f[SIMULATED] == 1
        assert 0 <= f["visits_on_time_30d"] <= f["visits_done_30d"]
        assert 0 <= f["visits_overdue"] <= f["visits_due"] <= f["files_open"]
        assert f["growth_severely_stunted"] <= f["growth_stunted"] <= f["growth_measured_365d"] <= f["files_open"]
        assert f["benefit_receiving"] <= f["benefit_applied"] <= f["benefit_eligible"]
        assert f["benefit_eligible_not_receiving"] == f["benefit_eligible"] - f["benefit_receiving"]
        assert f["files_red"] + f["files_yellow"] + f["files_blue"] + f["files_green"] == f["files_open"]
        for kind in ("reports", "referrals"):
            bands = [f[f"{kind}_days_{b}"] for b in ("0_3", "4_7", "8_15", "16_30", "31_plus")]
            assert sum(bands) == f[f"{kind}_answered_30d"] <= f[f"{kind}_opened_30d"]
            assert f[f"{kind}_answered_in_time_30d"] <= f[f"{kind}_answered_30d"]
    # A rural county of Henan holds far more left-behind children than a district of Shanghai.
    henan = Figure.objects.get(day=LATEST, area="411521", indicator="files_left_behind").value
    shanghai = Figure.objects.get(day=LATEST, area="310101", indicator="files_left_behind").value
    assert henan > 5 * shanghai
    assert 100 <= henan <= 40_000


def test_areas_above_the_county_are_the_sums_of_every_county_real_or_generated(country):
    Figure.objects.create(day=LATEST, area="511324", level=3, indicator="files_open", value=1234)
    simulate.simulate(LATEST, months=1, exclude={"511324"})
    for area in ("", "51", "5113", "41"):
        stored = Figure.objects.get(day=LATEST, area=area, indicator="files_open").value
        assert stored == simulate.total(LATEST, area, "files_open")
    assert Figure.objects.get(day=LATEST, area="5113", indicator=SIMULATED).value == 1  # 南部县, not 仪陇县
    assert Figure.objects.get(day=LATEST, area="", indicator=SIMULATED).value == 3


def test_the_same_seed_gives_the_same_figures_and_a_rerun_replaces_them(country):
    simulate.simulate(LATEST, months=1, seed=4)
    first = sorted(Figure.objects.values_list("day", "area", "indicator", "value"))
    simulate.simulate(LATEST, months=1, seed=4)
    assert sorted(Figure.objects.values_list("day", "area", "indicator", "value")) == first


def test_the_demo_adds_a_province_and_a_national_official(country, people):
    summary = demo.seed("511324", seed=1, today=LATEST)
    assert "3 simulated counties" in summary
    province = User.objects.get(username="province1")
    assert province.role == User.Role.OFFICIAL
    assert province.division_id == "51"
    assert User.objects.get(username="national1").division is None
    assert province.password == people["county"].password
